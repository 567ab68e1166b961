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
  const texts = alignToSentence(sentence, spoken) ?? withClosingPunctuation(sentence, spoken);
  return spoken.map((word, i) => {
    const text = texts[i] ?? word.text;
    return text === word.text ? word : { text, startMs: word.startMs, endMs: word.endMs };
  });
}

/** The words' texts with punctuation, or undefined when the words cannot be found in the sentence. */
function alignToSentence(sentence: string, words: readonly RawWord[]): string[] | undefined {
  // Case-folded copy for SliceSentence/FinalSentence case differences; only when folding keeps offsets.
  const folded = sentence.toLowerCase();
  const lower = folded.length === sentence.length ? folded : undefined;
  const texts: string[] = new Array(words.length);
  let cursor = 0;
  for (let i = 0; i < words.length; i++) {
    const core = stripEdgePunctuation((words[i] as RawWord).text);
    const at = findCore(sentence, lower, core, cursor);
    if (at === undefined) return undefined;
    const [closing, opening] = splitSeparators(sentence.slice(cursor, at), i === 0);
    if (i > 0) texts[i - 1] += closing;
    texts[i] = opening + sentence.slice(at, at + core.length);
    cursor = at + core.length;
  }
  for (let j = cursor; j < sentence.length; j++) if (!isSeparator(sentence.charCodeAt(j))) return undefined;
  if (words.length > 0) texts[words.length - 1] += sentence.slice(cursor).replace(/\s+/gu, '');
  return texts;
}

/**
 * Where `core` starts at or after `from`, with only space and punctuation skipped on the way. Exact
 * match first; then ignoring case (SliceSentence and FinalSentence can differ in case).
 */
function findCore(
  sentence: string,
  lower: string | undefined,
  core: string,
  from: number,
): number | undefined {
  if (core === '') return undefined;
  const coreLower = lower === undefined ? undefined : core.toLowerCase();
  for (let at = from; at + core.length <= sentence.length; at++) {
    if (sentence.startsWith(core, at)) return at;
    if (lower !== undefined && coreLower !== undefined && lower.startsWith(coreLower, at)) return at;
    if (!isSeparator(sentence.charCodeAt(at))) return undefined;
  }
  return undefined;
}

/**
 * Splits what lies between two words into [closes the previous word, opens the next one]. With a
 * space in between, the space is the boundary ('word, "next'); without one (Chinese), opening
 * brackets and quotes start the next word ('。“'). Before the first word, everything opens it.
 */
function splitSeparators(between: string, first: boolean): [string, string] {
  if (between === '') return ['', ''];
  const chars = Array.from(between);
  const marks = chars.filter((c) => !SPACE.test(c));
  if (first) return ['', marks.join('')];
  const lastSpace = findLastIndex(chars, (c) => SPACE.test(c));
  if (lastSpace >= 0) {
    const before = chars.slice(0, lastSpace).filter((c) => !SPACE.test(c));
    return [before.join(''), chars.slice(lastSpace + 1).join('')];
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

function withClosingPunctuation(sentence: string, words: readonly RawWord[]): string[] {
  const texts = words.map((w) => w.text);
  const chars = Array.from(sentence.trimEnd());
  let start = chars.length;
  while (start > 0 && PUNCTUATION.test(chars[start - 1] ?? '')) start--;
  const closing = chars.slice(start).join('');
  const last = texts.length - 1;
  if (last >= 0 && closing !== '' && !(texts[last] as string).endsWith(closing)) texts[last] += closing;
  return texts;
}

function stripEdgePunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSeparator(text.charCodeAt(start))) start++;
  while (end > start && isSeparator(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const separatorCache = new Map<number, boolean>();

/** Space or punctuation, by UTF-16 code unit (surrogates are never separators: emoji are content). */
function isSeparator(code: number): boolean {
  let known = separatorCache.get(code);
  if (known === undefined) {
    const c = String.fromCharCode(code);
    known = SPACE.test(c) || PUNCTUATION.test(c);
    separatorCache.set(code, known);
  }
  return known;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}
