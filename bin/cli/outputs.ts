/**
 * Bringing a job's outputs home: each output object (subtitles, transcript, QC report, raw engine
 * result) is written under its own file name into a folder, next to the input or into `--out`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';

/** Downloads `keys` from the output bucket into `folder`; returns the local paths, in order. */
export async function downloadOutputs(
  deps: Pick<PipelineDeps, 'storage' | 'config'>,
  keys: readonly string[],
  folder: string,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const key of keys) {
    const object = await deps.storage.get({ bucket: deps.config.output.bucket, key });
    if (!object)
      throw new Error(`output ${key} is listed by the job but missing from ${deps.config.output.bucket}`);
    const file = path.join(folder, path.posix.basename(key));
    await writeFile(file, object.body);
    written.push(file);
  }
  return written;
}
