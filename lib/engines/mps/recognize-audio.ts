/**
 * MPS `RecognizeAudio` (synchronous): `AudioLength` and every `Start`/`End` are in SECONDS (floats),
 * absolute. Words may already carry punctuation ("People."). When there are no sentences but there
 * is `Text`, the text becomes one segment over the whole audio rather than being lost.
 */

import { z } from 'zod';
import { checkedAnswer } from '../../transcript/api3-answer.js';
import { assembleTranscript, type DraftSentence } from '../../transcript/assemble-transcript.js';
import {
  engineList,
  engineSecondsAsMs,
  engineText,
  optionalSecondsAsMs,
} from '../../transcript/engine-values.js';
import { formatPath } from '../../transcript/parse-error.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import type { Transcript } from '../../transcript/transcript.js';
import { wordList } from '../../transcript/word-list.js';

const SHAPE = 'MPS RecognizeAudio';

const responseSchema = z.object({
  AudioLength: optionalSecondsAsMs,
  Text: engineText,
  Sentence: engineList(
    z.object({
      Start: engineSecondsAsMs,
      End: engineSecondsAsMs,
      Text: engineText,
      WordsInfo: wordList({ text: 'Word', start: 'Start', end: 'End', unit: 's' }),
    }),
  ),
});

/** Reads a RecognizeAudio answer (with or without the `Response` wrapper) into a transcript. */
export function fromRecognizeAudio(document: unknown, options: ReadOptions = {}): Transcript {
  const { data, base } = checkedAnswer(SHAPE, responseSchema, document);
  const { AudioLength, Text, Sentence } = data;
  const sentences: DraftSentence[] = Sentence.map((s, i) => ({
    startMs: s.Start,
    endMs: s.End,
    text: s.Text,
    words: s.WordsInfo,
    path: formatPath([...base, 'Sentence', i]),
    wordsField: 'WordsInfo',
  }));
  if (sentences.length === 0 && Text.trim() !== '') {
    sentences.push({
      startMs: 0,
      endMs: AudioLength ?? 0,
      text: Text,
      words: [],
      path: formatPath([...base, 'Text']),
    });
  }
  return assembleTranscript(
    {
      shape: SHAPE,
      engine: 'mps',
      ...(AudioLength === undefined ? {} : { audioMs: AudioLength }),
      sentences,
    },
    options,
  );
}
