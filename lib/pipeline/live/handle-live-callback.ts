/**
 * A live callback (issue 15 item 2). Authenticated before anything is parsed: the URL token must be
 * genuine and current, and the `CheckSum` header must be the SHA-256 of AppID, the job's SignToken
 * and the raw body. Only then is the body read, the task matched against the ledger, each utterance
 * stored create-if-absent, and the rolling outputs rebuilt from the stored set. A repeat adds
 * nothing and, when the outputs already show it, writes nothing.
 */
import { checkSumMatches } from '../../engines/live/check-sum.js';
import { readLiveCallback, signedPart } from '../../engines/live/live-callback-body.js';
import { acceptedSecrets, verifyCallbackToken } from '../callback-token.js';
import {
  type CallbackAnswer,
  type CallbackRequest,
  encodedBodyBytes,
  maxCallbackBodyBytes,
  readSubmitted,
} from '../complete.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { liveJobOf } from './live-job.js';
import { publishLive } from './publish-live.js';
import { storeUtterances } from './utterance-store.js';

/** A live callback as the function received it: a callback, and its headers (names lower-case). */
export interface LiveCallbackRequest extends CallbackRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
}

const success: CallbackAnswer = { statusCode: 200, body: { code: 0, message: 'success' } };

/** Handles one live callback. */
export async function handleLiveCallback(
  deps: PipelineDeps,
  request: LiveCallbackRequest,
): Promise<CallbackAnswer> {
  if (request.method.toUpperCase() !== 'POST') return refused(deps, 405, 'callbacks are POSTed');
  const verdict = verifyCallbackToken(request.query, {
    secrets: acceptedSecrets(deps.config),
    nowMs: deps.now(),
  });
  if (!verdict.ok) {
    return refused(
      deps,
      verdict.reason === 'malformed' ? 400 : 403,
      `callback token refused: ${verdict.reason}`,
    );
  }
  // One utterance of at most 15 s is a few kB; a body past the file callbacks' cap is not read.
  if (encodedBodyBytes(request) > maxCallbackBodyBytes) {
    return refused(
      deps,
      413,
      `the callback body is over the ${maxCallbackBodyBytes}-byte limit; it is not read`,
    );
  }
  const body = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  const { signed, checkSum } = signedPart(body, request.headers.checksum);
  const signedBy = { appId: deps.config.appId, jobId: verdict.jobId, rawBody: signed };
  if (!checkSumMatches(checkSum, signedBy, acceptedSecrets(deps.config))) {
    return refused(deps, 403, 'CheckSum does not match the body', { jobId: verdict.jobId });
  }
  const callback = readLiveCallback(signed);
  if (!callback) return refused(deps, 400, 'not a live recognition callback body', { jobId: verdict.jobId });
  const view = await readSubmitted(deps, verdict.jobId);
  const job = view && liveJobOf(deps.config, view);
  if (!view || !job) return refused(deps, 404, 'unknown live job', { jobId: verdict.jobId });
  if (!view.submission)
    return refused(deps, 503, 'the task is not recorded yet; call again', { jobId: view.jobId });
  if (view.submission.taskId !== callback.taskId) {
    return refused(deps, 409, 'task id does not match the job', {
      jobId: view.jobId,
      taskId: callback.taskId,
    });
  }
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  const added = await storeUtterances(deps.storage, job.places, callback.utterances);
  const ended = view.state !== 'submitted';
  if (ended && added.size > 0) {
    // Late words after the end: kept, and the archive rendered again to include them.
    log.step('live.callback.after-end', { utterances: added.size }, 'warn');
    await publishLive(deps, job, { added, mode: 'final' });
  } else if (!ended) {
    const published = await log.time('live.publish', () =>
      publishLive(deps, job, { added, mode: 'rolling', onlyChanged: added.size === 0 }),
    );
    log.step('live.callback', {
      added: added.size,
      repeated: callback.utterances.length - added.size,
      writes: published.writes,
    });
  }
  return success;
}

function refused(
  deps: PipelineDeps,
  statusCode: number,
  message: string,
  fields: Record<string, unknown> = {},
): CallbackAnswer {
  deps.logger.step('callback.refused', { ...fields, live: true, statusCode, reason: message }, 'warn');
  return { statusCode, body: { code: statusCode, message } };
}
