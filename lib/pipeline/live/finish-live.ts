/**
 * The end of a live job (issue 15 item 3): the task was closed, or it ended by itself (the
 * service sends no final callback, so the reconciler finds it missing from
 * DescribeAsyncRecognitionTasks). The whole stream is rendered once more through the subtitle
 * segmenter into the usual formats and QC report, the playlist is closed with `#EXT-X-ENDLIST`,
 * and only then is `done` recorded, so a crash in between is repaired by running this again.
 */
import type { FinishOutcome } from '../finish-job.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { LiveJob } from './live-job.js';
import { loadLiveOutputs, publishLive } from './publish-live.js';

/** Why a stream ended, for the log. */
export type LiveEnd = 'closed' | 'ended' | 'expired';

/** Writes the final outputs and records `done`. */
export async function finishLive(
  deps: PipelineDeps,
  job: LiveJob,
  end: LiveEnd,
  by: string,
): Promise<FinishOutcome> {
  const log = deps.logger.child({ jobId: job.view.jobId, inputKey: job.view.input.key });
  const { utterances } = await log.time('live.final', () =>
    publishLive(deps, job, { added: new Map(), mode: 'final' }),
  );
  const { finalFiles, rollingFiles } = await loadLiveOutputs();
  const outputs = [...finalFiles(job, utterances), ...rollingFiles(job, utterances, new Set(), true)].map(
    (file) => file.key,
  );
  const audioDurationMs = Math.max(0, ...[...utterances.values()].map((utterance) => utterance.endMs));
  const recorded = await deps.ledger.record(job.view, 'done', { outputs, audioDurationMs }, by);
  if (recorded.outcome === 'lost') return 'already-final';
  log.step('live.done', { end, utterances: utterances.size, outputs: outputs.length });
  return 'done';
}
