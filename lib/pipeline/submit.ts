/**
 * The upload use case (issue #5 item 2): one COS event record → at most one engine job. Order
 * matters: cheap refusals first (folder markers, our own outputs, wrong type, bad metadata, limits),
 * then the job id and the create-if-absent claim, and only the claim's winner submits. Bad input
 * ends in a status with an actionable message and no job; transient faults are thrown so SCF retries.
 */
import type { EffectiveProfile } from '../config/effective-profile.js';
import { effectiveProfile } from '../config/effective-profile.js';
import { MetadataOverrideError } from '../config/metadata-override-error.js';
import { type FileEngineName, isInlineEngine } from '../engines/engine-names.js';
import { type EngineSubmission, UnsupportedForEngineError } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';
import { refusedInputStatus, statusOfJob } from '../jobs/input-status.js';
import { type JobProfile, toJobProfile } from '../jobs/job-records.js';
import type { JobView } from '../jobs/job-view.js';
import { extensionOf } from '../tencent/cos/object-key.js';
import { TencentApiError } from '../tencent/errors.js';
import type { ObjectHead } from '../tencent/object-storage.js';
import { type AudioFormat, fitModelToAudio, wavFormat } from './audio-format.js';
import { issueCallbackUrl } from './callback-token.js';
import { isClaimFree } from './claim-lease.js';
import { releaseClaim } from './claim-release.js';
import { objectsOfEvent } from './cos-event.js';
import { engineJobOf } from './engine-job.js';
import { failJob, finishWithResult } from './finish-job.js';
import { chooseEngine, limitRefusal, type Refusal, typeRefusal, wavDurationMs } from './input-rules.js';
import { uploadVersionOf } from './input-version.js';
import { jobIdFor, successorJobId } from './job-id.js';
import { LIVE_SUFFIX, startLive } from './live/start-live.js';
import { stopLive } from './live/stop-live.js';
import { isPipelineOutput, outputKeyRefusal } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { isSupersededJob, republish } from './publish-outputs.js';

/** What became of one object. */
export interface ObjectOutcome {
  /** The key as found in COS (the first candidate when none was found). */
  readonly key: string;
  readonly outcome:
    | 'submitted'
    | 'done'
    | 'failed'
    | 'skipped'
    /** Another invocation holds or finished this job. */
    | 'duplicate'
    /** Not ours to process: folder marker, pipeline output, outside the input prefix or bucket. */
    | 'ignored'
    /** Deleted before we looked. */
    | 'gone';
  readonly jobId?: string;
  readonly code?: string;
}

/** Handles an SCF COS event: every record in order; the first transient fault is thrown. */
export async function handleUploadEvent(deps: PipelineDeps, event: unknown): Promise<ObjectOutcome[]> {
  const outcomes: ObjectOutcome[] = [];
  for (const object of objectsOfEvent(event)) {
    outcomes.push(
      object.eventName.startsWith('cos:ObjectRemove')
        ? await removedObject(deps, object.bucket, object.keyCandidates)
        : await submitObject(deps, object.bucket, object.keyCandidates, 'upload'),
    );
  }
  return outcomes;
}

/** A deleted object: a live request's deletion stops its stream; any other deletion changes nothing. */
async function removedObject(
  deps: PipelineDeps,
  bucket: string,
  keyCandidates: readonly string[],
): Promise<ObjectOutcome> {
  const { input } = deps.config;
  const key = keyCandidates.find((k) => k.startsWith(input.prefix) && k.endsWith(LIVE_SUFFIX));
  if (bucket !== input.bucket || key === undefined) {
    return ignored(deps.logger, keyCandidates[0] ?? '', 'a deletion of something not a live request');
  }
  return stopLive(deps, bucket, key, 'upload');
}

/** Validates, claims and submits one object (also the reconciler's path for lost triggers). */
export async function submitObject(
  deps: PipelineDeps,
  bucket: string,
  keyCandidates: readonly string[],
  by: string,
): Promise<ObjectOutcome> {
  const { config } = deps;
  const first = keyCandidates[0] ?? '';
  const log = deps.logger.child({ inputKey: first });
  if (bucket !== config.input.bucket) return ignored(log, first, 'not the input bucket');
  if (keyCandidates.every((k) => k.endsWith('/'))) return ignored(log, first, 'folder marker');

  let key = first;
  let head: ObjectHead | undefined;
  for (const candidate of keyCandidates) {
    head = await log.time('object.head', () => deps.storage.head({ bucket, key: candidate }));
    if (head) {
      key = candidate;
      break;
    }
  }
  if (!head) {
    log.step('object.gone', {}, 'warn');
    return { key, outcome: 'gone' };
  }
  const keyLog = deps.logger.child({ inputKey: key });
  if (!key.startsWith(config.input.prefix)) return ignored(keyLog, key, 'outside the input prefix');
  if (isPipelineOutput(head.metadata)) return ignored(keyLog, key, 'pipeline output');
  if (key.endsWith(LIVE_SUFFIX)) return startLive(deps, { bucket, key, head }, by);

  const refuse = (refusal: Refusal) => refuseInput(deps, { bucket, key, head }, refusal);
  const typeProblem = typeRefusal(key, head.contentType);
  if (typeProblem) return refuse(typeProblem);

  let asked: EffectiveProfile;
  try {
    asked = effectiveProfile(config, key, head.metadata);
  } catch (error) {
    if (!(error instanceof MetadataOverrideError)) throw error;
    return refuse({ state: 'failed', code: 'BadMetadata', message: error.message });
  }
  const keyProblem = outputKeyRefusal(config, key, asked.formats);
  if (keyProblem) return refuse(keyProblem);
  const wav = await probeWav(deps, bucket, key, head);
  const facts = { key, size: head.size, durationMs: wav?.durationMs };
  const engine = chooseEngine(asked.engine, facts);
  const limitProblem = limitRefusal(engine, facts);
  if (limitProblem) return refuse(limitProblem);
  // The model is fitted to the audio before the job id is made: the id names what is recognised.
  const fitted = fitModelToAudio(engine, asked, wav?.format);
  const profile: EffectiveProfile = { ...asked, model: fitted.model };

  const input = { bucket, key, etag: head.etag, size: head.size, version: uploadVersionOf(head) };
  // A job superseded by a newer upload never runs again; when its upload comes back (the same
  // content and settings once more) it is transcribed as the job's successor.
  for (let jobId = jobIdFor({ bucket, key, etag: head.etag, profile }); ; jobId = successorJobId(jobId)) {
    const claim = await keyLog.time(
      'job.claim',
      () => deps.ledger.claim(jobId, { input, profile, engine, by, note: fitted.note }),
      { jobId },
    );
    if (claim === 'claimed') {
      const view = freshView(jobId, input, toJobProfile(profile), engine, deps.now(), fitted.note);
      return runSubmission(deps, view, engine, by);
    }
    const view = await deps.ledger.read(jobId);
    if (view && isSupersededJob(view)) continue;
    const takeOver = view?.state === 'claimed' && (await isClaimFree(deps, view));
    if (!takeOver || !view) {
      keyLog.step('job.duplicate', { jobId, state: view?.state });
      if (view?.state === 'done' && (await republish(deps, view))) {
        await deps.ledger.writeStatus(statusOfJob(view), { current: true });
        keyLog.step('job.republished', { jobId });
      }
      return { key, outcome: 'duplicate', jobId };
    }
    // The claim's holder failed before submitting (this is SCF's retry, or a later duplicate).
    keyLog.step('job.resubmit', { jobId, claimedAgoMs: deps.now() - view.claimedAt });
    return runSubmission(deps, view, engine, by);
  }
}

/**
 * Submits a claimed job and records it. Used by the upload path and by the reconciler for claims
 * never submitted. Only the first `submitted` record counts; a loser's engine task is cancelled
 * where the engine allows (CI) and otherwise left to finish unused (its callback is refused).
 */
export async function runSubmission(
  deps: PipelineDeps,
  view: JobView,
  engine: FileEngineName,
  by: string,
): Promise<ObjectOutcome> {
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  const key = view.input.key;
  if (isInlineEngine(engine)) {
    // Recognised inline, which takes a while: show the input as claimed meanwhile.
    await deps.ledger.writeStatus(statusOfJob(view));
  }
  const callback = issueCallbackUrl(deps.config, view.jobId, deps.now());
  let submission: EngineSubmission;
  try {
    submission = await log.time(
      'engine.submit',
      () => fileEngines[engine].submit(deps, engineJobOf(view, callback)),
      { engine },
    );
  } catch (error) {
    return settleFailedSubmit(deps, view, error, engineRefusal(engine, error), by);
  }
  const submittedAt = deps.now();
  const recorded = await deps.ledger.record(
    view.jobId,
    'submitted',
    {
      engine,
      taskId: submission.taskId,
      ...(submission.kind === 'async' ? { callbackExpiresAt: submission.callbackExpiresAt } : {}),
    },
    by,
  );
  if (recorded.outcome === 'lost') {
    log.step(
      'job.submitted.lost',
      { engine, taskId: submission.taskId, winner: recorded.current?.submission?.taskId },
      'warn',
    );
    // Nobody will read the loser's task: cancelled where the engine can (CI), else left to finish.
    await fileEngines[engine].cancel?.(deps, submission.taskId).catch(() => undefined);
    return { key, outcome: 'duplicate', jobId: view.jobId };
  }
  const submitted: JobView = {
    ...view,
    state: 'submitted',
    submission: {
      engine,
      taskId: submission.taskId,
      callbackExpiresAt: submission.kind === 'async' ? submission.callbackExpiresAt : undefined,
      at: submittedAt,
    },
  };
  await deps.ledger.writeStatus(statusOfJob(submitted));
  log.step('job.submitted', { engine, taskId: submission.taskId });
  if (submission.kind === 'async') return { key, outcome: 'submitted', jobId: view.jobId };
  const finished = await finishWithResult(deps, submitted, submission, by);
  return { key, outcome: finished === 'already-final' ? 'duplicate' : finished, jobId: view.jobId };
}

/**
 * A submission that threw. An engine refusal no retry can change fails the job with its reason;
 * anything else releases the claim (so SCF's retry may take it over at once) and is thrown again.
 */
export async function settleFailedSubmit(
  deps: PipelineDeps,
  view: JobView,
  error: unknown,
  refusal: { code: string; message: string } | undefined,
  by: string,
): Promise<ObjectOutcome> {
  if (!refusal) {
    await releaseClaim(deps, view.jobId, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const outcome = await failJob(deps, view, refusal, by);
  return {
    key: view.input.key,
    outcome: outcome === 'failed' ? 'failed' : 'duplicate',
    jobId: view.jobId,
    code: refusal.code,
  };
}

/** Engine answers that mean the input is bad (no retry can help): the job fails with the reason. */
function engineRefusal(
  engine: FileEngineName,
  error: unknown,
): { code: string; message: string } | undefined {
  if (error instanceof UnsupportedForEngineError)
    return { code: 'UnsupportedForEngine', message: error.message };
  if (
    error instanceof TencentApiError &&
    !error.retryable &&
    error.httpStatus !== 401 &&
    error.httpStatus !== 403 &&
    !/^AuthFailure/.test(error.code)
  ) {
    return {
      code: 'EngineRefused',
      message: `${engine} refused the file: ${error.code}: ${error.message} (request ${error.requestId}); fix the file or its settings and upload again`,
    };
  }
  return undefined;
}

async function probeWav(
  deps: PipelineDeps,
  bucket: string,
  key: string,
  head: ObjectHead,
): Promise<{ durationMs: number | undefined; format: AudioFormat | undefined } | undefined> {
  // Only small WAVs are read: their length decides between the short-clip API and ASR, and their
  // header says whether the model fits (audio-format.ts).
  if (extensionOf(key) !== 'wav' || head.size === 0 || head.size > fileEngines.sentence.limits.maxBytes)
    return undefined;
  const object = await deps.storage.get({ bucket, key });
  return object && { durationMs: wavDurationMs(object.body), format: wavFormat(object.body) };
}

/** Writes the status of an input refused before any job (bad type, settings or limits). */
export async function refuseInput(
  deps: PipelineDeps,
  input: { bucket: string; key: string; head: ObjectHead },
  refusal: Refusal,
): Promise<ObjectOutcome> {
  await deps.ledger.writeStatus(
    refusedInputStatus({
      bucket: input.bucket,
      key: input.key,
      etag: input.head.etag,
      size: input.head.size,
      state: refusal.state,
      error: { code: refusal.code, message: refusal.message },
      at: deps.now(),
    }),
  );
  deps.logger
    .child({ inputKey: input.key })
    .step('input.refused', { state: refusal.state, code: refusal.code, message: refusal.message }, 'warn');
  return { key: input.key, outcome: refusal.state, code: refusal.code };
}

function ignored(log: PipelineDeps['logger'], key: string, reason: string): ObjectOutcome {
  log.step('input.ignored', { reason });
  return { key, outcome: 'ignored' };
}

/** The view of a job just claimed (what `ledger.read` would fold from the one claim record). */
export function freshView(
  jobId: string,
  input: JobView['input'],
  profile: JobProfile,
  engine: FileEngineName | undefined,
  claimedAt: number,
  note: string | undefined,
): JobView {
  return {
    jobId,
    state: 'claimed',
    input,
    profile,
    engine,
    claimedAt,
    submission: undefined,
    finishedAt: undefined,
    outputs: [],
    audioDurationMs: undefined,
    error: undefined,
    note,
  };
}
