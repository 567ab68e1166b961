/**
 * The one list of the speech engines a job can run on: CI speech jobs (`ci`), ASR CreateRecTask
 * (`asr`), for short clips SentenceRecognition (`sentence`) and MPS RecognizeAudio (`mps`)
 * (docs/tencent-wire.md §3, §6, §7), and live streams through ASR CreateAsyncRecognitionTask
 * (`live`, lib/engines/live). Config, the ledger's records and the transcript's source take their
 * names from here; adding an engine is adding it here, a folder beside this file and, for a file
 * engine, a line in file-engines.ts.
 */

/** The engines a file's job runs on, the ones settings may choose. */
export const FILE_ENGINE_NAMES = ['ci', 'asr', 'sentence', 'mps'] as const;

/** One of {@link FILE_ENGINE_NAMES}. */
export type FileEngineName = (typeof FILE_ENGINE_NAMES)[number];

/** True for the name of a file engine (a job's recorded engine may also be `live`). */
export function isFileEngine(engine: string): engine is FileEngineName {
  return (FILE_ENGINE_NAMES as readonly string[]).includes(engine);
}

/** Every engine a job can run on: `live` is started by a `.live.json` object, never by settings. */
export const ENGINE_NAMES = [...FILE_ENGINE_NAMES, 'live'] as const;

/** One of {@link ENGINE_NAMES}. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The engines that recognise within the upload call (synchronous APIs for short clips). */
const inlineEngines: ReadonlySet<string> = new Set<EngineName>(['sentence', 'mps']);

/** True for an engine that answers inline: its jobs show `claimed` until the answer is in. */
export function isInlineEngine(engine: string): boolean {
  return inlineEngines.has(engine);
}
