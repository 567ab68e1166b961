/**
 * The end of a job, shared by the callback, the reconciler and the synchronous engines: read the
 * engine result into a Transcript, render every configured format plus the QC report and the raw
 * result, publish them (publish-outputs.ts: only while the job's upload is still the input's), then
 * record `done` (or `failed`, or `skipped` when a newer upload superseded it) and the input's status.
 * Outputs are written before the record, with deterministic names, so a crash in between is repaired
 * by writing the same bytes again; the final record is create-if-absent, so only one outcome counts.
 */

import type { EngineResult } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';
import type { JobError } from '../jobs/job-records.js';
import type { JobView } from '../jobs/job-view.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../transcript/parse-error.js';
import type { Transcript } from '../transcript/transcript.js';
import { engineFailure } from './engine-failure.js';
import { outputStem } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { type OutputFile, type PublishOutcome, publishOutputs, supersededCode } from './publish-outputs.js';

/** How a finishing attempt ended. */
export type FinishOutcome = 'done' | 'failed' | 'skipped' | 'already-final';

/** Renders and writes a result, then records done; an engine-reported failure records failed. */
export async function finishWithResult(
  deps: PipelineDeps,
  view: JobView,
  result: EngineResult,
  by: string,
): Promise<FinishOutcome> {
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  // Loaded here, not with the function: only an invocation that finishes a job needs the subtitle
  // writers (and the engine's adapter, loaded by its readResult), and initialising them is a good
  // part of a cold start (issue 16).
  const { CONTENT_TYPES, renderAll } = await import('../subtitles/render.js');
  const transcript = await readResult(view, () =>
    fileEngines[result.engine].readResult(result.raw, {
      model: view.profile.model,
      channelCount: view.profile.channels,
    }),
  );
  if ('code' in transcript) return failJob(deps, view, transcript, by);
  const renderings = renderAll(transcript, { profile: view.profile.subtitleProfile }, view.profile.formats);
  const stem = outputStem(deps.config, view.input.key);
  const files: OutputFile[] = view.profile.formats.map((format) => ({
    key: `${stem}.${format}`,
    body: renderings.outputs[format],
    contentType: CONTENT_TYPES[format],
  }));
  // Silence renders as empty files, which look like a fault: the QC report and the status say so.
  const noSpeech = renderings.qc.coverage.units === 0;
  files.push({
    key: `${stem}.qc.json`,
    body: `${JSON.stringify({ ...renderings.qc, noSpeech }, null, 2)}\n`,
    contentType: CONTENT_TYPES.json,
  });
  files.push({
    key: `${stem}.raw.${result.rawType}`,
    body: result.raw,
    contentType: result.rawType === 'xml' ? 'application/xml; charset=utf-8' : CONTENT_TYPES.json,
  });
  const published = await log.time('outputs.write', () => publishOutputs(deps, view, files), {
    outputs: files.length,
  });
  if (published.outcome !== 'published') return endUnpublished(deps, view, published, by);
  const audioDurationMs = Math.round(transcript.durationMs);
  const note = noSpeech ? noSpeechNote(audioDurationMs) : undefined;
  return recordDone(deps, view, { outputs: files.map((f) => f.key), audioDurationMs, note }, by);
}

/** The transcript of a result, or why the job fails: the engine said so, or its adapter cannot read it. */
async function readResult(view: JobView, read: () => Promise<Transcript>): Promise<Transcript | JobError> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TranscriptTaskFailedError) {
      return engineFailure(error, view.submission?.engine ?? 'the engine');
    }
    if (!(error instanceof TranscriptParseError)) throw error;
    return {
      code: 'UnreadableResult',
      message: `the engine result could not be read (${error.message}); report it with the raw result`,
    };
  }
}

/** A job whose outputs were not written: COS refused one for good, or a newer upload superseded it. */
function endUnpublished(
  deps: PipelineDeps,
  view: JobView,
  published: Exclude<PublishOutcome, { outcome: 'published' }>,
  by: string,
): Promise<FinishOutcome> {
  if (published.outcome === 'refused') {
    // A refusal no retry can change (a key COS will not store) ends the job; answering 503 would
    // only bring the same callback and the same refusal back until the hard limit.
    return failJob(
      deps,
      view,
      {
        code: 'OutputRefused',
        message: `COS refused to store ${published.key} (${published.message}); fix what it names (key length, the output bucket) and upload the file again`,
      },
      by,
    );
  }
  return endWithoutOutputs(
    deps,
    view,
    'skipped',
    {
      code: supersededCode,
      message: `${view.input.key} was uploaded again (now ETag ${published.currentEtag}) before this upload's result was ready, so its outputs were not written; the newer upload has its own job and status`,
    },
    by,
  );
}

/** Records `done` with the outputs written (the ledger writes the status). */
async function recordDone(
  deps: PipelineDeps,
  view: JobView,
  done: { readonly outputs: string[]; readonly audioDurationMs: number; readonly note: string | undefined },
  by: string,
): Promise<FinishOutcome> {
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  const { outputs, audioDurationMs, note } = done;
  const recorded = await deps.ledger.record(
    view,
    'done',
    { outputs, audioDurationMs, ...(note === undefined ? {} : { note }) },
    by,
  );
  if (recorded.outcome === 'lost') {
    log.step('job.done.lost', { current: recorded.current?.state }, 'warn');
    return 'already-final';
  }
  const finishedAt = recorded.view.finishedAt ?? deps.now();
  log.step('job.done', { outputs: outputs.length, elapsedMs: finishedAt - view.claimedAt });
  return 'done';
}

/** The status note of a result with no words: how much audio was heard, and what to check. */
function noSpeechNote(audioDurationMs: number): string {
  const tenths = Math.round(audioDurationMs / 100);
  const heard = audioDurationMs > 0 ? `${Math.floor(tenths / 10)}.${tenths % 10} s of audio` : 'the audio';
  return `no speech found in ${heard}; check the file has sound, and that its language matches the model`;
}

/** Records `failed` with an actionable error, and the status. */
export function failJob(
  deps: PipelineDeps,
  view: JobView,
  error: JobError,
  by: string,
): Promise<FinishOutcome> {
  return endWithoutOutputs(deps, view, 'failed', error, by);
}

/** Records a final state without outputs (failed, or skipped with its reason), and the status. */
async function endWithoutOutputs(
  deps: PipelineDeps,
  view: JobView,
  state: 'failed' | 'skipped',
  error: JobError,
  by: string,
): Promise<FinishOutcome> {
  const recorded =
    state === 'failed'
      ? await deps.ledger.record(view, 'failed', { error }, by)
      : await deps.ledger.record(view, 'skipped', { reason: error }, by);
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  if (recorded.outcome === 'lost') return 'already-final';
  log.step(`job.${state}`, { code: error.code, message: error.message }, 'warn');
  return state;
}
