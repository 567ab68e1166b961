/**
 * Stopping a live job when its `*.live.json` object is deleted (the COS delete trigger) or by
 * `cos-transcribe live stop`: the task is closed (one that already ended answers NoSuchTask, which
 * is the same news) and the job finished. A job still starting is retried later by SCF.
 */
import { hasTencentCode } from '../../tencent/api3/api3-client.js';
import type { ObjectOutcome } from '../object-outcome.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { finishLive } from './finish-live.js';
import { liveJobOf } from './live-job.js';

/** Closes and finishes the live job of `key`; a key with no running live job is left alone. */
export async function stopLive(
  deps: PipelineDeps,
  bucket: string,
  key: string,
  by: string,
): Promise<ObjectOutcome> {
  const log = deps.logger.child({ inputKey: key });
  const status = await deps.ledger.readStatus(bucket, key);
  const view = status?.jobId ? await deps.ledger.read(status.jobId) : undefined;
  const job = view && liveJobOf(deps.config, view);
  if (!view || !job) {
    log.step('live.stop.nothing', { state: status?.state ?? null });
    return { key, outcome: 'ignored' };
  }
  if (view.state !== 'submitted' && view.state !== 'claimed')
    return { key, outcome: 'duplicate', jobId: view.jobId };
  if (!view.submission) {
    // The task is being created right now; SCF delivers this event again in a minute.
    throw new Error(`live job ${view.jobId} is still starting; its stop is retried`);
  }
  try {
    await deps.live.closeTask(view.submission.taskId);
  } catch (error) {
    if (!hasTencentCode(error, 'FailedOperation.NoSuchTask')) throw error;
  }
  const outcome = await finishLive(deps, job, 'closed', by);
  return { key, outcome: outcome === 'done' ? 'done' : 'duplicate', jobId: view.jobId };
}
