/** The engine a claimed job runs on, for a resubmission (the reconciler, `replay`). */
import type { FileEngineName } from '../engines/engine-names.js';
import { fileEngines } from '../engines/file-engines.js';
import type { JobView } from '../jobs/job-view.js';
import { extensionOf } from '../tencent/cos/object-key.js';
import { chooseEngine, wavDurationMs } from './input-rules.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * The engine the claim recorded. A claim written before the engine was recorded has it decided
 * again from what the claim holds (size, key, profile) and, for small WAVs, the header: the same
 * inputs the first decision had.
 */
export async function engineOfClaim(deps: PipelineDeps, view: JobView): Promise<FileEngineName> {
  if (view.profile.engine === 'live') throw new Error(`job ${view.jobId} is a live stream, not a file`);
  if (view.engine) return view.engine;
  const { bucket, key, size } = view.input;
  const durationMs =
    extensionOf(key) === 'wav' && size <= fileEngines.sentence.limits.maxBytes
      ? wavDurationMs((await deps.storage.get({ bucket, key }))?.body ?? Buffer.alloc(0))
      : undefined;
  return chooseEngine(view.profile.engine, { key, size, durationMs });
}
