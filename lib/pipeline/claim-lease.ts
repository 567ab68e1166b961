/**
 * Who may submit a claimed job. The claimer holds a lease on it; a second invocation (a duplicate
 * event, SCF's retry, the reconciler) takes the claim over only once the lease has run out or the
 * claimer released it (claim-release.ts). Taking over while the claimer may still submit makes two
 * engine tasks for one job, two bills, and an ASR task cannot be cancelled (issue 12 item 5: a
 * throttled submit retries for up to a minute, and a 30 s takeover let a duplicate in halfway).
 */
import type { JobView } from '../jobs/job-view.js';
import { submitDeadlineMs } from '../tencent/submit-retry.js';
import { isReleased } from './claim-release.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * Time the upload function spends around its submit: HEAD, the claim, CI queue discovery and the
 * ledger writes before the first attempt, plus the one attempt that may start just before the
 * deadline and run its own timeout (CI's 10 s; API 3.0 attempts are cut at the deadline). The upload
 * function's timeout in serverless.yml is exactly `submitDeadlineMs + submitOverheadMs`: SCF ends
 * the invocation then, whatever it was doing (a test holds the two together).
 */
export const submitOverheadMs = 30_000;

/** Clocks of two SCF containers may disagree a little; the claim's time is the claimer's clock. */
const clockSkewMs = 10_000;

/**
 * The claim lease: past the upload function's timeout (so the claimer is certainly gone), plus clock
 * skew. Derived from the submit deadline, so a longer deadline lengthens the lease with it.
 */
export const claimLeaseMs = submitDeadlineMs + submitOverheadMs + clockSkewMs;

/** True when `view` (a claimed job) may be submitted by someone other than its claimer. */
export async function isClaimFree(deps: PipelineDeps, view: JobView): Promise<boolean> {
  return deps.now() - view.claimedAt >= deps.claimLeaseMs || (await isReleased(deps, view.jobId));
}
