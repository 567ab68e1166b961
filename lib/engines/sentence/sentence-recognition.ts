/**
 * ASR `SentenceRecognition` (one sentence, up to 60 s, answered synchronously): `Result` is the
 * punctuated sentence, `AudioDuration` and the `WordList` times are in MILLISECONDS, absolute.
 * `WordList` is null unless the request asked for word info.
 */

import { z } from 'zod';
import { checkedAnswer } from '../../transcript/api3-answer.js';
import { assembleTranscript } from '../../transcript/assemble-transcript.js';
import { engineMs } from '../../transcript/engine-values.js';
import { formatPath } from '../../transcript/parse-error.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import type { Transcript } from '../../transcript/transcript.js';
import { wordList } from '../../transcript/word-list.js';

const SHAPE = 'SentenceRecognition';

const responseSchema = z.object({
  Result: z.string({ errorMap: () => ({ message: 'expected the recognised text' }) }),
  AudioDuration: engineMs.optional(),
  WordList: wordList({ text: 'Word', start: 'StartTime', end: 'EndTime', unit: 'ms' }),
});

/** Reads a SentenceRecognition answer (with or without the `Response` wrapper) into a transcript. */
export function fromSentenceRecognition(document: unknown, options: ReadOptions = {}): Transcript {
  const { data, base } = checkedAnswer(SHAPE, responseSchema, document);
  const { Result, AudioDuration, WordList } = data;
  const words = WordList;
  // Bounds from the extremes, not the ends, so that words out of order are reported as such.
  const startMs = words.reduce((min, w) => Math.min(min, w.startMs), words[0]?.startMs ?? 0);
  const endMs = words.reduce((max, w) => Math.max(max, w.endMs), words.length > 0 ? 0 : (AudioDuration ?? 0));
  return assembleTranscript(
    {
      shape: SHAPE,
      engine: 'sentence',
      ...(AudioDuration === undefined ? {} : { audioMs: AudioDuration }),
      sentences: [
        {
          startMs,
          endMs,
          text: Result,
          words,
          path: formatPath(base),
          wordsField: 'WordList',
        },
      ],
    },
    options,
  );
}
