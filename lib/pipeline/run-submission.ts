/**
 * Submitting a claimed job to its engine and recording it (the upload, the reconciler for claims
 * never submitted, `replay`): the claim's winner calls the engine's `submit`, the first `submitted`
 * record counts, and a synchronous engine's answer is finished inline.
 */
import { type FileEngineName, isInlineEngine } from '../engines/engine-names.js';
import { type EngineSubmission, UnsupportedForEngineError } from '../engines/file-engine.js';
import { fileEngines } from '../engines/file-engines.js';
import { statusOfJob } from '../jobs/input-status.js';
import type { JobView } from '../jobs/job-view.js';
import { TencentApiError } from '../tencent/errors.js';
import { issueCallbackUrl } from './callback-token.js';
import { releaseClaim } from './claim-release.js';
import { engineJobOf } from './engine-job.js';
import { failJob, finishWithResult } from './finish-job.js';
import type { ObjectOutcome } from './object-outcome.js';
import type { PipelineDeps } from './pipeline-deps.js';

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
  const recorded = await deps.ledger.record(
    view,
    'submitted',
    {
      engine,
      taskId: submission.taskId,
      ...(submission.kind === 'async' ? { callbackExpiresAt: submission.callbackExpiresAt } : {}),
    },
    by,
    { claimStatusWritten: isInlineEngine(engine) },
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
  log.step('job.submitted', { engine, taskId: submission.taskId });
  if (submission.kind === 'async') return { key, outcome: 'submitted', jobId: view.jobId };
  const finished = await finishWithResult(deps, recorded.view, submission, by);
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
