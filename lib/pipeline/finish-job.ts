/**
 * The end of a job, shared by the callback, the reconciler and the synchronous engines: read the
 * engine result into a Transcript, render every configured format plus the QC report and the raw
 * result, write them, then record `done` (or `failed`) and the input's status. Outputs are written
 * before the record, with deterministic names, so a crash in between is repaired by writing the same
 * bytes again; the final record is create-if-absent, so only one outcome ever counts.
 */
import { statusOfJob } from '../jobs/input-status.js';
import type { JobError } from '../jobs/job-records.js';
import type { JobView } from '../jobs/job-view.js';
import { CONTENT_TYPES, renderAll } from '../subtitles/render.js';
import { TencentApiError } from '../tencent/errors.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../transcript/parse-error.js';
import { readTranscript } from '../transcript/read-transcript.js';
import { outputMarkerKey, outputStem } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** How a finishing attempt ended. */
export type FinishOutcome = 'done' | 'failed' | 'already-final';

/** Renders and writes a result, then records done; an engine-reported failure records failed. */
export async function finishWithResult(
  deps: PipelineDeps,
  view: JobView,
  result: { readonly raw: string; readonly rawType: 'json' | 'xml' },
  by: string,
): Promise<FinishOutcome> {
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  let transcript: ReturnType<typeof readTranscript>;
  try {
    transcript = readTranscript(result.raw, {
      model: view.profile.model,
      channelCount: view.profile.channels,
    });
  } catch (error) {
    if (error instanceof TranscriptTaskFailedError) {
      return failJob(
        deps,
        view,
        {
          code: 'EngineFailed',
          message: `${error.message}; check the file plays and holds speech, then upload it again`,
        },
        by,
      );
    }
    if (error instanceof TranscriptParseError) {
      return failJob(
        deps,
        view,
        {
          code: 'UnreadableResult',
          message: `the engine result could not be read (${error.message}); report it with the raw result`,
        },
        by,
      );
    }
    throw error;
  }
  const renderings = renderAll(transcript, { profile: view.profile.subtitleProfile }, view.profile.formats);
  const stem = outputStem(deps.config, view.input.key);
  const files: Array<{ key: string; body: string; contentType: string }> = view.profile.formats.map(
    (format) => ({
      key: `${stem}.${format}`,
      body: renderings.outputs[format],
      contentType: CONTENT_TYPES[format],
    }),
  );
  files.push({
    key: `${stem}.qc.json`,
    body: `${JSON.stringify(renderings.qc, null, 2)}\n`,
    contentType: CONTENT_TYPES.json,
  });
  files.push({
    key: `${stem}.raw.${result.rawType}`,
    body: result.raw,
    contentType: result.rawType === 'xml' ? 'application/xml; charset=utf-8' : CONTENT_TYPES.json,
  });
  const refused = await log.time(
    'outputs.write',
    () =>
      Promise.all(
        files.map(async (file) => {
          try {
            await deps.storage.put(
              { bucket: deps.config.output.bucket, key: file.key },
              { body: file.body, contentType: file.contentType, metadata: { [outputMarkerKey]: view.jobId } },
            );
            return undefined;
          } catch (error) {
            if (isPermanentRefusal(error)) return { key: file.key, error };
            throw error;
          }
        }),
      ),
    { outputs: files.length },
  );
  // A refusal no retry can change (a key COS will not store) ends the job; answering 503 would
  // only bring the same callback and the same refusal back until the hard limit.
  const refusal = refused.find((r) => r !== undefined);
  if (refusal) {
    return failJob(
      deps,
      view,
      {
        code: 'OutputRefused',
        message: `COS refused to store ${refusal.key} (${refusal.error.message}); fix what it names (key length, the output bucket) and upload the file again`,
      },
      by,
    );
  }
  const outputs = files.map((f) => f.key);
  const audioDurationMs = Math.round(transcript.durationMs);
  const recorded = await deps.ledger.record(view.jobId, 'done', { outputs, audioDurationMs }, by);
  if (recorded.outcome === 'lost') {
    log.step('job.done.lost', { current: recorded.current?.state }, 'warn');
    return 'already-final';
  }
  const finishedAt = deps.now();
  await deps.ledger.writeStatus(
    statusOfJob({ ...view, state: 'done', outputs, finishedAt, audioDurationMs }),
  );
  log.step('job.done', { outputs: outputs.length, elapsedMs: finishedAt - view.claimedAt });
  return 'done';
}

/** Records `failed` with an actionable error, and the status. */
export async function failJob(
  deps: PipelineDeps,
  view: JobView,
  error: JobError,
  by: string,
): Promise<FinishOutcome> {
  const recorded = await deps.ledger.record(view.jobId, 'failed', { error }, by);
  const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
  if (recorded.outcome === 'lost') return 'already-final';
  const finishedAt = deps.now();
  await deps.ledger.writeStatus(statusOfJob({ ...view, state: 'failed', error, finishedAt }));
  log.step('job.failed', { code: error.code, message: error.message }, 'warn');
  return 'failed';
}

/** A COS answer no retry changes; 401/403 are left to retry: a role's permissions get fixed. */
function isPermanentRefusal(error: unknown): error is TencentApiError {
  return (
    error instanceof TencentApiError &&
    !error.retryable &&
    error.httpStatus !== undefined &&
    error.httpStatus !== 401 &&
    error.httpStatus !== 403
  );
}
