/**
 * The bodies of ledger records, parsed with zod when read back: the ledger lives in a bucket people
 * can write to, so a hand-edited or truncated record is reported, not trusted.
 */
import { z } from 'zod';
import { ENGINE_NAMES, FILE_ENGINE_NAMES } from '../engines/engine-names.js';
import { jobSettingsSchema } from './job-settings.js';

/** The object a job transcribes. */
export const jobInputSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  etag: z.string(),
  size: z.number().int().nonnegative(),
  /**
   * The upload this job transcribes: ETag and settings metadata together (lib/pipeline/input-version.ts).
   * Absent from claims written before outputs were published by upload.
   */
  version: z.string().optional(),
});
export type JobInput = z.infer<typeof jobInputSchema>;

/**
 * A failure or skip reason: a stable code and a message a person can act on. When an engine reported
 * the failure, its own code and message are kept as it gave them (`engineCode`, `engineMessage`),
 * for a support ticket; the message says the same in the user's terms.
 */
export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  engineCode: z.string().optional(),
  engineMessage: z.string().optional(),
});
export type JobError = z.infer<typeof jobErrorSchema>;

const common = {
  version: z.literal(1),
  jobId: z.string(),
  /** When the writer made the record (its clock, integer ms). */
  at: z.number().int(),
  /** Which function wrote it: 'upload', 'callback', 'reconcile', 'cli', ... */
  by: z.string(),
};

export const claimedRecordSchema = z.object({
  ...common,
  state: z.literal('claimed'),
  input: jobInputSchema,
  profile: jobSettingsSchema,
  /**
   * The engine a file's job was routed to at claim (routing may have read the WAV header), so a
   * resubmission needs no second look at the file. Absent for live jobs, and from claims written
   * before it was recorded (their engine is worked out again, lib/pipeline/engine-of-claim.ts).
   */
  engine: z.enum(FILE_ENGINE_NAMES).optional(),
  /** What the upload's audio made the pipeline decide or doubt, e.g. an 8 kHz file given an 8k model. */
  note: z.string().optional(),
});

export const submittedRecordSchema = z.object({
  ...common,
  state: z.literal('submitted'),
  /** The engine actually used (never 'auto'). */
  engine: z.enum(ENGINE_NAMES),
  /** The engine's id for the task (ASR TaskId as a decimal string: it is a uint64). */
  taskId: z.string(),
  /** When the signed callback URL stops working (ms); absent for synchronous engines. */
  callbackExpiresAt: z.number().int().optional(),
});

export const doneRecordSchema = z.object({
  ...common,
  state: z.literal('done'),
  /** Output object keys, in the output bucket. */
  outputs: z.array(z.string()),
  /** Length of the transcribed audio, when the engine said. */
  audioDurationMs: z.number().int().nonnegative().optional(),
  /** What a person should know about a result that is not an error, e.g. that no speech was found. */
  note: z.string().optional(),
});

export const failedRecordSchema = z.object({
  ...common,
  state: z.literal('failed'),
  error: jobErrorSchema,
});

export const skippedRecordSchema = z.object({
  ...common,
  state: z.literal('skipped'),
  reason: jobErrorSchema,
});

/** Any ledger record. */
export const jobRecordSchema = z.discriminatedUnion('state', [
  claimedRecordSchema,
  submittedRecordSchema,
  doneRecordSchema,
  failedRecordSchema,
  skippedRecordSchema,
]);
export type JobRecord = z.infer<typeof jobRecordSchema>;

/** A record after the claim: what the ledger's `record` writes. */
export const laterRecordSchema = z.discriminatedUnion('state', [
  submittedRecordSchema,
  doneRecordSchema,
  failedRecordSchema,
  skippedRecordSchema,
]);
export type ClaimedRecord = z.infer<typeof claimedRecordSchema>;
export type SubmittedRecord = z.infer<typeof submittedRecordSchema>;
export type FinalRecord =
  | z.infer<typeof doneRecordSchema>
  | z.infer<typeof failedRecordSchema>
  | z.infer<typeof skippedRecordSchema>;

/** What a caller supplies for each recordable state (the ledger adds version, jobId, at, state). */
export interface RecordDetails {
  submitted: Omit<SubmittedRecord, 'version' | 'jobId' | 'at' | 'state' | 'by'>;
  done: Omit<z.infer<typeof doneRecordSchema>, 'version' | 'jobId' | 'at' | 'state' | 'by'>;
  failed: Omit<z.infer<typeof failedRecordSchema>, 'version' | 'jobId' | 'at' | 'state' | 'by'>;
  skipped: Omit<z.infer<typeof skippedRecordSchema>, 'version' | 'jobId' | 'at' | 'state' | 'by'>;
}
