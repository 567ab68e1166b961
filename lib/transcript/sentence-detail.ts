/**
 * `SentenceDetail`, the per-sentence result ASR (DescribeTaskStatus `ResultDetail`, the callback's
 * `resultDetail`) and CI (`SpeechRecognitionResult.ResultDetail`) share. Word offsets are RELATIVE to
 * the sentence's StartMs ("在句子中的开始时间偏移量"; Tencent's own subtitle tutorial adds StartMs), so
 * they are made absolute here, once. CI sends every value as a string and adds `VoiceType`. Every
 * field Tencent marks "may return null" may be absent except the times.
 */

import { z } from 'zod';
import type { DraftSentence } from './assemble-transcript.js';
import { asRecord } from './engine-values.js';
import type { ResultShape } from './parse-error.js';
import { parseResultLines } from './result-lines.js';
import type { ListedWord } from './word-list.js';
import { issueReporter, listItems, readWordList, timeMessage, timeMs } from './word-list.js';

/** A checked `SentenceDetail`, word times already made absolute. */
export interface SentenceDetail {
  readonly FinalSentence: string;
  readonly StartMs: number;
  readonly EndMs: number;
  readonly SpeakerId: string | undefined;
  readonly Words: readonly ListedWord[];
}

const WORD_FIELDS = { text: 'Word', start: 'OffsetStartMs', end: 'OffsetEndMs', unit: 'ms' } as const;

/** A list of `SentenceDetail` (array, one XML element, or null/'' for none), walked in one zod step. */
export const sentenceDetailList = z.unknown().transform((value, ctx): SentenceDetail[] => {
  const report = issueReporter(ctx);
  const items = listItems(value);
  if (items === undefined) {
    report('expected a list', []);
    return z.NEVER;
  }
  const sentences: SentenceDetail[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = asRecord(items[i]);
    if (item === undefined) {
      report('expected a sentence object', [i]);
      return z.NEVER;
    }
    const text = item.FinalSentence ?? '';
    if (typeof text !== 'string') {
      report('expected text', [i, 'FinalSentence']);
      return z.NEVER;
    }
    const StartMs = timeMs(item.StartMs, 'ms');
    if (StartMs === undefined) {
      report(timeMessage('ms'), [i, 'StartMs']);
      return z.NEVER;
    }
    const EndMs = timeMs(item.EndMs, 'ms');
    if (EndMs === undefined) {
      report(timeMessage('ms'), [i, 'EndMs']);
      return z.NEVER;
    }
    const speaker = item.SpeakerId;
    if (
      speaker !== undefined &&
      speaker !== null &&
      typeof speaker !== 'string' &&
      !Number.isInteger(speaker)
    ) {
      report('expected an id (number or string)', [i, 'SpeakerId']);
      return z.NEVER;
    }
    const Words = readWordList(item.Words, WORD_FIELDS, report, [i, 'Words'], StartMs);
    if (Words === undefined) return z.NEVER;
    const SpeakerId =
      speaker === undefined || speaker === null || speaker === '' ? undefined : String(speaker).trim();
    sentences[i] = { FinalSentence: text, StartMs, EndMs, SpeakerId, Words };
  }
  return sentences;
});

/**
 * Converts checked `SentenceDetail`s to draft sentences; `listPath` names the list in error messages
 * ('Response.Data.ResultDetail'). The path of each is built here from it, once per list rather than
 * once per sentence from parts.
 */
export function sentencesFromDetails(details: readonly SentenceDetail[], listPath: string): DraftSentence[] {
  return details.map((detail, i) => ({
    startMs: detail.StartMs,
    endMs: detail.EndMs,
    text: detail.FinalSentence,
    ...(detail.SpeakerId === undefined ? {} : { speakerId: detail.SpeakerId }),
    words: detail.Words,
    path: `${listPath}[${i}]`,
  }));
}

/**
 * The sentences of a result that carries both forms (ASR's answer and callback, CI's job): from its
 * SentenceDetail list when it has one (word times), else from its `Result` lines (no words).
 */
export function sentencesFromResult(
  shape: ResultShape,
  detail: { readonly list: readonly SentenceDetail[]; readonly path: string },
  lines: { readonly text: string; readonly path: string },
): DraftSentence[] {
  if (detail.list.length > 0) return sentencesFromDetails(detail.list, detail.path);
  const { path } = lines;
  return parseResultLines(lines.text, shape, path).map((line) => ({ ...line, words: [], path }));
}
