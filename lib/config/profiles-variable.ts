/**
 * `PROFILES`: engine settings per input-key prefix, as one JSON object keyed by the full key prefix.
 *
 *   PROFILES='{"media/zh-video/": {"engine": "ci", "model": "16k_zh_video"},
 *              "calls/": {"engine": "asr", "model": "8k_zh", "channels": 2}}'
 *
 * Fields (all optional, each falls back to the environment defaults): engine, model, channels,
 * formats (array or comma list), subtitleProfile, speakers, hotwords (array or comma list),
 * filterDirty, filterModal. Unknown
 * fields are refused: a misspelt "chanels" silently ignored would transcribe calls wrongly for weeks.
 * Every file under the prefix uses the profile; the longest matching prefix wins.
 */
import { z } from 'zod';
import type { ConfigProblem } from './config-error.js';
import { channelsProblem, modelProblem, speakersProblem } from './engines.js';
import type { EngineSettings, PrefixProfile } from './pipeline-config.js';
import {
  type Parsed,
  parseChannels,
  parseEngine,
  parseFilterLevel,
  parseFormats,
  parseHotwords,
  parseSpeakers,
  parseSubtitleProfile,
} from './settings-fields.js';

// JSON written by hand: numbers sometimes arrive quoted, lists as arrays or comma strings.
const listOrString = z.union([z.string(), z.array(z.string())]);
const numberOrString = z.union([z.number(), z.string()]);
const profileEntry = z
  .object({
    engine: z.string().optional(),
    model: z.string().optional(),
    channels: numberOrString.optional(),
    formats: listOrString.optional(),
    subtitleProfile: z.string().optional(),
    speakers: numberOrString.optional(),
    hotwords: listOrString.optional(),
    filterDirty: numberOrString.optional(),
    filterModal: numberOrString.optional(),
  })
  .strict();
const profilesJson = z.record(z.string(), profileEntry);

/** Parses PROFILES over `defaults`; problems name `PROFILES["<prefix>"].<field>`. */
export function parseProfilesVariable(
  text: string | undefined,
  defaults: EngineSettings,
  inputPrefix: string,
): { profiles: PrefixProfile[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (text === undefined || text.trim() === '') return { profiles: [], problems };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({
      variable: 'PROFILES',
      message: `is not valid JSON (${reason}); write a JSON object keyed by key prefix`,
    });
    return { profiles: [], problems };
  }
  const parsed = profilesJson.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [prefix, field] = issue.path;
      const where =
        prefix === undefined
          ? 'PROFILES'
          : `PROFILES[${JSON.stringify(prefix)}]${field === undefined ? '' : `.${String(field)}`}`;
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${Object.keys(profileEntry.shape).join(', ')}`
          : `${issue.message}; write {"<prefix>": {"engine": "asr", "model": "16k_zh", ...}}`;
      problems.push({ variable: where, message });
    }
    return { profiles: [], problems };
  }

  const profiles: PrefixProfile[] = [];
  for (const [prefix, entry] of Object.entries(parsed.data)) {
    const variable = (field: string) => `PROFILES[${JSON.stringify(prefix)}]${field}`;
    const before = problems.length;
    if (!prefix.startsWith(inputPrefix) || prefix.startsWith('/')) {
      problems.push({
        variable: variable(''),
        message: `prefix is outside INPUT_PREFIX "${inputPrefix}", so no upload could ever use it; write the full key prefix, e.g. "${inputPrefix}${prefix.replace(/^\/+/, '')}"`,
      });
    }
    const take = <T>(field: string, value: unknown, parse: (v: never) => Parsed<T>, fallback: T): T => {
      if (value === undefined) return fallback;
      const result = parse(value as never);
      if (result.ok) return result.value;
      problems.push({ variable: variable(`.${field}`), message: result.problem });
      return fallback;
    };
    const settings: EngineSettings = {
      engine: take('engine', entry.engine, parseEngine, defaults.engine),
      model: entry.model?.trim() ?? defaults.model,
      channels: take('channels', entry.channels, parseChannels, defaults.channels),
      formats: take('formats', entry.formats, parseFormats, defaults.formats),
      subtitleProfile: take(
        'subtitleProfile',
        entry.subtitleProfile,
        parseSubtitleProfile,
        defaults.subtitleProfile,
      ),
      speakers: take('speakers', entry.speakers, parseSpeakers, defaults.speakers),
      hotwords: take('hotwords', entry.hotwords, parseHotwords, defaults.hotwords),
      filterDirty: take('filterDirty', entry.filterDirty, parseFilterLevel, defaults.filterDirty),
      filterModal: take('filterModal', entry.filterModal, parseFilterLevel, defaults.filterModal),
    };
    const modelIssue = modelProblem(settings.engine, settings.model);
    if (modelIssue) problems.push({ variable: variable('.model'), message: modelIssue });
    const channelIssue = channelsProblem(settings.model, settings.channels);
    if (channelIssue) problems.push({ variable: variable('.channels'), message: channelIssue });
    const speakersIssue = speakersProblem(settings.engine, settings.model, settings.speakers);
    if (speakersIssue) problems.push({ variable: variable('.speakers'), message: speakersIssue });
    if (settings.channels === 2 && settings.speakers !== undefined) {
      problems.push({
        variable: variable('.speakers'),
        message:
          'diarization needs mono audio (2 channels already separate the speakers); drop speakers or use 1 channel',
      });
    }
    if (problems.length === before) profiles.push({ prefix, settings });
  }
  profiles.sort((a, b) => b.prefix.length - a.prefix.length);
  return { profiles, problems };
}
