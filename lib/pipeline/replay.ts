/**
 * The replay use case (`cos-transcribe replay`): a job's outputs made again. A done job whose raw
 * engine result is still stored beside its outputs is rendered again from it by the pipeline's own
 * finishing code (same names, same bytes for the same renderer; no engine is called); otherwise the
 * same input is submitted again, with the settings the job was made with, as a new job.
 */
import { randomUUID } from 'node:crypto';
import { isFileEngine } from '../engines/engine-names.js';
import type { EngineResult } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';
import type { JobView } from '../jobs/job-view.js';
import { engineOfClaim } from './engine-of-claim.js';
import { finishWithResult } from './finish-job.js';
import { isJobId, replayJobId } from './job-id.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { runSubmission } from './run-submission.js';

/** Why a replay cannot go on, in a sentence that says what to do. */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/** The job a key (its latest upload's job) or a job id names. */
export async function findJob(deps: PipelineDeps, target: string): Promise<JobView> {
  const { config, ledger } = deps;
  if (isJobId(target)) {
    const view = await ledger.read(target);
    if (view) return view;
  }
  const keys = target.startsWith(config.input.prefix)
    ? [target]
    : [target, `${config.input.prefix}${target}`];
  for (const key of keys) {
    const status = await ledger.readStatus(config.input.bucket, key);
    if (!status) continue;
    if (status.jobId === null) {
      throw new ReplayError(
        `${key} was refused before a job was made (${status.error ? `${status.error.code}: ${status.error.message}` : status.state}); fix it and upload again`,
      );
    }
    const view = await ledger.read(status.jobId);
    if (view) return view;
    throw new ReplayError(`the ledger has no records of job ${status.jobId} named by the status of ${key}`);
  }
  throw new ReplayError(`no job or input '${target}' in ${config.input.bucket} (see cos-transcribe status)`);
}

/** The raw engine result a done job stored beside its outputs, if it is still there. */
export async function storedResult(deps: PipelineDeps, view: JobView): Promise<EngineResult | undefined> {
  const engine = view.submission?.engine;
  if (view.state !== 'done' || engine === undefined || !isFileEngine(engine)) return undefined;
  const key = view.outputs.find((k) => k.endsWith('.raw.json') || k.endsWith('.raw.xml'));
  if (key === undefined) return undefined;
  const object = await deps.storage.get({ bucket: deps.config.output.bucket, key });
  if (!object) return undefined;
  return { engine, raw: object.body.toString('utf8'), rawType: key.endsWith('.xml') ? 'xml' : 'json' };
}

/** Renders and writes every output again from the stored result, through the pipeline's own path. */
export async function rerender(
  deps: PipelineDeps,
  view: JobView,
  result: EngineResult,
): Promise<readonly string[]> {
  // finishWithResult turns an unreadable result into a `failed` record, which a done job refuses
  // silently: read it here first so such a result is reported instead of passed over.
  try {
    await fileEngines[result.engine].readResult(result.raw, {
      model: view.profile.model,
      channelCount: view.profile.channels,
    });
  } catch (error) {
    throw new ReplayError(
      `the stored result of job ${view.jobId} cannot be read: ${(error as Error).message}`,
    );
  }
  const outcome = await finishWithResult(deps, view, result, 'cli');
  // 'already-final' is expected: the job was done, and stays done with the same output keys.
  if (outcome === 'failed') throw new ReplayError(`job ${view.jobId} could not be rendered again`);
  return view.outputs;
}

/** A resubmitted job: its new id and the engine it went to. */
export interface Resubmission {
  readonly jobId: string;
  readonly engine: string;
}

/**
 * Submits the job's input again as a new job (replayJobId) with the job's own settings and engine;
 * the caller waits for it. The input must still be the upload the job was made for. `onStart` hears
 * of the new job before it is submitted (a short clip is recognised within the submission).
 */
export async function resubmitJob(
  deps: PipelineDeps,
  view: JobView,
  onStart: (resubmission: Resubmission) => void = () => undefined,
): Promise<Resubmission> {
  const { ledger, storage } = deps;
  const head = await storage.head({ bucket: view.input.bucket, key: view.input.key });
  if (!head) throw new ReplayError(`${view.input.key} is no longer in ${view.input.bucket}; upload it again`);
  if (head.etag !== view.input.etag) {
    throw new ReplayError(
      `${view.input.key} has changed since job ${view.jobId} (a new upload is a new job already: see cos-transcribe status ${view.input.key})`,
    );
  }
  const jobId = replayJobId(view.jobId, randomUUID());
  // A live job's settings are its .live.json object, not file settings.
  if (view.profile.engine === 'live') {
    throw new ReplayError(`${view.input.key} is a live stream: upload it again to restart it`);
  }
  const engine = view.submission?.engine ?? (await engineOfClaim(deps, view));
  if (engine === 'live') {
    throw new ReplayError(`${view.input.key} is a live stream: upload it again to restart it`);
  }
  const claim = await ledger.claim(jobId, { input: view.input, profile: view.profile, engine, by: 'cli' });
  // A fresh random id: only another replay with the same nonce could have claimed it.
  if (claim.outcome !== 'claimed') throw new ReplayError(`replay job ${jobId} was claimed by another`);
  onStart({ jobId, engine });
  await runSubmission(deps, claim.view, engine, 'cli');
  return { jobId, engine };
}
