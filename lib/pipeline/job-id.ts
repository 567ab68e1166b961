/**
 * Our own job identity (DESIGN: engine task ids repeat after 24 h, so they cannot be it). A job is
 * "this content of this object, transcribed with these settings": the same upload delivered twice
 * gets the same id (the ledger claim then stops the duplicate), while new content (a new ETag) or
 * different effective settings make a new job.
 */
import { createHash } from 'node:crypto';
import type { JobSettings } from '../jobs/job-settings.js';

/** What identifies a job. `profile` may carry extra fields (provenance): only the settings count. */
export interface JobIdentity {
  /** `name-appid`. */
  readonly bucket: string;
  /** Raw object key (decoded, not URL-encoded). */
  readonly key: string;
  /** ETag without quotes; COS quotes it in headers, events sometimes do not. */
  readonly etag: string;
  readonly profile: JobSettings;
}

/** Length of a job id: 32 lower-case hex characters (128 bits of SHA-256). */
export const jobIdLength = 32;

/**
 * A stable, URL-safe id (`[0-9a-f]{32}`): fits CI `UserData` (≤ 1024 printable ASCII), a query
 * parameter and a COS key segment without escaping.
 */
export function jobIdFor(identity: JobIdentity): string {
  return createHash('sha256').update(canonicalIdentity(identity)).digest('hex').slice(0, jobIdLength);
}

/**
 * The id an upload gets when its job was superseded (publish-outputs.ts) and the same content and
 * settings are uploaded again: derived, so every delivery of that upload (and the CLI) finds the same
 * job, and shaped like every other id.
 */
export function successorJobId(jobId: string): string {
  return createHash('sha256').update(`successor\n${jobId}`).digest('hex').slice(0, jobIdLength);
}

/**
 * The id of a deliberate second attempt at `jobId` (`cos-transcribe replay --resubmit`). A job id is
 * "this content with these settings", so the same content and settings would name the finished job
 * again: a replay has its own id, from the job it replaces and a `nonce`, shaped like every other id.
 */
export function replayJobId(jobId: string, nonce: string): string {
  return createHash('sha256').update(`replay\n${jobId}\n${nonce}`).digest('hex').slice(0, jobIdLength);
}

/** True for strings shaped like a job id (checked before using one from a URL in a storage key). */
export function isJobId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

/**
 * The hashed text. A JSON array with a version tag and the settings in a fixed field order, so that
 * object key order, provenance fields and ETag quoting cannot change the id, while any setting that
 * changes the result does. Bump the version only on purpose: it re-runs every file.
 */
function canonicalIdentity({ bucket, key, etag, profile }: JobIdentity): string {
  const settings = [
    profile.engine,
    profile.model,
    profile.channels,
    [...profile.formats].sort(),
    profile.subtitleProfile,
    profile.speakers ?? null,
    profile.hotwords.map((h) => [h.word, h.weight]),
    // Only when set: jobs without filters keep the ids they had before filters were settings.
    ...(profile.filterDirty || profile.filterModal
      ? [['filters', profile.filterDirty, profile.filterModal]]
      : []),
  ];
  return JSON.stringify(['v1', bucket, key, etag.replace(/^"|"$/g, ''), settings]);
}
