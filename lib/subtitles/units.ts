/**
 * Units: the transcript flattened in order. A unit is what carries a time and what cue and line
 * breaks fall between: a word (put back together from its characters where an engine gave Chinese one
 * token per character), or a word of a segment the engine gave no word timings for, whose time is
 * then an estimate (sentence-pieces.ts). Each unit becomes one display token.
 */
import type { Transcript, TranscriptSegment, TranscriptWord } from '../transcript/transcript.js';
import { cleanText } from './clean-text.js';
import { sentencePieces } from './sentence-pieces.js';
import { isCjkChar, lastCodePoint } from './text-width.js';
import { chineseWordStarts } from './word-boundaries.js';

/** A timed unit as read from the transcript. */
export interface RawUnit {
  /** Position in transcript order, from 0. */
  readonly index: number;
  /** The text as the engine gave it, whitespace collapsed; never empty. */
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Speaker (or channel) key; a change always starts a new cue. */
  readonly speaker: string | undefined;
  /** True when the unit is a word of a segment without word timings: its times are estimated. */
  readonly estimated: boolean;
}

/** The key that separates speakers: the speaker label, else the audio channel, else none. */
export function speakerKey(segment: TranscriptSegment): string | undefined {
  if (segment.speaker !== undefined && segment.speaker !== '') return segment.speaker;
  if (segment.channel !== undefined) return `channel ${segment.channel + 1}`;
  return undefined;
}

/**
 * Visits every unit in transcript order. Words with no text are skipped (there is nothing to show);
 * a segment without words but with text becomes one unit per word of its text (split for `cjk`
 * scripts by `Intl.Segmenter`), sharing the segment's time; for `cjk`, a segment given one token
 * per character becomes one unit per word (forEachWord). Times are clamped so that
 * end >= start >= 0. A callback rather than a generator: this walks every word of a long recording
 * three times per rendering (segmentation, TXT, QC), and the generator protocol showed in profiles.
 * For the same reason `visit` gets one unit object, refilled for every unit: a visitor copies what
 * it keeps, never the unit itself (an object per word per walk was a fifth of a rendering's garbage).
 */
export function forEachUnit(transcript: Transcript, cjk: boolean, visit: (unit: RawUnit) => void): void {
  const unit: { -readonly [K in keyof RawUnit]: RawUnit[K] } = {
    index: 0,
    text: '',
    startMs: 0,
    endMs: 0,
    speaker: undefined,
    estimated: false,
  };
  const next = (text: string, startMs: number, endMs: number) => {
    unit.text = text;
    unit.startMs = startMs;
    unit.endMs = endMs;
    visit(unit);
    unit.index++;
  };
  for (const segment of transcript.segments) {
    unit.speaker = speakerKey(segment);
    const words = segment.words;
    unit.estimated = words.length === 0;
    if (words.length === 0) {
      const text = cleanText(segment.text);
      if (text === '') continue;
      const startMs = Math.max(0, Math.round(segment.startMs));
      const endMs = Math.max(startMs, Math.round(segment.endMs));
      for (const piece of sentencePieces(text, startMs, endMs, cjk))
        next(piece.text, piece.startMs, piece.endMs);
      continue;
    }
    forEachWord(words, cjk ? chineseWordStarts(segment) : undefined, next);
  }
}

/**
 * The words of a timed segment, each token one word, except that an engine's one-token-per-character
 * Chinese (`wordStarts` given, from word-boundaries.ts) is put back together into words: each word
 * one unit, from its first character's start to its last one's end. Decision: a cue or line then never
 * breaks inside a word, and the break rules see words (但是, 一个) as they do for engines that report
 * words, so characters or words give the same subtitles.
 */
function forEachWord(
  tokens: readonly TranscriptWord[],
  wordStarts: Uint8Array | undefined,
  next: (text: string, startMs: number, endMs: number) => void,
): void {
  let offset = 0;
  let text = '';
  let startMs = 0;
  let endMs = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as TranscriptWord;
    const piece = cleanText(token.text);
    if (piece === '') continue;
    const pieceStart = Math.max(0, Math.round(token.startMs));
    const pieceEnd = Math.max(pieceStart, Math.round(token.endMs));
    // Joined only inside a word and where two CJK characters meet: Latin letters or digits given as
    // tokens of their own stay words of their own.
    if (
      wordStarts !== undefined &&
      text !== '' &&
      wordStarts[offset] !== 1 &&
      isCjkChar(lastCodePoint(text)) &&
      isCjkChar(piece.codePointAt(0) ?? 0)
    ) {
      text += piece;
      endMs = Math.max(endMs, pieceEnd);
    } else {
      if (text !== '') next(text, startMs, endMs);
      text = piece;
      startMs = pieceStart;
      endMs = pieceEnd;
    }
    offset += piece.length;
  }
  if (text !== '') next(text, startMs, endMs);
}
