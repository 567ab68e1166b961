/**
 * CI speech recognition's engine models (docs/tencent-wire.md §6.3); CI and ASR spell some engines
 * differently. The emulator keeps its own table (local/ci/ci-engines.ts).
 */

/** CI speech-recognition `EngineModelType` values (the COS SDK's ASR-template document). */
export const CI_MODELS: readonly string[] = [
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
