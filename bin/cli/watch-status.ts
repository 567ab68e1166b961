/**
 * Waits for one upload to end by reading its status object (lib/jobs: the ledger's readable summary,
 * brought up to date from the ledger by `readStatus`), or, given the job's id, the job's own records.
 * Only a status about this very upload counts: the status of an earlier upload of the same key
 * carries another ETag or job id and is ignored.
 */
import { type InputStatus, statusOfJob } from '../../lib/jobs/input-status.js';
import { isFinal } from '../../lib/jobs/job-state.js';
import { successorJobId } from '../../lib/pipeline/job-id.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';
import { isSupersededJob } from '../../lib/pipeline/publish-outputs.js';

/** How the wait ended. */
export type WatchOutcome =
  | { readonly ended: true; readonly status: InputStatus }
  | { readonly ended: false; readonly last: InputStatus | undefined };

/** The upload being waited for. */
export interface WatchedUpload {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  /** Only this job's status counts (the job this upload makes, or a replay's new job). */
  readonly jobId?: string;
  /** The upload's version (lib/pipeline/input-version.ts): also accepts its job made under other settings. */
  readonly uploadVersion?: string;
  /** When COS stored the upload (ms): a job superseded before it is followed to its successor. */
  readonly uploadedAt?: number;
}

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
  input: WatchedUpload,
  options: WatchOptions,
): Promise<WatchOutcome> {
  const now = options.now ?? Date.now;
  let last: InputStatus | undefined;
  let seen = '';
  for (;;) {
    const status = await readOwnStatus(deps, input);
    if (status) {
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

/**
 * The status of this upload's job. With a job id, the job itself is read from the ledger: the input's
 * status object names the input's latest job, which is another one when the same key was uploaded
 * again meanwhile, or when this upload matches a job finished long ago (same content and settings).
 * Until the job is claimed, only a refusal of this content before any job was made (status without a
 * job id) can be about it.
 */
async function readOwnStatus(
  deps: Pick<PipelineDeps, 'ledger'>,
  input: WatchedUpload,
): Promise<InputStatus | undefined> {
  if (input.jobId !== undefined) {
    let view = await deps.ledger.read(input.jobId);
    // Superseded before this upload, by another: this upload is the same content and settings once
    // more, which the upload function transcribes as the job's successor (lib/pipeline/submit.ts).
    while (view && isSupersededJob(view) && (view.finishedAt ?? 0) < (input.uploadedAt ?? 0)) {
      view = await deps.ledger.read(successorJobId(view.jobId));
    }
    if (view) return statusOfJob(view);
  }
  const status = await deps.ledger.readStatus(input.bucket, input.key);
  if (!status || status.input.etag !== input.etag) return undefined;
  if (input.jobId === undefined || status.jobId === null) return status;
  if (input.uploadVersion === undefined) return undefined;
  // Another job of this very upload (content and settings metadata): the functions' configuration
  // differs from the one the id was computed with (--cloud with another environment).
  const view = await deps.ledger.read(status.jobId);
  return view?.input.version === input.uploadVersion ? statusOfJob(view) : undefined;
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
