/**
 * SCF entry point for the COS upload trigger (serverless.yml `upload.main`). Async: a thrown error
 * makes SCF retry the event, which the ledger claim makes safe.
 */
import { dependenciesFromEnv } from '../lib/pipeline/from-environment.js';
import type { ObjectOutcome } from '../lib/pipeline/object-outcome.js';
import { type DepsSource, depsOnce } from '../lib/pipeline/pipeline-deps.js';
import { handleUploadEvent } from '../lib/pipeline/submit.js';

/** The upload handler over `deps`: submits every object of the event, returns what became of each. */
export function createHandler(deps: DepsSource) {
  const depsOf = depsOnce(deps);
  return async (event: unknown): Promise<{ objects: ObjectOutcome[] }> => ({
    objects: await handleUploadEvent(depsOf(), event),
  });
}

/** The handler SCF calls, wired from the environment once per container. */
export const main = createHandler(dependenciesFromEnv);
