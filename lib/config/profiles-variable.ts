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
import { type Parsed, settingParsers } from './settings-fields.js';

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
type ProfileEntry = z.infer<typeof profileEntry>;

/** Parses PROFILES over `defaults`; problems name `PROFILES["<prefix>"].<field>`. */
export function parseProfilesVariable(
  text: string | undefined,
  defaults: EngineSettings,
  inputPrefix: string,
): { profiles: PrefixProfile[]; problems: ConfigProblem[] } {
  if (text === undefined || text.trim() === '') return { profiles: [], problems: [] };
  const parsed = parseProfilesJson(text);
  if ('problems' in parsed) return { profiles: [], problems: parsed.problems };
  const problems: ConfigProblem[] = [];
  const profiles: PrefixProfile[] = [];
  for (const [prefix, entry] of Object.entries(parsed.entries)) {
    const before = problems.length;
    const settings = profileSettings(prefix, entry, defaults, inputPrefix, problems);
    if (problems.length === before) profiles.push({ prefix, settings });
  }
  profiles.sort((a, b) => b.prefix.length - a.prefix.length);
  return { profiles, problems };
}

/** The JSON object of PROFILES, or why it is not one in the shape we read. */
function parseProfilesJson(
  text: string,
): { entries: Record<string, ProfileEntry> } | { problems: ConfigProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `is not valid JSON (${reason}); write a JSON object keyed by key prefix`;
    return { problems: [{ variable: 'PROFILES', message }] };
  }
  const parsed = profilesJson.safeParse(raw);
  if (parsed.success) return { entries: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const [prefix, field] = issue.path;
    const variable =
      prefix === undefined
        ? 'PROFILES'
        : `PROFILES[${JSON.stringify(prefix)}]${field === undefined ? '' : `.${String(field)}`}`;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${Object.keys(profileEntry.shape).join(', ')}`
        : `${issue.message}; write {"<prefix>": {"engine": "asr", "model": "16k_zh", ...}}`;
    return { variable, message };
  });
  return { problems };
}

/** One entry's settings over `defaults`, each problem added to `problems`. */
function profileSettings(
  prefix: string,
  entry: ProfileEntry,
  defaults: EngineSettings,
  inputPrefix: string,
  problems: ConfigProblem[],
): EngineSettings {
  const variable = (field: string) => `PROFILES[${JSON.stringify(prefix)}]${field}`;
  const report = (field: string, message: string) => problems.push({ variable: variable(field), message });
  if (!prefix.startsWith(inputPrefix) || prefix.startsWith('/')) {
    report(
      '',
      `prefix is outside INPUT_PREFIX "${inputPrefix}", so no upload could ever use it; write the full key prefix, e.g. "${inputPrefix}${prefix.replace(/^\/+/, '')}"`,
    );
  }
  const take = <K extends keyof typeof settingParsers>(field: K): EngineSettings[K] => {
    const value = entry[field];
    if (value === undefined) return defaults[field];
    const result = (settingParsers[field] as (v: never) => Parsed<EngineSettings[K]>)(value as never);
    if (result.ok) return result.value;
    report(`.${field}`, result.problem);
    return defaults[field];
  };
  const settings: EngineSettings = {
    engine: take('engine'),
    model: entry.model?.trim() ?? defaults.model,
    channels: take('channels'),
    formats: take('formats'),
    subtitleProfile: take('subtitleProfile'),
    speakers: take('speakers'),
    hotwords: take('hotwords'),
    filterDirty: take('filterDirty'),
    filterModal: take('filterModal'),
  };
  const modelIssue = modelProblem(settings.engine, settings.model);
  if (modelIssue) report('.model', modelIssue);
  const channelIssue = channelsProblem(settings.model, settings.channels);
  if (channelIssue) report('.channels', channelIssue);
  const speakersIssue = speakersProblem(settings.engine, settings.model, settings.speakers);
  if (speakersIssue) report('.speakers', speakersIssue);
  if (settings.channels === 2 && settings.speakers !== undefined) {
    report(
      '.speakers',
      'diarization needs mono audio (2 channels already separate the speakers); drop speakers or use 1 channel',
    );
  }
  return settings;
}
