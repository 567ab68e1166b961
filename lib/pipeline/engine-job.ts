/** The job as an engine is given it, from the ledger's view of it. */
import type { EngineJob } from '../engines/file-engine.js';
import type { JobView } from '../jobs/job-view.js';

/**
 * `view` as its engine needs it; `callback` is the signed URL an asynchronous engine calls (none when
 * a result is only fetched again).
 */
export function engineJobOf(
  view: JobView,
  callback: { readonly url: string; readonly expiresAtMs: number } = { url: '', expiresAtMs: 0 },
): EngineJob {
  return {
    jobId: view.jobId,
    bucket: view.input.bucket,
    key: view.input.key,
    profile: view.profile,
    callbackUrl: callback.url,
    callbackExpiresAt: callback.expiresAtMs,
  };
}
