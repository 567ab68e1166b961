/**
 * The upload use case (issue #5 item 2): one COS event record → at most one engine job. Order
 * matters: cheap refusals first (folder markers, our own outputs, wrong type, bad metadata, limits),
 * then the job id and the create-if-absent claim, and only the claim's winner submits. Bad input
 * ends in a status with an actionable message and no job; transient faults are thrown so SCF retries.
 */
import type { EffectiveProfile } from '../config/effective-profile.js';
import { effectiveProfile } from '../config/effective-profile.js';
import { MetadataOverrideError } from '../config/metadata-override-error.js';
import type { FileEngineName } from '../engines/engine-names.js';
import { fileEngines } from '../engines/file-engines.js';
import { statusOfJob } from '../jobs/input-status.js';
import type { JobInput } from '../jobs/job-records.js';
import { extensionOf } from '../tencent/cos/object-key.js';
import type { ObjectHead } from '../tencent/object-storage.js';
import { type AudioFormat, fitModelToAudio, wavFormat } from './audio-format.js';
import { isClaimFree } from './claim-lease.js';
import { objectsOfEvent } from './cos-event.js';
import { chooseEngine, limitRefusal, type Refusal, typeRefusal, wavDurationMs } from './input-rules.js';
import { uploadVersionOf } from './input-version.js';
import { jobIdFor, successorJobId } from './job-id.js';
import { LIVE_SUFFIX, startLive } from './live/start-live.js';
import { stopLive } from './live/stop-live.js';
import type { ObjectOutcome } from './object-outcome.js';
import { isPipelineOutput, outputKeyRefusal } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { isSupersededJob, republish } from './publish-outputs.js';
import { refuseInput } from './refuse-input.js';
import { runSubmission } from './run-submission.js';

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
  const found = await findObject(deps, bucket, keyCandidates);
  if (!found) {
    log.step('object.gone', {}, 'warn');
    return { key: first, outcome: 'gone' };
  }
  const { key, head } = found;
  const keyLog = deps.logger.child({ inputKey: key });
  if (!key.startsWith(config.input.prefix)) return ignored(keyLog, key, 'outside the input prefix');
  if (isPipelineOutput(head.metadata)) return ignored(keyLog, key, 'pipeline output');
  if (key.endsWith(LIVE_SUFFIX)) return startLive(deps, { bucket, key, head }, by);
  const admitted = await admitUpload(deps, bucket, key, head);
  if ('refusal' in admitted) return refuseInput(deps, { bucket, key, head }, admitted.refusal);
  return claimAndSubmit(deps, admitted, by);
}

/** The first of the candidate keys COS has (an event may name a key in more than one encoding). */
async function findObject(
  deps: PipelineDeps,
  bucket: string,
  keyCandidates: readonly string[],
): Promise<{ key: string; head: ObjectHead } | undefined> {
  const log = deps.logger.child({ inputKey: keyCandidates[0] ?? '' });
  for (const key of keyCandidates) {
    const head = await log.time('object.head', () => deps.storage.head({ bucket, key }));
    if (head) return { key, head };
  }
  return undefined;
}

/** An upload the pipeline takes: what it is, the settings and engine it gets, the remark on its audio. */
interface AdmittedUpload {
  readonly input: JobInput;
  readonly profile: EffectiveProfile;
  readonly engine: FileEngineName;
  readonly note: string | undefined;
}

/** Checks an upload's type, settings, output keys and limits; routes it and fits the model to it. */
async function admitUpload(
  deps: PipelineDeps,
  bucket: string,
  key: string,
  head: ObjectHead,
): Promise<AdmittedUpload | { readonly refusal: Refusal }> {
  const typeProblem = typeRefusal(key, head.contentType);
  if (typeProblem) return { refusal: typeProblem };
  let asked: EffectiveProfile;
  try {
    asked = effectiveProfile(deps.config, key, head.metadata);
  } catch (error) {
    if (!(error instanceof MetadataOverrideError)) throw error;
    return { refusal: { state: 'failed', code: 'BadMetadata', message: error.message } };
  }
  const keyProblem = outputKeyRefusal(deps.config, key, asked.formats);
  if (keyProblem) return { refusal: keyProblem };
  const wav = await probeWav(deps, bucket, key, head);
  const facts = { key, size: head.size, durationMs: wav?.durationMs };
  const engine = chooseEngine(asked.engine, facts);
  const limitProblem = limitRefusal(engine, facts);
  if (limitProblem) return { refusal: limitProblem };
  // The model is fitted to the audio before the job id is made: the id names what is recognised.
  const fitted = fitModelToAudio(engine, asked, wav?.format);
  return {
    input: { bucket, key, etag: head.etag, size: head.size, version: uploadVersionOf(head) },
    profile: { ...asked, model: fitted.model },
    engine,
    note: fitted.note,
  };
}

/**
 * Claims the upload's job and, when this call wins the claim (or takes over one whose holder died
 * before submitting), submits it. A job superseded by a newer upload never runs again; when its
 * upload comes back (the same content and settings once more) it is transcribed as its successor.
 */
async function claimAndSubmit(
  deps: PipelineDeps,
  upload: AdmittedUpload,
  by: string,
): Promise<ObjectOutcome> {
  const { input, profile, engine, note } = upload;
  const log = deps.logger.child({ inputKey: input.key });
  const firstId = jobIdFor({ bucket: input.bucket, key: input.key, etag: input.etag, profile });
  for (let jobId = firstId; ; jobId = successorJobId(jobId)) {
    const claim = await log.time(
      'job.claim',
      () => deps.ledger.claim(jobId, { input, profile, engine, by, note }),
      { jobId },
    );
    if (claim.outcome === 'claimed') return runSubmission(deps, claim.view, engine, by);
    const view = await deps.ledger.read(jobId);
    if (view && isSupersededJob(view)) continue;
    const takeOver = view?.state === 'claimed' && (await isClaimFree(deps, view));
    if (!takeOver || !view) {
      log.step('job.duplicate', { jobId, state: view?.state });
      if (view?.state === 'done' && (await republish(deps, view))) {
        await deps.ledger.writeStatus(statusOfJob(view), { current: true });
        log.step('job.republished', { jobId });
      }
      return { key: input.key, outcome: 'duplicate', jobId };
    }
    // The claim's holder failed before submitting (this is SCF's retry, or a later duplicate).
    log.step('job.resubmit', { jobId, claimedAgoMs: deps.now() - view.claimedAt });
    return runSubmission(deps, view, engine, by);
  }
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

function ignored(log: PipelineDeps['logger'], key: string, reason: string): ObjectOutcome {
  log.step('input.ignored', { reason });
  return { key, outcome: 'ignored' };
}
