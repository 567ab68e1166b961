/**
 * A claim whose submitter failed transiently says so, so SCF's retry can take it over at once
 * instead of waiting out the claim lease (claim-lease.ts). The marker sits in the job's ledger folder under a name
 * the ledger ignores (not a record slot), and is plain overwrite: it only ever means "no submitter
 * is at work". If writing it fails too (COS down), the age rule and the reconciler remain.
 */
import { jobFolder } from '../jobs/ledger-keys.js';
import type { PipelineDeps } from './pipeline-deps.js';

function markerKey(deps: PipelineDeps, jobId: string): string {
  return `${jobFolder(deps.config.ledger.prefix, jobId)}released.json`;
}

/** Marks the claim as free to take over; never throws (the caller is already failing). */
export async function releaseClaim(deps: PipelineDeps, jobId: string, reason: string): Promise<void> {
  await deps.storage
    .put(
      { bucket: deps.config.ledger.bucket, key: markerKey(deps, jobId) },
      {
        body: `${JSON.stringify({ jobId, at: deps.now(), reason: deps.logger.redact(reason) })}\n`,
        contentType: 'application/json; charset=utf-8',
      },
    )
    .catch(() => undefined);
}

/** True when the claim's submitter gave up (see releaseClaim). */
export async function isReleased(deps: PipelineDeps, jobId: string): Promise<boolean> {
  return (
    (await deps.storage.head({ bucket: deps.config.ledger.bucket, key: markerKey(deps, jobId) })) !==
    undefined
  );
}
