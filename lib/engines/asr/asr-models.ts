/**
 * ASR's engine models: which names CreateRecTask accepts and what each allows, so the pipeline
 * refuses a wrong model at load (docs/tencent-wire.md §3.2). The emulator keeps its own table
 * (local/asr/asr-engines.ts), so a mistake here is refused there as Tencent would refuse it.
 */

/** ASR CreateRecTask `EngineModelType` values (large-model and general engines). */
export const REC_TASK_MODELS = [
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
] as const;

/** ASR models with speaker separation (SpeakerDiarization=1, mono only). */
export const DIARIZATION_MODELS: ReadonlySet<string> = new Set([
  '8k_zh',
  '8k_zh_large',
  '16k_zh_en_2.0',
  '16k_zh_en',
  '16k_zh',
  '16k_ms',
  '16k_en',
  '16k_id',
  '16k_zh_dialect',
  '16k_es',
  '16k_fr',
  '16k_ja',
  '16k_ko',
]);

/** ASR models that only return the basic result (ResTextFormat 0). */
export const BASIC_RESULT_ONLY_MODELS: ReadonlySet<string> = new Set(['16k_multi_lang', '16k_ja', '16k_ko']);

/** ResTextFormat 4 (semantic segmentation) and 5 (written text) are paid add-ons for these models only. */
export const WRITTEN_TEXT_MODELS: ReadonlySet<string> = new Set(['8k_zh', '16k_zh']);

/** Telephone models (8 kHz): the only ones that take stereo (ChannelNum 2) and 8 kHz PCM. */
export function isTelephoneModel(model: string): boolean {
  return model.startsWith('8k_');
}

/**
 * Whether ASR takes a fixed `SpeakerNumber` (1-10) with this model: 16k engines only take 0
 * (automatic count), docs/tencent-wire.md §3.2 SpeakerNumber.
 */
export function allowsFixedSpeakerCount(model: string): boolean {
  return !model.startsWith('16k_');
}

/** The language code a model name implies ('16k_en' → 'en', '16k_zh-PY' → 'zh', '8k_zh_s' → 'zh'). */
export function modelLanguage(model: string): string {
  return model.replace(/^\d+k_/, '').split(/[_-]/)[0] ?? 'en';
}
