/**
 * The engine vocabulary shared by config, profiles and metadata overrides. Model names are the ones
 * each Tencent API accepts (shared/reference/tencent-api.md §3.2 for ASR, §6.3 for CI): CI and ASR
 * spell some engines differently, so a profile is checked against the list of the engine it names.
 */

/** `auto` lets the submit use case route by size and duration (short clips go synchronous). */
export const engines = ['ci', 'asr', 'sentence', 'mps', 'auto'] as const;
export type Engine = (typeof engines)[number];

export const outputFormats = ['srt', 'vtt', 'ass', 'txt', 'json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export const subtitleProfiles = ['en', 'zh', 'auto'] as const;
export type SubtitleProfile = (typeof subtitleProfiles)[number];

/** ASR CreateRecTask `EngineModelType` values (tencent-api.md §3.2). */
export const asrModels: readonly string[] = [
  '16k_zh_en_2.0',
  '8k_zh_large',
  '16k_zh_en',
  '16k_multi_lang',
  '16k_en_large',
  '8k_zh',
  '8k_en',
  '16k_zh',
  '16k_en',
  '16k_yue',
  '16k_zh-PY',
  '16k_zh-TW',
  '16k_ja',
  '16k_ko',
  '16k_vi',
  '16k_ms',
  '16k_id',
  '16k_fil',
  '16k_th',
  '16k_pt',
  '16k_tr',
  '16k_ar',
  '16k_es',
  '16k_hi',
  '16k_fr',
  '16k_zh_medical',
  '16k_de',
  '16k_zh_dialect',
];

/** CI speech-recognition `EngineModelType` values (tencent-api.md §6.3). */
export const ciModels: readonly string[] = [
  '8k_zh',
  '8k_zh_s',
  '8k_en',
  '16k_zh',
  '16k_zh_video',
  '16k_en',
  '16k_ca',
  '16k_ja',
  '16k_zh_edu',
  '16k_en_edu',
  '16k_zh_medical',
  '16k_th',
  '16k_zh_dialect',
];

/**
 * The models an engine accepts. SentenceRecognition and MPS share ASR's names closely enough that we
 * check them against the ASR list; `auto` may route to CI or ASR, so it takes a model both accept.
 */
export function modelsFor(engine: Engine): readonly string[] {
  if (engine === 'ci') return ciModels;
  if (engine === 'auto') return asrModels.filter((m) => ciModels.includes(m));
  return asrModels;
}

/** Why a model does not fit an engine, or undefined when it does. */
export function modelProblem(engine: Engine, model: string): string | undefined {
  const allowed = modelsFor(engine);
  if (allowed.includes(model)) return undefined;
  const hint = engine === 'auto' ? ' (with engine auto the model must be valid for both CI and ASR)' : '';
  return `"${model}" is not a ${engine} engine model${hint}; use one of ${allowed.join(', ')}`;
}

/** 8 kHz telephone models are the only ones that take 2 channels (tencent-api.md §3.2 ChannelNum). */
export function channelsProblem(model: string, channels: number): string | undefined {
  if (channels === 1) return undefined;
  if (channels === 2 && model.startsWith('8k_')) return undefined;
  return `${channels} channels needs an 8k telephone model (got "${model}"); use 1 channel or an 8k_ model`;
}
