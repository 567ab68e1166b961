/**
 * The settings one job runs with, one type from the upload to the engine: what effectiveProfile
 * resolves for a file (lib/config/effective-profile.ts, from the config's defaults, PROFILES prefix
 * and metadata), what the claim stores and the ledger reads back, what the job id hashes
 * (lib/pipeline/job-id.ts) and what the engines are given. JSON has no undefined: unset is null.
 */
import { z } from 'zod';
import { engines } from '../config/engines.js';
import { SUBTITLE_FORMATS, SUBTITLE_PROFILE_NAMES } from '../subtitles/formats.js';

const filterLevel = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/**
 * The one decoding of job settings: a claim's stored `profile`, read back. The ledger lives in a
 * bucket people can write to, so what it holds is parsed, not trusted.
 */
export const jobSettingsSchema = z.object({
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
/** The settings of one job. */
export type JobSettings = z.infer<typeof jobSettingsSchema>;

/**
 * The one encoding of job settings: `settings` as a claim stores them, without what rides along
 * (effectiveProfile's provenance, `overrides`) and with arrays of their own.
 */
export function storedJobSettings(settings: JobSettings): JobSettings {
  return {
    engine: settings.engine,
    model: settings.model,
    channels: settings.channels,
    formats: [...settings.formats],
    subtitleProfile: settings.subtitleProfile,
    speakers: settings.speakers,
    hotwords: settings.hotwords.map((h) => ({ word: h.word, weight: h.weight })),
    filterDirty: settings.filterDirty,
    filterModal: settings.filterModal,
    profilePrefix: settings.profilePrefix,
  };
}
