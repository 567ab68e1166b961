/**
 * Sentences without word timings (DescribeTaskStatus with ResTextFormat 0, the ASR callback without
 * `resultDetail`, CI `FlashResult` text): the text is split into words so that a long sentence can
 * be split into cues at the same break points as timed words, and each word gets a share of the
 * sentence's time in proportion to its characters. Those times are estimates, and cues built from
 * them say so (`Cue.estimatedTiming`, the QC report's `estimatedTiming`).
 */
import { onFirstUse } from '../lazy/on-first-use.js';
import { endsWithOpening, startsWithClosing } from './punctuation.js';

/** A word of an untimed sentence, with its estimated span. */
export interface SentencePiece {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** One segmenter per process: building one costs far more than using it. */
export const chineseSegmenter = onFirstUse(() => new Intl.Segmenter('zh', { granularity: 'word' }));

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTERS_OR_DIGITS = /[\p{L}\p{N}]/gu;

/**
 * Splits whitespace-collapsed text into words: at spaces for spaced scripts; by `Intl.Segmenter` for
 * CJK, with closing punctuation kept on the word before it and opening punctuation on the word after
 * (so the line-edge rules hold at any break between pieces).
 */
export function splitSentence(text: string, cjk: boolean): string[] {
  if (!cjk) return text.split(' ');
  const pieces: string[] = [];
  let opening = '';
  for (const { segment } of chineseSegmenter().segment(text)) {
    if (segment.trim() === '') continue;
    const last = pieces.length - 1;
    if (startsWithClosing(segment) && last >= 0 && opening === '') pieces[last] += segment;
    // Opening punctuation, and punctuation before the first word (a stray 。 an engine put first),
    // go with the word after them: a piece of punctuation alone would be shown as nothing.
    else if ((endsWithOpening(segment) || pieces.length === 0) && !LETTER_OR_DIGIT.test(segment))
      opening += segment;
    else {
      pieces.push(opening + segment);
      opening = '';
    }
  }
  if (opening !== '') pieces.push(opening);
  return pieces;
}

/**
 * The sentence's words with its time [startMs, endMs] shared out in proportion to their letters and
 * digits (punctuation is not spoken); pieces touch, so no pause is invented inside the sentence.
 */
export function sentencePieces(text: string, startMs: number, endMs: number, cjk: boolean): SentencePiece[] {
  const words = splitSentence(text, cjk);
  const weights = words.map((w) => w.match(LETTERS_OR_DIGITS)?.length ?? 0);
  let total = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) {
    weights.fill(1);
    total = weights.length;
  }
  const span = endMs - startMs;
  const pieces: SentencePiece[] = [];
  let before = 0;
  for (let k = 0; k < words.length; k++) {
    const from = startMs + Math.round((span * before) / total);
    before += weights[k] as number;
    const to = startMs + Math.round((span * before) / total);
    pieces.push({ text: words[k] as string, startMs: from, endMs: to });
  }
  return pieces;
}
