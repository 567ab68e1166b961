/**
 * Which upload of an input a job belongs to, and whether that upload is still the object in COS.
 * An upload is its content (the ETag) plus the `x-cos-meta-asr-*` settings it carried: uploading the
 * same bytes with other settings is a new upload, and so is new content. Reading the object's HEAD
 * tells the current upload; comparing it with the one a job was claimed for tells whether the job's
 * result may still be published (issue 12 item 1). The deployed configuration is left out on purpose:
 * a deploy between a job's claim and its result must not make every job in flight look superseded.
 */
import { createHash } from 'node:crypto';
import { metadataOverrideKeys } from '../config/effective-profile.js';
import type { JobInput } from '../jobs/job-records.js';
import type { ObjectHead, ObjectStorage } from '../tencent/object-storage.js';

/** The id of one upload of an input: a digest of its ETag and its settings metadata. */
export function uploadVersionOf(head: Pick<ObjectHead, 'etag' | 'metadata'>): string {
  const settings = metadataOverrideKeys.map((key) => [key, head.metadata[key] ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([head.etag.replace(/^"|"$/g, ''), settings]))
    .digest('hex')
    .slice(0, 32);
}

/** The upload an input holds now. */
export interface CurrentUpload {
  readonly version: string;
  readonly etag: string;
}

/** Reads the input's HEAD: its current upload, or undefined when it was deleted. */
export async function currentUpload(
  storage: Pick<ObjectStorage, 'head'>,
  input: Pick<JobInput, 'bucket' | 'key'>,
): Promise<CurrentUpload | undefined> {
  const head = await storage.head({ bucket: input.bucket, key: input.key });
  return head && { version: uploadVersionOf(head), etag: head.etag };
}

/**
 * True when `current` is the upload the job was claimed for. A deleted input counts as the job's:
 * its result was asked for and nothing newer exists. Claims written before uploads had versions
 * compare the ETag alone.
 */
export function isUploadOf(input: JobInput, current: CurrentUpload | undefined): boolean {
  if (!current) return true;
  return input.version === undefined ? current.etag === input.etag : current.version === input.version;
}
