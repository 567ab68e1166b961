/**
 * SCF entry point for the reconcile timer (serverless.yml `reconcile.main`). Returns the run's
 * summary, which SCF shows in the invocation log.
 */
import { dependenciesFromEnv } from '../lib/pipeline/from-environment.js';
import type { PipelineDeps } from '../lib/pipeline/pipeline-deps.js';
import { type ReconcileSummary, reconcile } from '../lib/pipeline/reconcile.js';

let deps: PipelineDeps | undefined;

/** One reconciliation pass; the timer event carries nothing we need. */
export async function main(_event: unknown): Promise<ReconcileSummary> {
  deps ??= dependenciesFromEnv();
  return reconcile(deps);
}
