/**
 * The engine names ASR accepts, from the node SDK's CreateRecTaskRequest / SentenceRecognitionRequest
 * docs (tencent-api.md §3.2, §7.1), and which features each allows.
 */

/** CreateRecTask EngineModelType values (large-model and general engines). */
export const REC_TASK_ENGINES = [
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

/** SentenceRecognition EngSerViceType values. */
export const SENTENCE_ENGINES = [
  '8k_zh',
  '8k_en',
  '16k_zh',
  '16k_zh-PY',
  '16k_zh_medical',
  '16k_en',
  '16k_yue',
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
  '16k_de',
  '16k_zh_dialect',
] as const;

/** Engines with speaker separation (SpeakerDiarization=1, mono only). */
export const DIARIZATION_ENGINES: ReadonlySet<string> = new Set([
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

/** Engines that only return the basic result (ResTextFormat 0). */
export const BASIC_RESULT_ONLY_ENGINES: ReadonlySet<string> = new Set(['16k_multi_lang', '16k_ja', '16k_ko']);

/** ResTextFormat 4 (semantic segmentation) and 5 (written text) are paid add-ons for these engines only. */
export const WRITTEN_TEXT_ENGINES: ReadonlySet<string> = new Set(['8k_zh', '16k_zh']);

/** Telephone engines: the only ones that take stereo (ChannelNum 2) and 8 kHz PCM. */
export function isTelephoneEngine(engine: string): boolean {
  return engine.startsWith('8k_');
}

/** The language code an engine name implies ('16k_en' → 'en', '16k_zh-PY' → 'zh'). */
export function engineLanguage(engine: string): string {
  return engine.replace(/^\d+k_/, '').split(/[_-]/)[0] ?? 'en';
}
