/**
 * Starting a live job from a `*.live.json` object (issue 15 item 1): the same rules as a file.
 * The object version is the job (bucket, key, ETag and Last-Modified, so uploading the same request
 * again starts the stream again), the create-if-absent claim stops duplicates, and only the claim's
 * winner creates the task. Every refusal (unreadable request, the 20-stream cap, a URL the service
 * refuses) is a failed status that says what to do; transient faults are thrown for SCF to retry.
 */
import { createHash } from 'node:crypto';
import { MAX_CONCURRENT_STREAMS } from '../../engines/live/live-limits.js';
import {
  createTaskRequest,
  type LiveSettings,
  LiveSettingsError,
  readLiveSettings,
} from '../../engines/live/live-settings.js';
import type { JobView } from '../../jobs/job-view.js';
import { TencentApiError } from '../../tencent/errors.js';
import type { ObjectHead } from '../../tencent/object-storage.js';
import { isClaimFree } from '../claim-lease.js';
import type { ObjectOutcome } from '../object-outcome.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { refuseInput } from '../refuse-input.js';
import { settleFailedSubmit } from '../run-submission.js';
import { issueLiveCallback } from './live-callback-url.js';
import { liveJobOf, liveJobSettings } from './live-job.js';
import { publishLive } from './publish-live.js';

/** The key suffix that makes an object a live request. */
export const LIVE_SUFFIX = '.live.json';

/** A live request object is small; anything bigger is not one. */
const MAX_REQUEST_BYTES = 64 * 1024;

/** Reads, claims and starts the live job of one object version. */
export async function startLive(
  deps: PipelineDeps,
  object: { readonly bucket: string; readonly key: string; readonly head: ObjectHead },
  by: string,
): Promise<ObjectOutcome> {
  const { bucket, key, head } = object;
  const log = deps.logger.child({ inputKey: key });
  if (head.size > MAX_REQUEST_BYTES) {
    return refuseInput(deps, object, {
      state: 'failed',
      code: 'BadLiveRequest',
      message: `a .live.json request holds ${head.size} bytes; write only {"url": ...} and its options (at most 64 KiB)`,
    });
  }
  const stored = await deps.storage.get({ bucket, key });
  if (!stored || stored.etag !== head.etag) {
    log.step('object.gone', {}, 'warn');
    return { key, outcome: 'gone' };
  }
  let settings: LiveSettings;
  try {
    settings = readLiveSettings(stored.body, deps.config.defaults);
  } catch (error) {
    if (!(error instanceof LiveSettingsError)) throw error;
    return refuseInput(deps, object, { state: 'failed', code: 'BadLiveRequest', message: error.message });
  }
  const jobId = liveJobId(bucket, key, head);
  const input = { bucket, key, etag: head.etag, size: head.size };
  const profile = liveJobSettings(settings);
  const claim = await log.time('job.claim', () => deps.ledger.claim(jobId, { input, profile, by }), {
    jobId,
  });
  if (claim.outcome === 'claimed') return submitLive(deps, claim.view, settings, by);
  const view = await deps.ledger.read(jobId);
  if (view?.state !== 'claimed' || !(await isClaimFree(deps, view))) {
    log.step('job.duplicate', { jobId, state: view?.state });
    return { key, outcome: 'duplicate', jobId };
  }
  return submitLive(deps, view, settings, by);
}

/** The job id of one object version: 32 hex characters like every job id. */
export function liveJobId(
  bucket: string,
  key: string,
  head: Pick<ObjectHead, 'etag' | 'lastModified'>,
): string {
  const identity = JSON.stringify([
    'live-v1',
    bucket,
    key,
    head.etag.replace(/^"|"$/g, ''),
    head.lastModified.getTime(),
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/**
 * Creates the task of a claimed job and records it; also the reconciler's path for a claim whose
 * submitter died. A task created by a loser of the `submitted` race is closed at once.
 */
export async function submitLive(
  deps: PipelineDeps,
  view: JobView,
  settings: LiveSettings,
  by: string,
): Promise<ObjectOutcome> {
  const key = view.input.key;
  const log = deps.logger.child({ jobId: view.jobId, inputKey: key });
  const callback = issueLiveCallback(deps.config, view.jobId, deps.now());
  let taskId: string;
  try {
    taskId = await log.time(
      'engine.submit',
      () =>
        deps.live.createTask(
          createTaskRequest(settings, { url: callback.url, signToken: callback.signToken }),
        ),
      { engine: 'live' },
    );
  } catch (error) {
    return settleFailedSubmit(deps, view, error, liveRefusal(error), by);
  }
  const submission = { engine: 'live' as const, taskId, callbackExpiresAt: callback.expiresAtMs };
  const recorded = await deps.ledger.record(view, 'submitted', submission, by);
  if (recorded.outcome === 'lost') {
    log.step('job.submitted.lost', { taskId }, 'warn');
    await deps.live.closeTask(taskId).catch(() => undefined);
    return { key, outcome: 'duplicate', jobId: view.jobId };
  }
  const job = liveJobOf(deps.config, recorded.view);
  // An empty playlist and a status at once, so a player or a person can open them before the first words.
  if (job) await publishLive(deps, job, { added: new Map(), mode: 'rolling' });
  log.step('job.submitted', { engine: 'live', taskId });
  return { key, outcome: 'submitted', jobId: view.jobId };
}

/** Answers of the service that no retry can change: the job fails with what to do. */
function liveRefusal(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof TencentApiError) || error.retryable || /^AuthFailure/.test(error.code))
    return undefined;
  if (/^(LimitExceeded|FailedOperation\.(ConcurrencyLimit|StreamLimit))/.test(error.code)) {
    return {
      code: 'LiveStreamLimit',
      message: `${MAX_CONCURRENT_STREAMS} live streams are already being recognised (the account's limit): delete the .live.json of one that is done, or ask Tencent to raise the limit, then upload this request again (${error.code}, request ${error.requestId})`,
    };
  }
  return {
    code: 'EngineRefused',
    message: `live recognition refused the stream: ${error.code}: ${error.message} (request ${error.requestId}); fix the request and upload it again`,
  };
}
