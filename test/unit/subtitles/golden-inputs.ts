/** The hand-written golden transcripts (test/golden/*.input.json). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transcript } from '../../../lib/transcript/transcript.js';

/** Golden input names. */
export const GOLDEN_NAMES = ['en-talk', 'zh-dialogue'] as const;

/** Reads each golden input. */
export function goldenTranscripts(): { name: string; transcript: Transcript }[] {
  const dir = path.join(import.meta.dirname, '../../golden');
  return GOLDEN_NAMES.map((name) => ({
    name,
    transcript: JSON.parse(readFileSync(path.join(dir, `${name}.input.json`), 'utf8')) as Transcript,
  }));
}
