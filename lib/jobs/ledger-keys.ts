/**
 * Where ledger objects live, in one place. Job records: `<ledgerPrefix>jobs/<jobId>/<slot>-<name>.json`
 * with slots `00-claimed`, `01-submitted`, `02-final` (the final slot holds done, failed or skipped,
 * see job-state.ts). Status objects: `<ledgerPrefix>status/<h>.json` where h is derived from the
 * input bucket and key. Output sets: `<ledgerPrefix>outputs/<h>/<uploadVersion>.json`.
 */
import { createHash } from 'node:crypto';
import type { JobState } from './job-state.js';
import { slotOf } from './job-state.js';

const slotNames = ['00-claimed', '01-submitted', '02-final'] as const;

/** The folder holding every job's records. */
export function jobsFolder(ledgerPrefix: string): string {
  return `${ledgerPrefix}jobs/`;
}

/** The folder of one job. */
export function jobFolder(ledgerPrefix: string, jobId: string): string {
  return `${jobsFolder(ledgerPrefix)}${jobId}/`;
}

/** The record key a state is written to. */
export function recordKey(ledgerPrefix: string, jobId: string, state: JobState): string {
  return `${jobFolder(ledgerPrefix, jobId)}${slotNames[slotOf(state)]}.json`;
}

/** Parses a record key back to its job id and slot, or undefined for anything else in the folder. */
export function parseRecordKey(
  ledgerPrefix: string,
  key: string,
): { jobId: string; slot: 0 | 1 | 2 } | undefined {
  const folder = jobsFolder(ledgerPrefix);
  if (!key.startsWith(folder)) return undefined;
  const match = /^([0-9a-f]{32})\/(00-claimed|01-submitted|02-final)\.json$/.exec(key.slice(folder.length));
  if (!match?.[1] || !match[2]) return undefined;
  return { jobId: match[1], slot: slotNames.indexOf(match[2] as (typeof slotNames)[number]) as 0 | 1 | 2 };
}

/** The folder of all status objects. */
export function statusFolder(ledgerPrefix: string): string {
  return `${ledgerPrefix}status/`;
}

/**
 * The status object for an input. A hash rather than the key itself: input keys may hold `..`,
 * `%`, `+`, spaces or 850 bytes of unicode, and HTTP clients normalise `/../` in paths; a fixed
 * hex name is safe everywhere, and `cos-transcribe status <key>` derives it the same way.
 */
export function statusKey(ledgerPrefix: string, inputBucket: string, inputKey: string): string {
  return `${statusFolder(ledgerPrefix)}${inputHash(inputBucket, inputKey)}.json`;
}

/**
 * The output set of one upload of an input (lib/pipeline/publish-outputs.ts): every output's bytes,
 * kept so that whoever finds a newer upload's outputs overwritten can write them back.
 */
export function outputSetKey(
  ledgerPrefix: string,
  inputBucket: string,
  inputKey: string,
  uploadVersion: string,
): string {
  return `${ledgerPrefix}outputs/${inputHash(inputBucket, inputKey)}/${uploadVersion}.json`;
}

function inputHash(inputBucket: string, inputKey: string): string {
  return createHash('sha256').update(`${inputBucket}\n${inputKey}`).digest('hex').slice(0, 40);
}
