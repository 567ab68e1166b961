/**
 * The engine names CI speech jobs accept, as the emulator checks them (kept apart from the pipeline's
 * list on purpose). Sources: the COS SDK's ASR-template document (docs product 1045/51260) and CI
 * "Submitting Speech Recognition Job" (1045/49546, 460/84498).
 */

/** `SpeechRecognition.EngineModelType`. */
export const CI_ENGINES: readonly string[] = [
  ...['8k_zh', '8k_zh_s', '8k_en', '16k_zh', '16k_zh_video', '16k_en', '16k_ca', '16k_ja'],
  ...['16k_zh_edu', '16k_en_edu', '16k_zh_medical', '16k_th', '16k_zh_dialect'],
];

/** Fast recognition (`FlashAsr` true) takes only these engines. */
export const CI_FLASH_ENGINES: readonly string[] = ['8k_zh', '16k_zh', '16k_en', '16k_zh_video'];
