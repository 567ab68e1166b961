/**
 * SCF entry point for the reconcile timer (serverless.yml `reconcile.main`). Returns the run's
 * summary, which SCF shows in the invocation log.
 */
import { dependenciesFromEnv } from '../lib/pipeline/from-environment.js';
import { type DepsSource, depsOnce } from '../lib/pipeline/pipeline-deps.js';
import { type ReconcileSummary, reconcile } from '../lib/pipeline/reconcile.js';

/** The reconcile handler over `deps`: one pass; the timer event carries nothing we need. */
export function createHandler(deps: DepsSource) {
  const depsOf = depsOnce(deps);
  return (_event: unknown): Promise<ReconcileSummary> => reconcile(depsOf());
}

/** The handler SCF calls, wired from the environment once per container. */
export const main = createHandler(dependenciesFromEnv);
