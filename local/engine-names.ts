/**
 * What the emulator reads from an engine name, the same way for ASR, CI and MPS: Tencent names its
 * speech engines `<rate>k_<language>[_variant]` (ASR CreateRecTask docs product 1093/37823, CI speech
 * jobs 460/84498).
 */

/** 8 kHz telephone engines: the only ones that take stereo (ChannelNum 2) and 8 kHz PCM. */
export function isTelephoneEngine(engine: string): boolean {
  return engine.startsWith('8k_');
}

/** The language the emulator's recognizer should listen for ('16k_en' → 'en', '16k_zh-PY' → 'zh'). */
export function engineLanguage(engine: string): string {
  const rest = engine.slice(engine.indexOf('k_') + 2);
  return /^[a-z]+/.exec(rest)?.[0] ?? 'en';
}
