/**
 * The one list of the speech engines a job can run on: CI speech jobs (`ci`), ASR CreateRecTask
 * (`asr`), and for short clips SentenceRecognition (`sentence`) and MPS RecognizeAudio (`mps`)
 * (docs/tencent-wire.md §3, §6, §7). Config, the ledger's records and the transcript's source take
 * their names from here; adding an engine is adding it here and a folder beside this file.
 */

/** Every engine a job can run on. */
export const ENGINE_NAMES = ['ci', 'asr', 'sentence', 'mps'] as const;

/** One of {@link ENGINE_NAMES}. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The engines that recognise within the upload call (synchronous APIs for short clips). */
const inlineEngines: ReadonlySet<string> = new Set<EngineName>(['sentence', 'mps']);

/** True for an engine that answers inline: its jobs show `claimed` until the answer is in. */
export function isInlineEngine(engine: string): boolean {
  return inlineEngines.has(engine);
}
