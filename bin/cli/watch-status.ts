/**
 * Waits for one upload to end by reading its status object (lib/jobs: the ledger's readable summary,
 * brought up to date from the ledger by `readStatus`). Only a status about this very upload counts:
 * the status of an earlier upload of the same key carries another ETag and is ignored.
 */
import type { InputStatus } from '../../lib/jobs/input-status.js';
import { isFinal } from '../../lib/jobs/job-state.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';

/** How the wait ended. */
export type WatchOutcome =
  | { readonly ended: true; readonly status: InputStatus }
  | { readonly ended: false; readonly last: InputStatus | undefined };

/** Options of {@link watchStatus}. */
export interface WatchOptions {
  readonly deadline: number;
  readonly pollMs: number;
  /** Called with each new status of this upload (state or task changed). */
  readonly onStatus?: (status: InputStatus) => void;
  /** Aborts the wait early (Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** Polls until the status of (`bucket`, `key`) at `etag` (and `jobId`) is final, or the deadline passes. */
export async function watchStatus(
  deps: Pick<PipelineDeps, 'ledger'>,
  input: {
    readonly bucket: string;
    readonly key: string;
    readonly etag: string;
    /** Only this job's status counts (a replay's new job, not the one it replaces). */
    readonly jobId?: string;
  },
  options: WatchOptions,
): Promise<WatchOutcome> {
  const now = options.now ?? Date.now;
  let last: InputStatus | undefined;
  let seen = '';
  for (;;) {
    const status = await deps.ledger.readStatus(input.bucket, input.key);
    if (
      status &&
      status.input.etag === input.etag &&
      (input.jobId === undefined || status.jobId === input.jobId)
    ) {
      last = status;
      const fingerprint = `${status.jobId}|${status.state}|${status.taskId}`;
      if (fingerprint !== seen) {
        seen = fingerprint;
        options.onStatus?.(status);
      }
      if (isFinal(status.state)) return { ended: true, status };
    }
    if (now() >= options.deadline || options.signal?.aborted) return { ended: false, last };
    await sleep(Math.min(options.pollMs, Math.max(0, options.deadline - now())), options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
