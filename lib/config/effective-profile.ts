/**
 * The settings one file is transcribed with: environment defaults, then the longest matching
 * PROFILES prefix, then the object's own `x-cos-meta-asr-*` metadata. The result feeds the job id,
 * so two uploads with the same content and the same effective settings are the same job.
 */

import type { JobSettings } from '../jobs/job-settings.js';
import { channelsProblem, type Engine, modelProblem, modelsFor, speakersProblem } from './engines.js';
import { MetadataOverrideError, type MetadataProblem } from './metadata-override-error.js';
import type { PipelineConfig } from './pipeline-config.js';
import { type Parsed, parseEngine, parseFormats, parseHotwords, parseSpeakers } from './settings-fields.js';

/**
 * A file's job settings as resolved (`profilePrefix` is the PROFILES prefix that applied, null for
 * the defaults), plus the metadata headers that changed something: provenance for logs, which the
 * claim does not store (lib/jobs/job-settings.ts `storedJobSettings`) and the job id does not hash.
 */
export interface EffectiveProfile extends JobSettings {
  readonly engine: Engine;
  /** Metadata headers that changed something, e.g. ['x-cos-meta-asr-engine']. */
  readonly overrides: readonly string[];
}

/** The metadata overrides we understand (metadata keys as the ObjectStorage port gives them). */
export const metadataOverrideKeys = [
  'asr-engine',
  'asr-language',
  'asr-formats',
  'asr-speakers',
  'asr-hotwords',
] as const;

/**
 * Resolves the profile for `inputKey` with `metadata` (lower-case keys without `x-cos-meta-`, as
 * `ObjectHead.metadata`). Throws `MetadataOverrideError` listing every bad header.
 */
export function effectiveProfile(
  config: PipelineConfig,
  inputKey: string,
  metadata: Readonly<Record<string, string>>,
): EffectiveProfile {
  const matched = config.profiles.find((p) => inputKey.startsWith(p.prefix));
  const base = matched?.settings ?? config.defaults;
  const problems: MetadataProblem[] = unknownOverrides(metadata);
  const overrides: string[] = [];
  const take = <T>(
    key: (typeof metadataOverrideKeys)[number],
    parse: (t: string) => Parsed<T>,
    fallback: T,
  ): T => {
    const raw = metadata[key];
    if (raw === undefined) return fallback;
    const result = parse(decodeHeaderValue(raw));
    if (!result.ok) {
      problems.push({ header: header(key), message: result.problem });
      return fallback;
    }
    overrides.push(header(key));
    return result.value;
  };

  const engine = take('asr-engine', parseEngine, base.engine);
  const formats = take('asr-formats', parseFormats, base.formats);
  const speakers = take('asr-speakers', parseSpeakers, base.speakers);
  const hotwords = take('asr-hotwords', parseHotwords, base.hotwords);
  let model = base.model;
  const language = metadata['asr-language'];
  if (language !== undefined) {
    const chosen = modelForLanguage(engine, base.model, decodeHeaderValue(language));
    if (chosen.ok) {
      model = chosen.value;
      overrides.push(header('asr-language'));
    } else {
      problems.push({ header: header('asr-language'), message: chosen.problem });
    }
  }
  // Checked after every override: an engine change can make the profile's model unusable.
  if (problems.length === 0) {
    const source = matched ? `profile "${matched.prefix}"` : 'ENGINE_MODEL';
    problems.push(...combinationProblems({ engine, model, speakers }, base.channels, metadata, source));
  }
  if (problems.length > 0) throw new MetadataOverrideError(problems);

  return {
    engine,
    model,
    channels: base.channels,
    formats: [...formats],
    subtitleProfile: base.subtitleProfile,
    speakers: speakers ?? null,
    hotwords: hotwords.map((h) => ({ word: h.word, weight: h.weight })),
    filterDirty: base.filterDirty,
    filterModal: base.filterModal,
    profilePrefix: matched?.prefix ?? null,
    overrides,
  };
}

/** Headers in our `asr-` namespace that we do not understand (a typo would be ignored otherwise). */
function unknownOverrides(metadata: Readonly<Record<string, string>>): MetadataProblem[] {
  return Object.keys(metadata)
    .filter((key) => key.startsWith('asr-') && !(metadataOverrideKeys as readonly string[]).includes(key))
    .map((key) => ({
      header: header(key),
      message: `unknown override; use one of ${metadataOverrideKeys.map(header).join(', ')}`,
    }));
}

/** The metadata header a key travels in. */
function header(key: string): string {
  return `x-cos-meta-${key}`;
}

/**
 * What the overridden settings refuse together, blamed on the header that brought it about.
 * `modelSource` says where the model came from when no language header changed it.
 */
function combinationProblems(
  chosen: { engine: Engine; model: string; speakers: number | undefined },
  channels: 1 | 2,
  metadata: Readonly<Record<string, string>>,
  modelSource: string,
): MetadataProblem[] {
  const { engine, model, speakers } = chosen;
  const problems: MetadataProblem[] = [];
  const modelIssue = modelProblem(engine, model);
  if (modelIssue) {
    problems.push({
      header: header(metadata['asr-language'] === undefined ? 'asr-engine' : 'asr-language'),
      message: `${modelIssue} (the model comes from ${modelSource})`,
    });
  }
  const channelIssue = channelsProblem(model, channels);
  if (channelIssue) problems.push({ header: header('asr-language'), message: channelIssue });
  // The config refused this at load for its own settings; an override can still bring it about.
  const speakersIssue = speakersProblem(engine, model, speakers);
  if (speakersIssue) {
    const culprit = ['asr-speakers', 'asr-language', 'asr-engine'].find((k) => metadata[k] !== undefined);
    problems.push({ header: header(culprit ?? 'asr-speakers'), message: speakersIssue });
  }
  if (channels === 2 && speakers !== undefined && metadata['asr-speakers'] !== undefined) {
    problems.push({
      header: header('asr-speakers'),
      message: 'this prefix takes 2-channel audio where each channel is one speaker; remove the header',
    });
  }
  return problems;
}

/**
 * `asr-language` is a language code (`en`, `zh`, `yue`, `ja`, ...), or a full model name. A code
 * keeps the sample rate of the profile's model (`8k_zh` + `en` → `8k_en`): telephone audio stays on
 * a telephone model.
 */
function modelForLanguage(
  engine: PipelineConfig['defaults']['engine'],
  baseModel: string,
  language: string,
): Parsed<string> {
  const text = language.trim();
  const allowed = modelsFor(engine);
  if (allowed.includes(text)) return { ok: true, value: text };
  if (!/^[a-z]{2,3}([-_][a-zA-Z]{2,})?$/.test(text)) {
    return {
      ok: false,
      problem: `"${language}" is not a language code (en, zh, yue, ja, ...) or a model name`,
    };
  }
  const rate = baseModel.startsWith('8k_') ? '8k' : '16k';
  const candidate = `${rate}_${text}`;
  if (allowed.includes(candidate)) return { ok: true, value: candidate };
  return {
    ok: false,
    problem: `the ${engine} engine has no ${rate} model for "${text}"; use a language with one of ${allowed.filter((m) => m.startsWith(`${rate}_`)).join(', ')}`,
  };
}

/**
 * COS metadata travels in HTTP headers, so non-ASCII values (Chinese hotwords) must be
 * percent-encoded by the uploader; we decode them here. A value that is not valid percent-encoding
 * is taken literally.
 */
function decodeHeaderValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
