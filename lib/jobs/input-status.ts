/**
 * The status object of one input: what a person (or `cos-transcribe status`) reads to learn what
 * became of an upload. One per input key, overwritten as the input moves on; the job ledger stays
 * the truth and the status is its readable summary (DESIGN "Every input ends in a visible state").
 * Inputs refused before a job exists (bad metadata, unsupported type) get a status with no job.
 */
import { z } from 'zod';
import { onFirstUse } from '../lazy/on-first-use.js';
import { jobErrorSchema } from './job-records.js';
import { jobStates, slotOf } from './job-state.js';
import type { JobView } from './job-view.js';

// Built on first use (lib/lazy/on-first-use.ts): only reading back a stored status parses with it.
const statusSchema = onFirstUse(() =>
  z.object({
    version: z.literal(1),
    input: z.object({
      bucket: z.string(),
      key: z.string(),
      etag: z.string().nullable(),
      size: z.number().int().nonnegative().nullable(),
    }),
    /** Null when the input was refused before any job was claimed. */
    jobId: z.string().nullable(),
    state: z.enum(jobStates),
    /** Engine actually used, once submitted. */
    engine: z.string().nullable(),
    model: z.string().nullable(),
    taskId: z.string().nullable(),
    timings: z.object({
      /** Claim, or the moment the input was refused (ms). */
      startedAt: z.number().int(),
      submittedAt: z.number().int().nullable(),
      finishedAt: z.number().int().nullable(),
      /** finishedAt - startedAt, once finished. */
      elapsedMs: z.number().int().nullable(),
    }),
    outputs: z.array(z.string()),
    error: jobErrorSchema.nullable(),
    /** A remark that is not an error ("no speech found in 12.0 s of audio; ..."); absent in older statuses. */
    note: z.string().nullable().default(null),
  }),
);

/** A stored status object, as read back. */
export const inputStatusSchema = z.lazy(statusSchema);
/** The per-input status object. */
export type InputStatus = z.infer<ReturnType<typeof statusSchema>>;

/** The status that a job view implies. */
export function statusOfJob(view: JobView): InputStatus {
  const finishedAt = view.finishedAt ?? null;
  return {
    version: 1,
    input: { bucket: view.input.bucket, key: view.input.key, etag: view.input.etag, size: view.input.size },
    jobId: view.jobId,
    state: view.state,
    engine: view.submission?.engine ?? null,
    model: view.profile.model,
    taskId: view.submission?.taskId ?? null,
    timings: {
      startedAt: view.claimedAt,
      submittedAt: view.submission?.at ?? null,
      finishedAt,
      elapsedMs: finishedAt === null ? null : finishedAt - view.claimedAt,
    },
    outputs: [...view.outputs],
    error: view.error ?? null,
    note: view.note ?? null,
  };
}

/** A status for an input refused before a job existed (no engine, no outputs). */
export function refusedInputStatus(init: {
  bucket: string;
  key: string;
  etag?: string;
  size?: number;
  state: 'failed' | 'skipped';
  error: { code: string; message: string };
  at: number;
}): InputStatus {
  return {
    version: 1,
    input: { bucket: init.bucket, key: init.key, etag: init.etag ?? null, size: init.size ?? null },
    jobId: null,
    state: init.state,
    engine: null,
    model: null,
    taskId: null,
    timings: { startedAt: init.at, submittedAt: null, finishedAt: init.at, elapsedMs: 0 },
    outputs: [],
    error: init.error,
    note: null,
  };
}

/**
 * The ETag a stored status body was written for, read loosely (only `input.etag`): '' when it is
 * unreadable, so the reconciler looks at the input again rather than trusting a broken status.
 */
export function etagOfStatusBody(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { input?: { etag?: unknown } };
    return typeof parsed.input?.etag === 'string' ? parsed.input.etag : '';
  } catch {
    return '';
  }
}

/** True when the stored status `existing` should stay: it is about a later upload, or a later state of the same job. */
export function supersedes(existing: InputStatus, next: InputStatus): boolean {
  if (existing.jobId === next.jobId) return slotOf(existing.state) > slotOf(next.state);
  return existing.timings.startedAt > next.timings.startedAt;
}
