/**
 * `SentenceDetail`, the per-sentence result ASR (DescribeTaskStatus `ResultDetail`, the callback's
 * `resultDetail`) and CI (`SpeechRecognitionResult.ResultDetail`) share. Word offsets are RELATIVE to
 * the sentence's StartMs ("在句子中的开始时间偏移量"; Tencent's own subtitle tutorial adds StartMs), so
 * they are made absolute here, once. CI sends every value as a string and adds `VoiceType`.
 */

import { z } from 'zod';
import type { DraftSentence } from './assemble-transcript.js';
import { engineId, engineMs, engineText } from './engine-values.js';
import { wordList } from './word-list.js';

/** One `SentenceDetail`; every field Tencent marks "may return null" is optional here. */
export const sentenceDetailSchema = z.object({
  FinalSentence: engineText,
  StartMs: engineMs,
  EndMs: engineMs,
  SpeakerId: engineId,
  Words: wordList({ text: 'Word', start: 'OffsetStartMs', end: 'OffsetEndMs', unit: 'ms' }),
});

/** A parsed `SentenceDetail`. */
export type SentenceDetail = z.infer<typeof sentenceDetailSchema>;

/** Converts a parsed `SentenceDetail` to a draft sentence with absolute word times. */
export function sentenceFromDetail(detail: SentenceDetail, path: string): DraftSentence {
  return {
    startMs: detail.StartMs,
    endMs: detail.EndMs,
    text: detail.FinalSentence,
    ...(detail.SpeakerId === undefined ? {} : { speakerId: detail.SpeakerId }),
    words: detail.Words.map((w) => ({
      text: w.text,
      startMs: detail.StartMs + w.startMs,
      endMs: detail.StartMs + w.endMs,
    })),
    path,
  };
}
