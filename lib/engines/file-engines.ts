/**
 * The registry of file engines: adding one is a folder beside this file, its name in
 * engine-names.ts and one line here.
 */
import { asrEngine } from './asr/asr-engine.js';
import { ciEngine } from './ci/ci-engine.js';
import type { FileEngineName } from './engine-names.js';
import type { FileEngine } from './file-engine.js';
import { mpsEngine } from './mps/mps-engine.js';
import { sentenceEngine } from './sentence/sentence-engine.js';

/** Every file engine by name. */
export const fileEngines: Readonly<Record<FileEngineName, FileEngine>> = {
  ci: ciEngine,
  asr: asrEngine,
  sentence: sentenceEngine,
  mps: mpsEngine,
};
