/**
 * Bringing a job's outputs home: each output object (subtitles, transcript, QC report, raw engine
 * result) is written under its own file name into a folder, next to the input or into `--out`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outputMarkerKey } from '../../lib/pipeline/output-naming.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';

/**
 * Downloads `keys` from the output bucket into `folder`; returns the local paths, in order. Given the
 * job id, every object must carry it as its output marker: the same names are rewritten by any later
 * job of the same input, and another job's file must never pass for this one's. Nothing is written
 * locally unless every object is the job's.
 */
export async function downloadOutputs(
  deps: Pick<PipelineDeps, 'storage' | 'config'>,
  keys: readonly string[],
  folder: string,
  jobId?: string,
): Promise<string[]> {
  const bucket = deps.config.output.bucket;
  const objects = await Promise.all(keys.map((key) => deps.storage.get({ bucket, key })));
  for (const [index, object] of objects.entries()) {
    const key = keys[index];
    if (!object) throw new Error(`output ${key} is listed by the job but missing from ${bucket}`);
    const writer = object.metadata[outputMarkerKey];
    if (jobId !== undefined && writer !== jobId) {
      throw new Error(
        `output ${key} now holds job ${writer ?? '(unknown)'}'s result, not job ${jobId}'s: the file was uploaded again meanwhile; see cos-transcribe status ${key}`,
      );
    }
  }
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const [index, key] of keys.entries()) {
    const file = path.join(folder, path.posix.basename(key));
    await writeFile(file, objects[index]?.body ?? Buffer.alloc(0));
    written.push(file);
  }
  return written;
}
