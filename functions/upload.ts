/**
 * SCF entry point for the COS upload trigger (serverless.yml `upload.main`). Async: a thrown error
 * makes SCF retry the event, which the ledger claim makes safe.
 */
import { dependenciesFromEnv } from '../lib/pipeline/from-environment.js';
import type { ObjectOutcome } from '../lib/pipeline/object-outcome.js';
import type { PipelineDeps } from '../lib/pipeline/pipeline-deps.js';
import { handleUploadEvent } from '../lib/pipeline/submit.js';

let deps: PipelineDeps | undefined;

/** Submits every object of the event; returns what became of each. */
export async function main(event: unknown): Promise<{ objects: ObjectOutcome[] }> {
  deps ??= dependenciesFromEnv();
  return { objects: await handleUploadEvent(deps, event) };
}
