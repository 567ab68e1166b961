/**
 * Puts the sentence's punctuation onto its timed words. Tencent's word lists carry no punctuation
 * (ResTextFormat 1, Chinese tokens) or carry it inconsistently (ResTextFormat 2 sometimes gives a
 * comma as a word of its own; MPS glues it to the last word), while the sentence text is punctuated.
 * The words are walked through the sentence in order; what lies between two words is punctuation and
 * space, split into what closes the previous word and what opens the next one.
 */

/** A timed word before punctuation is attached. */
export interface RawWord {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

const PUNCTUATION = /^\p{P}$/u;
const OPENING = /^[\p{Ps}\p{Pi}]$/u;
const SPACE = /^\s$/u;

/**
 * Returns the words with the sentence's punctuation attached, so that joining them (with a space for
 * spaced scripts, with nothing for Chinese) gives the punctuated sentence. Words that are nothing but
 * punctuation are folded into a neighbour, since they are not spoken. When the words cannot be found
 * in the sentence in order (the engine rewrote numbers, or the sentence is filtered differently), each
 * word keeps its own text and only the sentence's closing punctuation is added to the last word: the
 * words, and their timings, are never dropped or reordered.
 */
export function attachPunctuation(sentence: string, words: readonly RawWord[]): RawWord[] {
  const spoken = foldPunctuationOnly(words);
  return alignToSentence(sentence, spoken) ?? withClosingPunctuation(sentence, spoken);
}

function alignToSentence(sentence: string, words: readonly RawWord[]): RawWord[] | undefined {
  const chars = Array.from(sentence);
  const lower = chars.map((c) => c.toLowerCase());
  const out: RawWord[] = [];
  let cursor = 0;
  let leading = '';
  for (const word of words) {
    const core = Array.from(stripEdgePunctuation(word.text));
    const at = findCore(chars, lower, core, cursor);
    if (at === undefined) return undefined;
    const [closing, opening] = splitSeparators(chars.slice(cursor, at), out.length === 0);
    const previous = out[out.length - 1];
    if (previous) out[out.length - 1] = { ...previous, text: previous.text + closing };
    else leading += closing;
    out.push({ ...word, text: leading + opening + chars.slice(at, at + core.length).join('') });
    leading = '';
    cursor = at + core.length;
  }
  const tail = chars.slice(cursor);
  if (tail.some((c) => !isSeparator(c))) return undefined;
  const last = out[out.length - 1];
  if (last) out[out.length - 1] = { ...last, text: last.text + tail.filter((c) => !SPACE.test(c)).join('') };
  return out;
}

/**
 * Where `core` starts at or after `from`, with only space and punctuation skipped on the way. Exact
 * match first; then ignoring case (SliceSentence and FinalSentence can differ in case).
 */
function findCore(
  chars: readonly string[],
  lower: readonly string[],
  core: readonly string[],
  from: number,
): number | undefined {
  if (core.length === 0) return undefined;
  const coreLower = core.map((c) => c.toLowerCase());
  for (let at = from; at + core.length <= chars.length; at++) {
    if (matches(chars, core, at) || matches(lower, coreLower, at)) return at;
    if (!isSeparator(chars[at] ?? '')) return undefined;
  }
  return undefined;
}

function matches(haystack: readonly string[], needle: readonly string[], at: number): boolean {
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

/**
 * Splits what lies between two words into [closes the previous word, opens the next one]. With a
 * space in between, the space is the boundary ('word, "next'); without one (Chinese), opening
 * brackets and quotes start the next word ('。“'). Before the first word, everything opens it.
 */
function splitSeparators(between: readonly string[], first: boolean): [string, string] {
  const marks = between.filter((c) => !SPACE.test(c));
  if (first) return ['', marks.join('')];
  const lastSpace = findLastIndex(between, (c) => SPACE.test(c));
  if (lastSpace >= 0) {
    const before = between.slice(0, lastSpace).filter((c) => !SPACE.test(c));
    return [before.join(''), between.slice(lastSpace + 1).join('')];
  }
  const opening = marks.findIndex((c) => OPENING.test(c));
  if (opening < 0) return [marks.join(''), ''];
  return [marks.slice(0, opening).join(''), marks.slice(opening).join('')];
}

/** Words that are only punctuation join the previous word (or the next, at the start). */
function foldPunctuationOnly(words: readonly RawWord[]): RawWord[] {
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

function withClosingPunctuation(sentence: string, words: readonly RawWord[]): RawWord[] {
  const chars = Array.from(sentence.trimEnd());
  let start = chars.length;
  while (start > 0 && PUNCTUATION.test(chars[start - 1] ?? '')) start--;
  const closing = chars.slice(start).join('');
  const last = words[words.length - 1];
  if (!last || closing === '' || last.text.endsWith(closing)) return [...words];
  return [...words.slice(0, -1), { ...last, text: last.text + closing }];
}

function stripEdgePunctuation(text: string): string {
  return text.trim().replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
}

function isSeparator(c: string): boolean {
  return SPACE.test(c) || PUNCTUATION.test(c);
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}
