/**
 * Turns units into display tokens: the text as it will be shown (profile punctuation rules applied),
 * its width, the glue (space or nothing) that joins it to the previous token on the same line, and
 * the cost of a break before it.
 */
import {
  blankEnglishWord,
  chineseBreakCost,
  type EnglishWord,
  englishWordsBreakCost,
  readEnglishWord,
} from './break-rules.js';
import type { SubtitleProfile } from './profile.js';
import { endsSentence, endsWithOpening, startsWithClosing } from './punctuation.js';
import { charUnits, isCjkChar, lastCodePoint, widthUnits } from './text-width.js';
import type { RawUnit } from './units.js';

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
  /** The previous English word, and a spare the next one is read into: the two swap at each word. */
  #prevWord: EnglishWord | undefined;
  #spareWord: EnglishWord | undefined;
  #prevDisplay = '';
  #prevDroppedStop = false;
  /** Whether the unit being read had a trailing ，。 dropped (set by #display). */
  #droppedStop = false;
  #hasPrev = false;
  readonly #breakCosts: boolean;

  /** `breakCosts: false` skips the break analysis for callers that never break lines (TXT). */
  constructor(profile: SubtitleProfile, breakCosts = true) {
    this.#profile = profile;
    this.#breakCosts = breakCosts;
    this.#cjk = profile.name === 'zh';
  }

  /** The token of the next unit (a word; units.ts has put per-character Chinese back into words). */
  next(unit: RawUnit): Token {
    const raw = unit.text;
    const display = this.#display(raw);
    const glue = this.#hasPrev ? this.#glue(raw, display) : '';
    let breakBefore = 0;
    if (this.#breakCosts) {
      if (this.#cjk) {
        if (this.#hasPrev) breakBefore = chineseBreakCost(this.#prevRaw, raw);
      } else {
        const word = readEnglishWord(raw, this.#spareWord ?? blankEnglishWord());
        if (this.#prevWord !== undefined) breakBefore = englishWordsBreakCost(this.#prevWord, word);
        this.#spareWord = this.#prevWord;
        this.#prevWord = word;
      }
    }
    this.#advance(raw, display);
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

  /**
   * `next(unit).glue` without making the token, for a caller that only joins text (TXT, once per
   * word of a long recording): the rest of a token was a fifth of writing Chinese TXT.
   */
  glueBefore(unit: RawUnit): '' | ' ' {
    const raw = unit.text;
    const display = this.#display(raw);
    const glue = this.#hasPrev ? this.#glue(raw, display) : '';
    this.#advance(raw, display);
    return glue;
  }

  /** What the profile shows of `raw`; notes whether a trailing ，。 was dropped. */
  #display(raw: string): string {
    this.#droppedStop = false;
    if (!(this.#profile.replaceCommasAndStops && this.#cjk && holdsZhStop(raw))) return raw;
    let display = raw;
    if (TRAILING_ZH_STOP.test(display)) {
      display = display.replace(TRAILING_ZH_STOP, '');
      this.#droppedStop = true;
    }
    return display.replace(ANY_ZH_STOP, ' ').replace(DOUBLE_SPACES, ' ').trim();
  }

  /** Makes `raw` (shown as `display`) the previous token. */
  #advance(raw: string, display: string): void {
    this.#hasPrev = true;
    this.#prevRaw = raw;
    // An emptied token passes its pending space on.
    if (display !== '') this.#prevDisplay = display;
    this.#prevDroppedStop = this.#droppedStop || (display === '' && this.#prevDroppedStop);
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

/** True when `text` holds a ， or 。 (a loop: two `includes` per word cost more on Chinese). */
function holdsZhStop(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xff0c || code === 0x3002) return true;
  }
  return false;
}
