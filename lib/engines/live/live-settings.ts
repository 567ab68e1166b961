/**
 * The `*.live.json` object that starts a live job, read at the edge with zod. Its content is the
 * job's identity together with the object version (the ETag covers it), so nothing else is hashed.
 *
 *   {"url": "rtmp://host/app/stream", "language": "en", "formats": ["srt", "vtt"],
 *    "hotwordId": "<hotword table id>", "filterDirty": 0, "filterModal": 0, "filterPunc": 0}
 *
 * The live API has no per-request hotword list (only a table id, `HotwordId`), no diarization and
 * no channel choice (docs product 1093/52061), so those file settings have no live counterpart.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { SUBTITLE_FORMATS, type SubtitleFormat } from '../../subtitles/formats.js';
import type { CreateLiveTaskRequest } from './live-client.js';
import {
  LIVE_ENGINE_TYPES,
  type LiveEngineType,
  MANDARIN_ONLY_OPTIONS_ENGINE,
  streamUrlProblem,
} from './live-limits.js';

/** Short language names accepted beside the engine types themselves. */
const languageEngines: Readonly<Record<string, LiveEngineType>> = {
  zh: '16k_zh',
  en: '16k_en',
  id: '16k_id',
  fil: '16k_fil',
  th: '16k_th',
  pt: '16k_pt',
  tr: '16k_tr',
  ar: '16k_ar',
  es: '16k_es',
  hi: '16k_hi',
  fr: '16k_fr',
  de: '16k_de',
};

// Built on first use (lib/lazy/on-first-use.ts): only a `.live.json` upload is read with it.
const liveObjectSchema = onFirstUse(() => {
  const filterLevel = z.union([z.literal(0), z.literal(1), z.literal(2)]);
  return z
    .object({
      url: z
        .string()
        .min(1)
        .superRefine((url, context) => {
          const problem = streamUrlProblem(url);
          if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      language: z.string().optional(),
      model: z.string().optional(),
      formats: z.array(z.enum(SUBTITLE_FORMATS)).min(1).optional(),
      hotwordId: z.string().min(1).optional(),
      filterDirty: filterLevel.optional(),
      filterModal: filterLevel.optional(),
      filterPunc: filterLevel.optional(),
    })
    .strict();
});

/** A live job's settings, exact. */
export interface LiveSettings {
  /** The stream address; may hold a stream key, so it is never logged or stored outside the input. */
  readonly url: string;
  readonly engineType: LiveEngineType;
  readonly formats: readonly SubtitleFormat[];
  readonly hotwordId: string | undefined;
  readonly filterDirty: 0 | 1 | 2;
  readonly filterModal: 0 | 1 | 2;
  readonly filterPunc: 0 | 1 | 2;
}

/** The object could not be read as a live request; the message says what to change. */
export class LiveSettingsError extends Error {
  override readonly name = 'LiveSettingsError';
}

/** Reads the object's bytes; throws LiveSettingsError listing every problem. */
export function readLiveSettings(
  body: Buffer | string,
  defaults: { readonly formats: readonly SubtitleFormat[]; readonly model: string },
): LiveSettings {
  let json: unknown;
  try {
    json = JSON.parse(body.toString());
  } catch {
    throw new LiveSettingsError('the .live.json object is not JSON; write {"url": "rtmp://host/app/stream"}');
  }
  if (json !== null && typeof json === 'object' && 'hotwords' in json) {
    throw new LiveSettingsError(
      '"hotwords": live recognition takes no word list, only a hotword table id; create the table in the ASR console and give "hotwordId"',
    );
  }
  const parsed = liveObjectSchema().safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; use url, language, model, formats, hotwordId, filterDirty, filterModal, filterPunc`
        : `${issue.path.length > 0 ? `"${issue.path.join('.')}": ` : ''}${issue.message}`,
    );
    throw new LiveSettingsError(problems.join('; '));
  }
  const request = parsed.data;
  const engineType = engineTypeOf(request.model ?? request.language, defaults.model);
  return {
    url: request.url,
    engineType,
    formats: [...new Set(request.formats ?? defaults.formats)].sort(),
    hotwordId: request.hotwordId,
    filterDirty: request.filterDirty ?? 0,
    filterModal: request.filterModal ?? 0,
    filterPunc: request.filterPunc ?? 0,
  };
}

/** The engine type for a language or model name; the pipeline's default model when it is a live one. */
function engineTypeOf(asked: string | undefined, defaultModel: string): LiveEngineType {
  const known = (name: string): LiveEngineType | undefined =>
    languageEngines[name] ?? LIVE_ENGINE_TYPES.find((type) => type === name);
  if (asked === undefined) return known(defaultModel) ?? '16k_zh';
  const engineType = known(asked);
  if (!engineType) {
    throw new LiveSettingsError(
      `"${asked}" is not a live recognition language; use one of ${Object.keys(languageEngines).join(', ')} (or the engine types ${LIVE_ENGINE_TYPES.join(', ')})`,
    );
  }
  return engineType;
}

/**
 * The CreateAsyncRecognitionTask request for a job. Filters and number conversion apply to the
 * Mandarin engine only (1093/52061), so they are sent only there; words come with punctuation
 * (WordInfo 2) so cue times follow the speech instead of being estimated from characters.
 */
export function createTaskRequest(
  settings: LiveSettings,
  callback: { readonly url: string; readonly signToken: string },
): CreateLiveTaskRequest {
  const mandarin = settings.engineType === MANDARIN_ONLY_OPTIONS_ENGINE;
  return {
    EngineType: settings.engineType,
    Url: settings.url,
    CallbackUrl: callback.url,
    SignToken: callback.signToken,
    WordInfo: 2,
    ...(settings.hotwordId === undefined ? {} : { HotwordId: settings.hotwordId }),
    ...(mandarin
      ? {
          FilterDirty: settings.filterDirty,
          FilterModal: settings.filterModal,
          FilterPunc: settings.filterPunc,
        }
      : {}),
  };
}
