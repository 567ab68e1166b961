/**
 * The engine vocabulary shared by config, profiles and metadata overrides. Model names are the ones
 * each Tencent API accepts (docs/tencent-wire.md §3.2 for ASR, §6.3 for CI): CI and ASR
 * spell some engines differently, so a profile is checked against the list of the engine it names.
 */

import { allowsFixedSpeakerCount, isTelephoneModel, REC_TASK_MODELS } from '../engines/asr/asr-models.js';
import { CI_MODELS } from '../engines/ci/ci-models.js';
import { FILE_ENGINE_NAMES } from '../engines/engine-names.js';

/** `auto` lets the submit use case route by size and duration (short clips go synchronous). */
export const engines = [...FILE_ENGINE_NAMES, 'auto'] as const;
/** An engine a setting may name: one of {@link FILE_ENGINE_NAMES}, or `auto`. */
export type Engine = (typeof engines)[number];

/** ASR CreateRecTask `EngineModelType` values (docs/tencent-wire.md §3.2). */
export const asrModels: readonly string[] = REC_TASK_MODELS;

/** CI speech-recognition `EngineModelType` values (docs/tencent-wire.md §6.3). */
export const ciModels: readonly string[] = CI_MODELS;

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

/** 8 kHz telephone models are the only ones that take 2 channels (docs/tencent-wire.md §3.2 ChannelNum). */
export function channelsProblem(model: string, channels: number): string | undefined {
  if (channels === 1) return undefined;
  if (channels === 2 && isTelephoneModel(model)) return undefined;
  return `${channels} channels needs an 8k telephone model (got "${model}"); use 1 channel or an 8k_ model`;
}

/**
 * ASR refuses a fixed speaker count (1-10) on 16k models, which take only 0 = automatic
 * (docs/tencent-wire.md §3.2 SpeakerNumber); CI documents no such rule, so an engine pinned to CI is spared.
 */
export function speakersProblem(
  engine: Engine,
  model: string,
  speakers: number | undefined,
): string | undefined {
  if (speakers === undefined || speakers === 0 || engine === 'ci') return undefined;
  if (allowsFixedSpeakerCount(model)) return undefined;
  return `a fixed count of ${speakers} speakers is refused by ASR with the 16k model "${model}"; use auto (0), or an 8k model`;
}
