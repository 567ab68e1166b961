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
import { LedgerRecordError } from '../jobs/ledger-record-error.js';
import type { Logger } from '../log/logger.js';
import { isClaimFree } from './claim-lease.js';
import { pullAndFinish } from './complete.js';
import { engineOfClaim } from './engine-of-claim.js';
import { failJob } from './finish-job.js';
import { reconcileLive } from './live/reconcile-live.js';
import { isPipelineOutput } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { runSubmission } from './run-submission.js';
import { submitObject } from './submit.js';

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
  const counts: Counts = {
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
  await reconcileUnfinished(deps, counts);
  const live = await reconcileLive(deps);
  counts.liveEnded = live.ended;
  counts.resubmitted += live.restarted;
  counts.errors += live.errors;
  await recoverLostInputs(deps, counts);
  deps.logger.child({ step: 'reconcile' }).step('reconcile.summary', counts);
  return counts;
}

/** The summary as the run counts it. */
type Counts = { -readonly [K in keyof ReconcileSummary]: number };

/**
 * Steps 1 to 3 for each job unfinished past the stale threshold. Listed by record names alone, then
 * read one job at a time inside the guard: one record that does not parse must cost only its own
 * job, never the whole run (issue 12 item 3).
 */
async function reconcileUnfinished(deps: PipelineDeps, counts: Counts): Promise<void> {
  // One time for the whole pass, as the listing was filtered with it.
  const now = deps.now();
  const stale = await deps.ledger.list({
    phases: ['claimed', 'submitted'],
    updatedBefore: now - deps.config.reconcile.staleAfterMs,
  });
  for (const summary of stale) {
    let jobLog = deps.logger.child({ jobId: summary.jobId });
    try {
      const view = await readJob(deps, summary.jobId);
      // Live streams run for hours with no new records; reconcileLive looks after them.
      if (!view || view.profile.engine === 'live') continue;
      jobLog = jobLog.child({ inputKey: view.input.key });
      await reconcileJob(deps, { view, now }, counts, jobLog);
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
}

/** One unfinished job: failed past the hard limit, polled when submitted, resubmitted when its claim is free. */
async function reconcileJob(
  deps: PipelineDeps,
  job: { readonly view: JobView; readonly now: number },
  counts: Counts,
  log: Logger,
): Promise<void> {
  const { view, now } = job;
  const { hardLimitMs } = deps.config.reconcile;
  if (now - view.claimedAt >= hardLimitMs) {
    const hours = Math.round(hardLimitMs / 360_000) / 10;
    const engine = view.submission ? `${view.submission.engine} task ${view.submission.taskId}` : 'no engine';
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
    log.step('reconcile.polled', { outcome });
  } else if (await isClaimFree(deps, view)) {
    const engine = await engineOfClaim(deps, view);
    const outcome = await runSubmission(deps, view, engine, 'reconcile');
    if (outcome.outcome !== 'duplicate') counts.resubmitted++;
    log.step('reconcile.resubmitted', { outcome: outcome.outcome });
  }
}

/**
 * Step 4: inputs with no status, or a status for older content (a lost trigger), are submitted, at
 * most `maxSubmissionsPerRun` per run.
 */
async function recoverLostInputs(deps: PipelineDeps, counts: Counts): Promise<void> {
  const { config } = deps;
  const log = deps.logger.child({ step: 'reconcile' });
  const inputs = await deps.storage.list(config.input.bucket, config.input.prefix);
  for (const object of inputs) {
    if (object.key.endsWith('/') || !object.key.endsWith(config.triggerSuffix)) continue;
    if ((await deps.ledger.statusEtag(config.input.bucket, object.key)) === object.etag) continue;
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
}

/**
 * A listed job, read; undefined when it moved on since the listing (finished by a callback) or its
 * folder was removed by hand meanwhile.
 */
async function readJob(deps: PipelineDeps, jobId: string): Promise<JobView | undefined> {
  const view = await deps.ledger.read(jobId);
  return view && (view.state === 'claimed' || view.state === 'submitted') ? view : undefined;
}
