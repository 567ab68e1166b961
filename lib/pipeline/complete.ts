/**
 * The callback use case (issue #5 item 3) and the pull that backs it. A callback only tells us which
 * task to look at: the token in its URL must be genuine, current and for this job, the task must be
 * the one the ledger recorded, and the result is then pulled from the engine (DescribeTaskStatus or
 * the CI job query). Refusals are 4xx and write nothing; a second delivery finds the job final and
 * changes nothing; transient faults are 5xx so the engine calls again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallbackClaim } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';
import type { JobView } from '../jobs/job-view.js';
import { TranscriptNotReadyError } from '../transcript/parse-error.js';
import { readCallbackBody } from './callback-body.js';
import { acceptedSecrets, verifyCallbackToken } from './callback-token.js';
import { engineJobOf } from './engine-job.js';
import { type FinishOutcome, failJob, finishWithResult } from './finish-job.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** A callback as the function received it, before anything is read from its body. */
export interface CallbackRequest {
  /** The HTTP method; engines POST. */
  readonly method: string;
  /** Query parameters (SCF gives a repeated key as an array, a bare key as `true`). */
  readonly query: Readonly<Record<string, unknown>>;
  /** The body as the platform event carries it: text, or base64 when `isBase64Encoded`. */
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/** The answer: HTTP status and the JSON body ASR and CI expect. */
export interface CallbackAnswer {
  readonly statusCode: number;
  readonly body: { readonly code: number; readonly message: string };
}

/**
 * The largest callback body read (1 MiB). Only a caller holding a genuine token gets this far, and
 * parsing is what costs (a 6 MB body of 780k XML elements took 4.9 s of CPU): a bigger body is
 * answered 413 unread. An engine's notice for a recording of more than about 1.5 h with word times can
 * exceed it; such a job is then finished by the reconciler's poll, which never needs the body.
 */
export const maxCallbackBodyBytes = 1024 * 1024;

const success: CallbackAnswer = { statusCode: 200, body: { code: 0, message: 'success' } };
const refuse = (statusCode: number, message: string): CallbackAnswer => ({
  statusCode,
  body: { code: statusCode, message },
});

/**
 * Handles one engine callback. Authentication comes first and reads only the query: a forged,
 * expired or malformed token costs one HMAC per accepted secret, whatever the body holds. Then the
 * body's size is checked from its length alone, and only then is it parsed.
 */
export async function handleCallback(deps: PipelineDeps, request: CallbackRequest): Promise<CallbackAnswer> {
  if (request.method.toUpperCase() !== 'POST') {
    return logged(deps, refuse(405, `callbacks are POSTed, not sent with ${request.method.slice(0, 16)}`));
  }
  const verdict = verifyCallbackToken(request.query, {
    secrets: acceptedSecrets(deps.config),
    nowMs: deps.now(),
  });
  if (!verdict.ok) {
    const status = verdict.reason === 'malformed' ? 400 : 403;
    return logged(deps, refuse(status, `callback token refused: ${verdict.reason}`));
  }
  const size = encodedBodyBytes(request);
  if (size > maxCallbackBodyBytes) {
    return logged(
      deps,
      refuse(
        413,
        `the callback body is ${size} bytes, over the ${maxCallbackBodyBytes}-byte limit; it is not read (the reconciler polls the job instead)`,
      ),
      { jobId: verdict.jobId },
    );
  }
  const body = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  const claim = readCallbackBody(body);
  if (!claim) return logged(deps, refuse(400, 'not an ASR or CI callback body'), { jobId: verdict.jobId });
  if (claim.jobId !== undefined && claim.jobId !== verdict.jobId) {
    // CI names our job in UserData: a genuine token of one job with another job's notice.
    return logged(
      deps,
      refuse(403, 'callback token refused: wrong-job (it is for another job than the body names)'),
      {
        jobId: verdict.jobId,
        taskId: claim.taskId,
      },
    );
  }
  const log = deps.logger.child({ jobId: verdict.jobId });
  const view = await readSubmitted(deps, verdict.jobId);
  if (!view) return logged(deps, refuse(404, 'unknown job'), { jobId: verdict.jobId });
  const ended = view.state === 'done' || view.state === 'failed' || view.state === 'skipped';
  if ((view.submission || ended) && !isRecordedTask(view, claim)) {
    // Also the loser of a submit race: its task carries our job id but was never recorded. Checked
    // before a finished job is acknowledged, so another task's notice never hears "success" (nor any
    // notice for a job that ended before it was submitted).
    return logged(deps, refuse(409, 'task id does not match the job'), {
      jobId: view.jobId,
      taskId: claim.taskId,
    });
  }
  if (ended) {
    log.step('callback.repeat', { state: view.state, inputKey: view.input.key });
    return success;
  }
  if (!view.submission) {
    // Only a task whose id we know can be checked; the engine calls again, the reconciler backs it up.
    return logged(deps, refuse(503, 'the submission is not recorded yet; call again'), {
      jobId: view.jobId,
      taskId: claim.taskId,
    });
  }
  const outcome = await log.time('callback.complete', () => pullAndFinish(deps, view, 'callback'), {
    inputKey: view.input.key,
    taskId: claim.taskId,
  });
  // The engine says the task is still running: ask it to call again (ASR and CI retry non-2xx).
  if (outcome === 'not-ready') return refuse(503, 'the task has no result yet');
  return success;
}

function isRecordedTask(view: JobView, claim: CallbackClaim): boolean {
  return view.submission?.engine === claim.engine && view.submission.taskId === claim.taskId;
}

/** The body's size in bytes, from its length alone (base64 is measured as the bytes it decodes to). */
/** The body's size in bytes, from its length alone (nothing decoded). */
export function encodedBodyBytes(request: CallbackRequest): number {
  return request.isBase64Encoded
    ? Math.floor((request.body.length * 3) / 4)
    : Buffer.byteLength(request.body);
}

/** How long a callback waits for its job's submission record, and how often it looks. */
export const submissionWait = { totalMs: 3_000, everyMs: 250 } as const;

/**
 * Reads the job, waiting up to `submissionWait.totalMs` while it is only claimed. A short clip can
 * finish on the engine before the upload function, holding the new task id, has written it down;
 * without the wait such a callback could only be refused and left to the engine's single retry or
 * the reconciler (hundreds were, in a 500-upload burst).
 */
export async function readSubmitted(deps: PipelineDeps, jobId: string): Promise<JobView | undefined> {
  const giveUpAt = deps.now() + submissionWait.totalMs;
  for (;;) {
    const view = await deps.ledger.read(jobId);
    if (view?.state !== 'claimed' || deps.now() >= giveUpAt) return view;
    await sleep(submissionWait.everyMs);
  }
}

/**
 * Queries the engine for a submitted job and finishes it when the task has ended. Shared by the
 * callback and the reconciler, so a lost callback ends exactly as a delivered one would.
 */
export async function pullAndFinish(
  deps: PipelineDeps,
  view: JobView,
  by: string,
): Promise<FinishOutcome | 'not-ready'> {
  const submission = view.submission;
  if (!submission) throw new Error(`job ${view.jobId} has no submission to query`);
  if (submission.engine === 'live') {
    throw new Error(`job ${view.jobId} is a live stream: lib/pipeline/live ends it, not the file path`);
  }
  const result = await fileEngines[submission.engine].query(deps, engineJobOf(view), submission.taskId);
  if (result === 'lost') {
    const engine = submission.engine.toUpperCase();
    const message = `${engine} no longer knows job ${submission.taskId}; upload the file again`;
    return failJob(deps, view, { code: 'EngineLostTask', message }, by);
  }
  try {
    return await finishWithResult(deps, view, result, by);
  } catch (error) {
    if (error instanceof TranscriptNotReadyError) return 'not-ready';
    throw error;
  }
}

function logged(
  deps: PipelineDeps,
  answer: CallbackAnswer,
  fields: Record<string, unknown> = {},
): CallbackAnswer {
  deps.logger.step(
    'callback.refused',
    { ...fields, statusCode: answer.statusCode, reason: answer.body.message },
    'warn',
  );
  return answer;
}
