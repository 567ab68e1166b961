/**
 * Puts the sentence's punctuation onto its timed words. Tencent's word lists carry no punctuation
 * (ResTextFormat 1, Chinese tokens) or carry it inconsistently (ResTextFormat 2 sometimes gives a
 * comma as a word of its own; MPS glues it to the last word), while the sentence text is punctuated.
 * The words are walked through the sentence in order; what lies between two words is punctuation and
 * space, split into what closes the previous word and what opens the next one.
 */

import { isWhiteSpace } from './white-space.js';

/** A timed word before punctuation is attached. */
export interface RawWord {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

const PUNCTUATION = /^\p{P}$/u;
const OPENING = /^[\p{Ps}\p{Pi}]$/u;
const SPACES = /\s+/gu;

/**
 * Returns the words with the sentence's punctuation attached, so that joining them (with a space for
 * spaced scripts, with nothing for Chinese) gives the punctuated sentence. Words that are nothing but
 * punctuation are folded into a neighbour, since they are not spoken. A word that cannot be found in
 * the sentence (the engine rewrote '3' as '三', or filtered the sentence differently) keeps its own
 * text, and alignment picks up again at the next word that can be found; the words, and their
 * timings, are never dropped or reordered. Closing punctuation at the very end always reaches the
 * last word.
 */
export function attachPunctuation(sentence: string, words: readonly RawWord[]): RawWord[] {
  const spoken = foldPunctuationOnly(words);
  const texts = alignToSentence(sentence, spoken);
  return spoken.map((word, i) => {
    const text = texts[i] ?? word.text;
    return text === word.text ? word : { text, startMs: word.startMs, endMs: word.endMs };
  });
}

/** The words' texts with the sentence's punctuation attached where each word could be found. */
function alignToSentence(sentence: string, words: readonly RawWord[]): string[] {
  const lower = new LowerCase(sentence);
  const texts: string[] = new Array(words.length);
  let cursor = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as RawWord;
    const core = stripEdgePunctuation(word.text);
    let at = findCore(sentence, lower, core, cursor);
    let from = cursor;
    if (at === undefined) {
      // Resynchronise: the sentence has text no word matched (or this word differs from it).
      at = findLater(sentence, lower, core, cursor);
      if (at === undefined) {
        texts[i] = word.text;
        continue;
      }
      from = afterLastContent(sentence, cursor, at);
    }
    // The sentence's spelling of the word (its case may differ); no copy when it is the word's own.
    const spelled = sentence.startsWith(core, at) ? core : sentence.slice(at, at + core.length);
    if (at - from > 1 || (at > from && sentence.charCodeAt(from) !== 0x20)) {
      const [closing, opening] = splitSeparators(sentence.slice(from, at), i === 0);
      if (i > 0) texts[i - 1] += closing;
      texts[i] = opening + spelled;
    } else {
      // Nothing or one space in between: the case of nearly every pair of words.
      texts[i] = spelled;
    }
    cursor = at + core.length;
  }
  const last = words.length - 1;
  if (last >= 0) {
    const tail = sentence.slice(afterLastContent(sentence, cursor, sentence.length)).replace(SPACES, '');
    if (!(texts[last] as string).endsWith(tail)) texts[last] += tail;
  }
  return texts;
}

/** Where the run of separators that ends at `to` begins (never before `from`). */
function afterLastContent(sentence: string, from: number, to: number): number {
  let at = to;
  while (at > from && isSeparator(sentence.charCodeAt(at - 1))) at--;
  return at;
}

/**
 * The sentence case-folded, for SliceSentence/FinalSentence case differences; undefined when folding
 * changes its length (offsets would no longer match). Folded only when first needed: nearly every
 * word matches exactly, and a copy per sentence was a good part of reading a long result.
 */
class LowerCase {
  readonly #sentence: string;
  #folded: string | undefined | null = null;

  constructor(sentence: string) {
    this.#sentence = sentence;
  }

  get text(): string | undefined {
    if (this.#folded === null) {
      const folded = this.#sentence.toLowerCase();
      this.#folded = folded.length === this.#sentence.length ? folded : undefined;
    }
    return this.#folded;
  }
}

/**
 * The next place after `from` where `core` stands as a word of its own (not inside a longer Latin
 * word: 'a' is not found in 'cat'). Chinese has no such boundaries, so any place counts there.
 */
function findLater(sentence: string, lowerCase: LowerCase, core: string, from: number): number | undefined {
  if (core === '') return undefined;
  const lower = lowerCase.text;
  const haystack = lower ?? sentence;
  const needle = lower === undefined ? core : core.toLowerCase();
  for (let at = haystack.indexOf(needle, from); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before =
      at > 0 && isSpacedWordChar(sentence.charCodeAt(at - 1)) && isSpacedWordChar(sentence.charCodeAt(at));
    const end = at + core.length;
    const after =
      end < sentence.length &&
      isSpacedWordChar(sentence.charCodeAt(end - 1)) &&
      isSpacedWordChar(sentence.charCodeAt(end));
    if (!before && !after) return at;
  }
  return undefined;
}

const SPACED_WORD = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{N}]$/u;

/** Letters and digits of scripts that separate words with spaces. */
function isSpacedWordChar(code: number): boolean {
  return SPACED_WORD.test(String.fromCharCode(code));
}

/**
 * Where `core` starts at or after `from`, with only space and punctuation skipped on the way. Exact
 * match first; then ignoring case (SliceSentence and FinalSentence can differ in case). A core never
 * starts with space or punctuation, so it can only start where the skipping stops.
 */
function findCore(sentence: string, lowerCase: LowerCase, core: string, from: number): number | undefined {
  if (core === '') return undefined;
  let at = from;
  while (at < sentence.length && isSeparator(sentence.charCodeAt(at))) at++;
  if (at + core.length > sentence.length) return undefined;
  if (sentence.startsWith(core, at)) return at;
  return lowerCase.text?.startsWith(core.toLowerCase(), at) ? at : undefined;
}

/**
 * Splits what lies between two words into [closes the previous word, opens the next one]. With a
 * space in between, the space is the boundary ('word, "next'); without one (Chinese), opening
 * brackets and quotes start the next word ('。“'). Before the first word, everything opens it.
 * `between` is separators only, so never half of a surrogate pair: it is walked by code unit.
 */
function splitSeparators(between: string, first: boolean): readonly [string, string] {
  const marks = withoutSpaces(between);
  if (first) return ['', marks];
  let lastSpace = between.length - 1;
  while (lastSpace >= 0 && !isWhiteSpace(between.charCodeAt(lastSpace))) lastSpace--;
  if (lastSpace >= 0) return [withoutSpaces(between.slice(0, lastSpace)), between.slice(lastSpace + 1)];
  for (let opening = 0; opening < marks.length; opening++) {
    if (OPENING.test(marks.charAt(opening))) return [marks.slice(0, opening), marks.slice(opening)];
  }
  return [marks, ''];
}

function withoutSpaces(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isWhiteSpace(text.charCodeAt(i))) out += text.charAt(i);
  return out;
}

/** Words that are only punctuation join the previous word (or the next, at the start). */
function foldPunctuationOnly(words: readonly RawWord[]): readonly RawWord[] {
  // Most lists have no such word: then the list itself, not a copy.
  if (!words.some((word) => stripEdgePunctuation(word.text) === '')) return words;
  const out: RawWord[] = [];
  let pending = '';
  for (const word of words) {
    if (stripEdgePunctuation(word.text) === '') {
      const previous = out[out.length - 1];
      if (previous) out[out.length - 1] = { ...previous, text: previous.text + word.text.trim() };
      else pending += word.text.trim();
      continue;
    }
    out.push(pending === '' ? word : { ...word, text: pending + word.text });
    pending = '';
  }
  return out;
}

function stripEdgePunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSeparator(text.charCodeAt(start))) start++;
  while (end > start && isSeparator(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Per UTF-16 code unit: 0 not yet looked at, 1 content, 2 separator (a table: it is asked per character). */
const separatorKind = new Uint8Array(0x10000);

/** Space or punctuation, by UTF-16 code unit (surrogates are never separators: emoji are content). */
function isSeparator(code: number): boolean {
  let kind = separatorKind[code] as number;
  if (kind === 0) {
    kind = isWhiteSpace(code) || PUNCTUATION.test(String.fromCharCode(code)) ? 2 : 1;
    separatorKind[code] = kind;
  }
  return kind === 2;
}
