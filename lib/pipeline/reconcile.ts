/**
 * The reconciler (issue #5 item 4), run by a timer: the backstop for everything an event-driven
 * pipeline can lose. Per run, in this order:
 * 1. jobs unfinished past the hard limit are failed (their callback tokens have expired too);
 * 2. jobs submitted longer than the stale threshold are polled and finished by the callback's path;
 * 3. claims never submitted whose lease ran out (the submitter died) are submitted again with the
 *    claim's own settings;
 * 4. inputs with no status at all, or a status for older content (a lost trigger), are submitted,
 *    at most `maxSubmissionsPerRun` per run so a backlog cannot spend the engine quota at once.
 * Every step is safe to repeat: the ledger's create-if-absent records decide every race.
 */
import type { JobView } from '../jobs/job-view.js';
import { statusKey } from '../jobs/ledger-keys.js';
import { LedgerRecordError } from '../jobs/ledger-record-error.js';
import { isClaimFree } from './claim-lease.js';
import { pullAndFinish } from './complete.js';
import { engineOfClaim } from './engine-of-claim.js';
import { failJob } from './finish-job.js';
import { reconcileLive } from './live/reconcile-live.js';
import { isPipelineOutput } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { runSubmission, submitObject } from './submit.js';

/** What one run did. */
export interface ReconcileSummary {
  /** Stale jobs queried. */
  readonly polled: number;
  /** Jobs finished by this run (done or failed after a poll). */
  readonly completed: number;
  /** Claims submitted again. */
  readonly resubmitted: number;
  /** Inputs with no job that were submitted. */
  readonly recovered: number;
  /** Jobs failed at the hard limit. */
  readonly timedOut: number;
  /** Lost inputs left for the next run because of the per-run bound. */
  readonly deferred: number;
  /** Jobs whose handling threw (the run goes on; each is logged). */
  readonly errors: number;
  /**
   * Jobs skipped because a ledger record of theirs does not parse (hand-edited, truncated, or written
   * by another version); each is logged with the object's key, and the run goes on.
   */
  readonly unreadable: number;
  /** Live streams found ended (or past a TaskId's 24 h) and finished. */
  readonly liveEnded: number;
}

/** Runs one reconciliation pass. */
export async function reconcile(deps: PipelineDeps): Promise<ReconcileSummary> {
  const { config, ledger } = deps;
  const log = deps.logger.child({ step: 'reconcile' });
  const now = deps.now();
  const counts = {
    polled: 0,
    completed: 0,
    resubmitted: 0,
    recovered: 0,
    timedOut: 0,
    deferred: 0,
    errors: 0,
    unreadable: 0,
    liveEnded: 0,
  };

  // Listed by record names alone, then read one job at a time inside the guard: one record that does
  // not parse must cost only its own job, never the whole run (issue 12 item 3).
  const stale = await ledger.list({
    phases: ['claimed', 'submitted'],
    updatedBefore: now - config.reconcile.staleAfterMs,
  });
  for (const summary of stale) {
    let jobLog = deps.logger.child({ jobId: summary.jobId });
    try {
      const view = await readJob(deps, summary.jobId);
      // Live streams run for hours with no new records; reconcileLive below looks after them.
      if (!view || view.profile.engine === 'live') continue;
      jobLog = jobLog.child({ inputKey: view.input.key });
      if (now - view.claimedAt >= config.reconcile.hardLimitMs) {
        const hours = Math.round(config.reconcile.hardLimitMs / 360_000) / 10;
        const engine = view.submission
          ? `${view.submission.engine} task ${view.submission.taskId}`
          : 'no engine';
        const outcome = await failJob(
          deps,
          view,
          {
            code: 'TimedOut',
            message: `no result within ${hours} h of the upload (${engine}); upload the file again, and check the engine console if it recurs`,
          },
          'reconcile',
        );
        if (outcome === 'failed') counts.timedOut++;
      } else if (view.state === 'submitted') {
        counts.polled++;
        const outcome = await pullAndFinish(deps, view, 'reconcile');
        if (outcome !== 'not-ready' && outcome !== 'already-final') counts.completed++;
        jobLog.step('reconcile.polled', { outcome });
      } else if (await isClaimFree(deps, view)) {
        const engine = await engineOfClaim(deps, view);
        const outcome = await runSubmission(deps, view, engine, 'reconcile');
        if (outcome.outcome !== 'duplicate') counts.resubmitted++;
        jobLog.step('reconcile.resubmitted', { outcome: outcome.outcome });
      }
    } catch (error) {
      if (error instanceof LedgerRecordError) {
        counts.unreadable++;
        jobLog.step('reconcile.job.unreadable', { key: error.key, message: error.message }, 'error');
      } else {
        counts.errors++;
        jobLog.step('reconcile.job.error', { error }, 'error');
      }
    }
  }

  const live = await reconcileLive(deps);
  counts.liveEnded = live.ended;
  counts.resubmitted += live.restarted;
  counts.errors += live.errors;

  const inputs = await deps.storage.list(config.input.bucket, config.input.prefix);
  for (const object of inputs) {
    if (object.key.endsWith('/') || !object.key.endsWith(config.triggerSuffix)) continue;
    const status = await deps.storage.get({
      bucket: config.ledger.bucket,
      key: statusKey(config.ledger.prefix, config.input.bucket, object.key),
    });
    if (status && statusEtag(status.body) === object.etag) continue;
    if (counts.recovered >= config.reconcile.maxSubmissionsPerRun) {
      counts.deferred++;
      continue;
    }
    try {
      const head = await deps.storage.head({ bucket: config.input.bucket, key: object.key });
      if (!head || isPipelineOutput(head.metadata)) continue;
      const outcome = await submitObject(deps, config.input.bucket, [object.key], 'reconcile');
      if (outcome.outcome !== 'duplicate' && outcome.outcome !== 'ignored' && outcome.outcome !== 'gone') {
        counts.recovered++;
      }
      log.step('reconcile.lost-trigger', { inputKey: object.key, outcome: outcome.outcome });
    } catch (error) {
      counts.errors++;
      log.step('reconcile.input.error', { inputKey: object.key, error }, 'error');
    }
  }
  log.step('reconcile.summary', counts);
  return counts;
}

/**
 * A listed job, read; undefined when it moved on since the listing (finished by a callback) or its
 * folder was removed by hand meanwhile.
 */
async function readJob(deps: PipelineDeps, jobId: string): Promise<JobView | undefined> {
  const view = await deps.ledger.read(jobId);
  return view && (view.state === 'claimed' || view.state === 'submitted') ? view : undefined;
}

/** The ETag a status object was written for ('' when unreadable: the input is then looked at again). */
function statusEtag(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { input?: { etag?: unknown } };
    return typeof parsed.input?.etag === 'string' ? parsed.input.etag : '';
  } catch {
    return '';
  }
}
