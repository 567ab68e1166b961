/**
 * Every race the ledger decides rests on `x-cos-forbid-overwrite`, which COS ignores on a bucket
 * whose versioning was ever enabled (suspended included): there every claim would win.
 */
import { ConfigError } from '../config/config-error.js';

/** The refusal of a ledger bucket with versioning `status` ('Enabled' or 'Suspended'), with the fix. */
export function versionedBucketError(bucket: string, status: string): ConfigError {
  return new ConfigError([
    {
      variable: 'LEDGER_BUCKET',
      message: `bucket ${bucket} has versioning ${status === 'Enabled' ? 'enabled' : 'suspended (it was enabled)'}, and COS then ignores x-cos-forbid-overwrite, so duplicate uploads would each claim and submit the job; point LEDGER_BUCKET at a bucket that never had versioning (it can only be suspended, never turned off)`,
    },
  ]);
}
