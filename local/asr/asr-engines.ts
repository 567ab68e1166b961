/**
 * The engine names ASR accepts, as the emulator checks them. Kept apart from the pipeline's own list on
 * purpose: a wrong name in the pipeline must be refused here as Tencent would, not mirrored.
 * Sources: tencentcloud-sdk-nodejs `src/services/asr/v20190614/asr_models.ts` (CreateRecTaskRequest
 * EngineModelType, SentenceRecognitionRequest EngSerViceType), docs product 1093/37823 (CreateRecTask:
 * speaker diarization models, ResTextFormat limits, SpeakerNumber) and 1093/35646 (SentenceRecognition).
 */

/** CreateRecTask `EngineModelType`: large-model engines, then general engines. */
export const REC_TASK_ENGINES = [
  ...['16k_zh_en_2.0', '8k_zh_large', '16k_zh_en', '16k_multi_lang', '16k_en_large'],
  ...['8k_zh', '8k_en', '16k_zh', '16k_en', '16k_yue', '16k_zh-PY', '16k_zh-TW', '16k_ja', '16k_ko'],
  ...['16k_vi', '16k_ms', '16k_id', '16k_fil', '16k_th', '16k_pt', '16k_tr', '16k_ar', '16k_es'],
  ...['16k_hi', '16k_fr', '16k_zh_medical', '16k_de', '16k_zh_dialect'],
] as const;

/** SentenceRecognition `EngSerViceType`. */
export const SENTENCE_ENGINES = [
  ...['8k_zh', '8k_en', '16k_zh', '16k_zh-PY', '16k_zh_medical', '16k_en', '16k_yue', '16k_ja'],
  ...['16k_ko', '16k_vi', '16k_ms', '16k_id', '16k_fil', '16k_th', '16k_pt', '16k_tr', '16k_ar'],
  ...['16k_es', '16k_hi', '16k_fr', '16k_de', '16k_zh_dialect'],
] as const;

/** Engines that separate speakers (SpeakerDiarization=1, mono only). */
export const SPEAKER_ENGINES: ReadonlySet<string> = new Set([
  ...['8k_zh', '8k_zh_large', '16k_zh_en_2.0', '16k_zh_en', '16k_zh', '16k_ms', '16k_en'],
  ...['16k_id', '16k_zh_dialect', '16k_es', '16k_fr', '16k_ja', '16k_ko'],
]);

/** Engines that only give the basic result (ResTextFormat 0). */
export const BASIC_ONLY_ENGINES: ReadonlySet<string> = new Set(['16k_multi_lang', '16k_ja', '16k_ko']);

/** ResTextFormat 4 and 5 (semantic segmentation, written text) exist for these engines only. */
export const WRITTEN_TEXT_ENGINES: ReadonlySet<string> = new Set(['8k_zh', '16k_zh']);

/** A fixed SpeakerNumber (1-10) is taken only by 8 kHz engines; 16 kHz ones take 0 (count it). */
export function takesSpeakerCount(engine: string): boolean {
  return !engine.startsWith('16k_');
}
