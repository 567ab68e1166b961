/**
 * The reconciler's part for live jobs. A task ends silently (no final callback, 10 minutes without
 * data or voice), so every run asks DescribeAsyncRecognitionTasks once and finishes the submitted
 * jobs whose task is no longer running; a stream older than a TaskId's life (24 h) is closed and
 * finished; a claim whose submitter died is started again from its object, if unchanged.
 */
import { TASK_ID_VALID_MS } from '../../engines/live/live-limits.js';
import { LiveSettingsError, readLiveSettings } from '../../engines/live/live-settings.js';
import type { JobView } from '../../jobs/job-view.js';
import { LedgerRecordError } from '../../jobs/ledger-record-error.js';
import { isClaimFree } from '../claim-lease.js';
import { failJob } from '../finish-job.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { finishLive } from './finish-live.js';
import { liveJobOf } from './live-job.js';
import { submitLive } from './start-live.js';

/** What one run did to live jobs. */
export interface LiveReconcileSummary {
  readonly ended: number;
  readonly restarted: number;
  readonly errors: number;
}

/** Runs the live part of a reconciliation pass. */
export async function reconcileLive(deps: PipelineDeps): Promise<LiveReconcileSummary> {
  const counts = { ended: 0, restarted: 0, errors: 0 };
  const jobs = (await unfinishedViews(deps)).flatMap((view) => liveJobOf(deps.config, view) ?? []);
  if (jobs.length === 0) return counts;
  const running = new Set((await deps.live.describeTasks()).map((task) => task.taskId));
  const now = deps.now();
  for (const job of jobs) {
    const { view } = job;
    const log = deps.logger.child({ jobId: view.jobId, inputKey: view.input.key });
    try {
      if (!view.submission) {
        if (!(await isClaimFree(deps, view))) continue;
        const outcome = await restart(deps, view);
        if (outcome) counts.restarted++;
        continue;
      }
      const { taskId, at } = view.submission;
      if (running.has(taskId) && now - at < TASK_ID_VALID_MS) continue;
      if (running.has(taskId)) await deps.live.closeTask(taskId);
      const end = running.has(taskId) ? 'expired' : 'ended';
      if ((await finishLive(deps, job, end, 'reconcile')) === 'done') counts.ended++;
    } catch (error) {
      counts.errors++;
      log.step('reconcile.live.error', { error }, 'error');
    }
  }
  return counts;
}

async function restart(deps: PipelineDeps, view: Parameters<typeof submitLive>[1]): Promise<boolean> {
  const stored = await deps.storage.get({ bucket: view.input.bucket, key: view.input.key });
  if (!stored || stored.etag !== view.input.etag) {
    const message =
      'the .live.json request was changed or deleted before its stream started; upload it again';
    return (await failJob(deps, view, { code: 'InputChanged', message }, 'reconcile')) === 'failed';
  }
  try {
    const settings = readLiveSettings(stored.body, deps.config.defaults);
    return (await submitLive(deps, view, settings, 'reconcile')).outcome === 'submitted';
  } catch (error) {
    if (!(error instanceof LiveSettingsError)) throw error;
    return (
      (await failJob(deps, view, { code: 'BadLiveRequest', message: error.message }, 'reconcile')) ===
      'failed'
    );
  }
}

/**
 * The claimed and submitted jobs, each read on its own: a record that does not parse is passed over
 * here (the reconciler's stale pass logs and counts it), so one bad record cannot stop live jobs ending.
 */
async function unfinishedViews(deps: PipelineDeps): Promise<JobView[]> {
  const views: JobView[] = [];
  for (const { jobId } of await deps.ledger.list({ phases: ['claimed', 'submitted'] })) {
    try {
      const view = await deps.ledger.read(jobId);
      if (view && (view.state === 'claimed' || view.state === 'submitted')) views.push(view);
    } catch (error) {
      if (!(error instanceof LedgerRecordError)) throw error;
    }
  }
  return views;
}
