/**
 * Turns units into display tokens: the text as it will be shown (profile punctuation rules applied),
 * its width, the glue (space or nothing) that joins it to the previous token on the same line, and
 * the cost of a break before it.
 */
import type { TranscriptSegment } from '../transcript/transcript.js';
import { chineseBreakCost, type EnglishWord, englishWord, englishWordsBreakCost } from './break-rules.js';
import type { SubtitleProfile } from './profile.js';
import { endsSentence, endsWithOpening, startsWithClosing } from './punctuation.js';
import { chineseSegmenter } from './sentence-pieces.js';
import { charUnits, isCjkChar, widthUnits } from './text-width.js';
import { cleanText, type RawUnit } from './units.js';

/** One breakable piece of display text. */
export interface Token {
  /** The engine's text (punctuation attached), whitespace collapsed. */
  readonly raw: string;
  /** What is shown; may be empty for a punctuation mark the profile drops. */
  readonly display: string;
  /** Width of `display` in half-character units. */
  readonly width: number;
  /** Joins this token to the previous one when both are on one line. */
  readonly glue: '' | ' ';
  readonly glueWidth: number;
  /** Cost of a line or cue break just before this token (see break-rules.ts). */
  readonly breakBefore: number;
  readonly sentenceEnd: boolean;
}

const TRAILING_ZH_STOP = /[，。]+$/u;
const ANY_ZH_STOP = /[，。]/gu;
const DOUBLE_SPACES = / {2,}/g;
const LATIN_LETTER = /\p{Script=Latin}/u;

/** Stateful over the unit stream: glue and break costs depend on the previous token. */
export class Tokenizer {
  readonly #profile: SubtitleProfile;
  readonly #cjk: boolean;
  #prevRaw = '';
  #prevWord: EnglishWord | undefined;
  #prevDisplay = '';
  #prevDroppedStop = false;
  #hasPrev = false;
  // Word boundaries of the current segment (zh only), as offsets into its joined word texts.
  #segment: TranscriptSegment | undefined;
  #boundaries: Uint8Array | undefined;
  #offset = 0;

  readonly #breakCosts: boolean;

  /** `breakCosts: false` skips the break analysis for callers that never break lines (TXT). */
  constructor(profile: SubtitleProfile, breakCosts = true) {
    this.#profile = profile;
    this.#breakCosts = breakCosts;
    this.#cjk = profile.name === 'zh';
  }

  /** The token of the next unit (a word, or a word of an untimed sentence, already split). */
  next(unit: RawUnit): Token {
    // Words of an untimed sentence were split at word boundaries (sentence-pieces.ts).
    const insideWord = this.#cjk && this.#breakCosts && !unit.estimated && this.#insideWord(unit);
    return this.#token(unit.text, insideWord);
  }

  /**
   * True when the boundary before this word falls inside a word. Engines that segment Chinese into
   * words (Tencent's word lists give 腾讯云, 的, 了) are trusted: their boundaries are word boundaries.
   * Only a segment tokenised character by character (no token holds two CJK characters) is run through
   * `Intl.Segmenter` — ICU's dictionary segmenter costs microseconds per character, which on a
   * five-hour transcript was the largest single cost.
   */
  #insideWord(unit: RawUnit): boolean {
    if (unit.segment !== this.#segment) {
      this.#segment = unit.segment;
      this.#offset = 0;
      this.#boundaries = perCharacter(unit.segment) ? wordBoundaries(unit.segment) : undefined;
    }
    const inside = this.#boundaries !== undefined && this.#offset > 0 && this.#boundaries[this.#offset] !== 1;
    this.#offset += unit.text.length;
    return inside;
  }

  #token(raw: string, insideWord: boolean): Token {
    let display = raw;
    let droppedStop = false;
    if (this.#profile.replaceCommasAndStops && this.#cjk && (raw.includes('，') || raw.includes('。'))) {
      if (TRAILING_ZH_STOP.test(display)) {
        display = display.replace(TRAILING_ZH_STOP, '');
        droppedStop = true;
      }
      display = display.replace(ANY_ZH_STOP, ' ').replace(DOUBLE_SPACES, ' ').trim();
    }
    const glue = this.#hasPrev ? this.#glue(raw, display) : '';
    let breakBefore = 0;
    if (this.#breakCosts) {
      if (this.#cjk) {
        if (this.#hasPrev) breakBefore = chineseBreakCost(this.#prevRaw, raw, insideWord);
      } else {
        const word = englishWord(raw);
        if (this.#hasPrev && this.#prevWord !== undefined)
          breakBefore = englishWordsBreakCost(this.#prevWord, word);
        this.#prevWord = word;
      }
    }
    this.#hasPrev = true;
    this.#prevRaw = raw;
    // An emptied token passes its pending space on.
    if (display !== '') this.#prevDisplay = display;
    this.#prevDroppedStop = droppedStop || (display === '' && this.#prevDroppedStop);
    return {
      raw,
      display,
      width: widthUnits(display, this.#cjk),
      glue,
      glueWidth: glue === '' ? 0 : this.#cjk ? 1 : 2,
      breakBefore,
      sentenceEnd: endsSentence(raw),
    };
  }

  #glue(raw: string, display: string): '' | ' ' {
    if (startsWithClosing(raw) || endsWithOpening(this.#prevRaw)) return '';
    if (!this.#cjk) return ' ';
    if (this.#prevDroppedStop) return ' ';
    if (display === '' || this.#prevDisplay === '') return '';
    const before = lastCodePoint(this.#prevDisplay);
    const after = display.codePointAt(0) ?? 0;
    const beforeNarrow = charUnits(before, true) === 1;
    const afterNarrow = charUnits(after, true) === 1;
    // The common case in Chinese text: two wide characters, no space.
    if (!beforeNarrow && !afterNarrow) return '';
    const beforeCjk = isCjkChar(before);
    const afterCjk = isCjkChar(after);
    // Two Latin words (or numbers) inside Chinese text keep their space.
    if (beforeNarrow && afterNarrow) return ' ';
    // A Latin word ending in a digit (MP4) is still a Latin word; a bare number (2024年) is not.
    const beforeLatin = beforeNarrow && LATIN_LETTER.test(this.#prevDisplay);
    const afterLatin = afterNarrow && LATIN_LETTER.test(display);
    if ((beforeCjk && afterLatin) || (beforeLatin && afterCjk)) {
      return this.#profile.spaceBetweenCjkAndLatin ? ' ' : '';
    }
    return '';
  }
}

function lastCodePoint(text: string): number {
  const last = text.charCodeAt(text.length - 1);
  // A low surrogate: step back to the start of the pair.
  return last >= 0xdc00 && last <= 0xdfff ? (text.codePointAt(text.length - 2) ?? last) : last;
}

const TWO_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u;

/** True when no word of the segment holds two CJK characters: the engine gave characters, not words. */
function perCharacter(segment: TranscriptSegment): boolean {
  for (const word of segment.words) if (TWO_CJK.test(word.text)) return false;
  return true;
}

/** Word boundaries of the segment's joined word texts: `boundaries[offset] === 1` at each. */
function wordBoundaries(segment: TranscriptSegment): Uint8Array {
  let joined = '';
  for (const word of segment.words) joined += cleanText(word.text);
  const boundaries = new Uint8Array(joined.length + 1);
  // One Intl.Segmenter pass per sentence, never per token: ICU's dictionary lookup is the cost.
  const segments = chineseSegmenter().segment(joined);
  for (let at = 0; at < joined.length; ) {
    boundaries[at] = 1;
    const piece = segments.containing(at) as Intl.SegmentData;
    at = piece.index + piece.segment.length;
  }
  return boundaries;
}
