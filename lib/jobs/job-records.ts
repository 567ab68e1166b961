/**
 * The bodies of ledger records, parsed with zod when read back: the ledger lives in a bucket people
 * can write to, so a hand-edited or truncated record is reported, not trusted.
 */
import { z } from 'zod';
import type { EffectiveProfile } from '../config/effective-profile.js';
import { engines } from '../config/engines.js';
import type { EngineSettings } from '../config/pipeline-config.js';
import { ENGINE_NAMES, FILE_ENGINE_NAMES } from '../engines/engine-names.js';
import { SUBTITLE_FORMATS, SUBTITLE_PROFILE_NAMES } from '../subtitles/formats.js';

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

const filterLevel = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** The effective settings, stored at claim so a resubmission uses exactly what the id was made from. */
export const jobProfileSchema = z.object({
  // 'live' jobs (lib/engines/live) are started by a .live.json object, never chosen by a profile.
  engine: z.enum([...engines, 'live']),
  model: z.string(),
  channels: z.union([z.literal(1), z.literal(2)]),
  formats: z.array(z.enum(SUBTITLE_FORMATS)),
  subtitleProfile: z.enum(SUBTITLE_PROFILE_NAMES),
  // JSON has no undefined: diarization off is stored as null.
  speakers: z.number().int().nullable(),
  hotwords: z.array(z.object({ word: z.string(), weight: z.number().int() })),
  // Absent from claims written before the filters were settings: those ran unfiltered.
  filterDirty: filterLevel.default(0),
  filterModal: filterLevel.default(0),
  profilePrefix: z.string().nullable(),
});
export type JobProfile = z.infer<typeof jobProfileSchema>;

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
  profile: jobProfileSchema,
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

/**
 * The settings a claim was made with, back in the shape `jobIdFor` hashes: the reconciler
 * resubmits with these (never with today's config, which may have changed since the upload), and
 * recomputing the id from them gives the same job.
 */
export function settingsOfStoredProfile(profile: JobProfile): EngineSettings {
  const engine = profile.engine;
  // A live job's settings are its .live.json object (lib/engines/live), not file settings.
  if (engine === 'live') throw new Error('a live job has no file settings; start the stream again instead');
  return {
    engine,
    model: profile.model,
    channels: profile.channels,
    formats: profile.formats,
    subtitleProfile: profile.subtitleProfile,
    speakers: profile.speakers ?? undefined,
    hotwords: profile.hotwords,
    filterDirty: profile.filterDirty,
    filterModal: profile.filterModal,
  };
}

/**
 * The profile a claim records: the effective profile as plain JSON (speakers and profilePrefix as
 * null when unset, hotwords without extra fields), so the job id can be recomputed from it later.
 * The inverse of settingsOfStoredProfile for the fields jobIdFor hashes.
 */
export function toJobProfile(profile: EffectiveProfile): JobProfile {
  return {
    engine: profile.engine,
    model: profile.model,
    channels: profile.channels,
    formats: [...profile.formats],
    subtitleProfile: profile.subtitleProfile,
    speakers: profile.speakers ?? null,
    hotwords: profile.hotwords.map((h) => ({ word: h.word, weight: h.weight })),
    filterDirty: profile.filterDirty,
    filterModal: profile.filterModal,
    profilePrefix: profile.profilePrefix ?? null,
  };
}
