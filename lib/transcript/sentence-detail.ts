/**
 * `SentenceDetail`, the per-sentence result ASR (DescribeTaskStatus `ResultDetail`, the callback's
 * `resultDetail`) and CI (`SpeechRecognitionResult.ResultDetail`) share. Word offsets are RELATIVE to
 * the sentence's StartMs ("在句子中的开始时间偏移量"; Tencent's own subtitle tutorial adds StartMs), so
 * they are made absolute here, once. CI sends every value as a string and adds `VoiceType`.
 */

import { z } from 'zod';
import type { DraftSentence } from './assemble-transcript.js';
import { engineId, engineList, engineMs, engineText } from './engine-values.js';

const sentenceWordSchema = z.object({
  Word: z.string({ errorMap: () => ({ message: 'expected the word text' }) }),
  OffsetStartMs: engineMs,
  OffsetEndMs: engineMs,
});

/** One `SentenceDetail`; every field Tencent marks "may return null" is optional here. */
export const sentenceDetailSchema = z.object({
  FinalSentence: engineText,
  StartMs: engineMs,
  EndMs: engineMs,
  SpeakerId: engineId,
  Words: engineList(sentenceWordSchema),
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
      text: w.Word,
      startMs: detail.StartMs + w.OffsetStartMs,
      endMs: detail.StartMs + w.OffsetEndMs,
    })),
    path,
  };
}
