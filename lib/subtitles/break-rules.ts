/**
 * How bad it is to break a line or a cue between two words. Lower is better; FORBIDDEN is only taken
 * when nothing else fits. Sources: Netflix General Requirements (break after punctuation, before
 * conjunctions and prepositions; never separate article + noun, first + last name, a verb from its
 * auxiliary, pronoun or negation), BBC §3 (keep prepositional phrases and clauses together), and for
 * Chinese the WhisperX conjunction list and Netflix's line-edge punctuation rules.
 */
import {
  endsClause,
  endsSentence,
  endsWithOpening,
  startsWithClosing,
  startsWithOpening,
} from './punctuation.js';

/** Break cost classes. */
export const BREAK = {
  sentence: 0,
  clause: 1,
  beforeConjunction: 2,
  beforePreposition: 3,
  ordinary: 6,
  afterConjunction: 12,
  afterPreposition: 15,
  afterPronoun: 14,
  afterAuxiliary: 18,
  afterNumber: 20,
  name: 30,
  afterArticle: 40,
  afterAdjective: 25,
  insideInfinitive: 20,
  beforeArticle: 4,
  forbidden: 1000,
} as const;

// Word classes as bits, so that a word is looked up once (in WORD_CLASSES) rather than in one set per
// rule for every pair of words.
const CONJUNCTION = 1;
const PREPOSITION = 2;
const ARTICLE = 4;
/** Adjectives and quantifiers that nearly always sit before their noun ("the next | few minutes"). */
const PRENOMINAL = 8;
/** Verbs that take an infinitive: "want | to talk" splits one verb phrase (Netflix, BBC §3). */
const CATENATIVE = 16;
const PRONOUN = 32;
const AUXILIARY = 64;

const WORD_CLASSES = new Map<string, number>();
function classify(words: string, wordClass: number): void {
  for (const word of words.split(' ')) WORD_CLASSES.set(word, (WORD_CLASSES.get(word) ?? 0) | wordClass);
}
classify(
  'and but or nor so yet because although though while whereas if unless until since that which who whom whose when where whether than as',
  CONJUNCTION,
);
classify(
  'of in on at to for with from by about into onto over under after before through between during without within against among across toward towards upon around behind beyond near off out past via per like',
  PREPOSITION,
);
classify(
  'a an the this these those my your his her its our their some any every each no another such',
  ARTICLE,
);
classify(
  'next last few first second third many much several other same whole new old own only one two three four five six seven eight nine ten hundred thousand million billion',
  PRENOMINAL,
);
classify(
  'want wants wanted need needs needed going have has had used able try tries tried trying like likes liked love hope hoped plan planned decide decided seem seems seemed ought start started begin began continue continued',
  CATENATIVE,
);
classify('i you he she it we they', PRONOUN);
classify(
  "am is are was were be been being do does did have has had will would shall should can could may might must not don't doesn't didn't won't wouldn't can't couldn't shouldn't isn't aren't wasn't weren't haven't hasn't hadn't i'm you're we're they're he's she's it's i've you've we've they've i'll you'll we'll they'll i'd you'd we'd they'd",
  AUXILIARY,
);
/** WhisperX's zh conjunction list, plus a few common ones. */
const ZH_CONJUNCTIONS = [
  '但是',
  '因为',
  '所以',
  '虽然',
  '而且',
  '如果',
  '然后',
  '因此',
  '不过',
  '或者',
  '并且',
  '可是',
  '于是',
  '只是',
  '而是',
  '和',
  '或',
  '但',
  '而',
];

/** The conjunctions by their first character: most tokens start with none of them. */
const NO_WORDS: readonly string[] = [];
const ZH_CONJUNCTIONS_BY_FIRST = new Map<number, string[]>();
for (const conjunction of ZH_CONJUNCTIONS) {
  const first = conjunction.charCodeAt(0);
  const list = ZH_CONJUNCTIONS_BY_FIRST.get(first) ?? [];
  ZH_CONJUNCTIONS_BY_FIRST.set(first, list);
  list.push(conjunction);
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu;
const CAPITALISED = /^[^\p{L}]*\p{Lu}\p{Ll}/u;
const STARTS_WITH_DIGIT = /^\d/;
const ENDS_WITH_DIGIT = /\d$/;
const STARTS_WITH_LETTER = /^\p{L}/u;

const ZH_NOUN_LINK = /(?:的|之|[一这那哪每几两][个位种些件条张次])$/u;

/**
 * A word as the English rules look at it, computed once per word (each word is a left and a right).
 * Mutable: the tokenizer refills two of these (`readEnglishWord`) instead of making one per word.
 */
export interface EnglishWord {
  raw: string;
  /** Lower case, edge punctuation stripped. */
  bare: string;
  capitalised: boolean;
  /** Its word classes (CONJUNCTION | PREPOSITION | ...), 0 for none. */
  classes: number;
}

/** A word to fill with `readEnglishWord`. */
export function blankEnglishWord(): EnglishWord {
  return { raw: '', bare: '', capitalised: false, classes: 0 };
}

/** Fills `into` with the rules' view of a raw word (punctuation attached), and returns it. */
export function readEnglishWord(raw: string, into: EnglishWord): EnglishWord {
  const lower = bare(raw);
  into.raw = raw;
  into.bare = lower;
  into.capitalised = isCapitalised(raw);
  into.classes = WORD_CLASSES.get(lower) ?? 0;
  return into;
}

/**
 * Lower case, edge punctuation stripped. Most words are plain ASCII letters, digits and apostrophes:
 * a character loop finds that (and whether any letter is upper case) without the Unicode-aware strip
 * or a regular expression, which dominated profiles.
 */
function bare(word: string): string {
  let upper = false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) upper = true;
    else if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x27))
      return word.replace(EDGE_PUNCTUATION, '').toLowerCase();
  }
  return upper ? word.toLowerCase() : word;
}

function isCapitalised(word: string): boolean {
  const first = word.charCodeAt(0);
  // Plain ASCII start: an upper-case letter followed by a lower-case one, without a regex.
  if (first >= 0x41 && first <= 0x5a) {
    const second = word.charCodeAt(1);
    if (second >= 0x61 && second <= 0x7a) return true;
    if (second < 0x80 || Number.isNaN(second)) return false;
  } else if (first >= 0x61 && first <= 0x7a) return false;
  return CAPITALISED.test(word);
}

/** Cost of a break between two English words (raw texts, punctuation attached). */
export function englishBreakCost(left: string, right: string): number {
  return englishWordsBreakCost(
    readEnglishWord(left, blankEnglishWord()),
    readEnglishWord(right, blankEnglishWord()),
  );
}

/** `englishBreakCost` over words already looked at (the tokenizer keeps the previous one). */
export function englishWordsBreakCost(leftWord: EnglishWord, rightWord: EnglishWord): number {
  const left = leftWord.raw;
  const right = rightWord.raw;
  if (startsWithClosing(right) || endsWithOpening(left)) return BREAK.forbidden;
  if (endsSentence(left)) return BREAK.sentence;
  if (endsClause(left)) return BREAK.clause;
  const l = leftWord.bare;
  const r = rightWord.bare;
  const leftClasses = leftWord.classes;
  const rightClasses = rightWord.classes;
  if (leftClasses & ARTICLE) return BREAK.afterArticle;
  if (r === 'to' && leftClasses & CATENATIVE) return BREAK.insideInfinitive;
  if (leftClasses & PRENOMINAL && !(rightClasses & (PREPOSITION | CONJUNCTION))) return BREAK.afterAdjective;
  if (leftWord.capitalised && rightWord.capitalised && l !== 'i' && r !== 'i') return BREAK.name;
  if (leftClasses & AUXILIARY) return BREAK.afterAuxiliary;
  if (STARTS_WITH_DIGIT.test(l) && STARTS_WITH_LETTER.test(r)) return BREAK.afterNumber;
  if (leftClasses & PREPOSITION) return BREAK.afterPreposition;
  if (leftClasses & PRONOUN) return BREAK.afterPronoun;
  if (leftClasses & CONJUNCTION) return BREAK.afterConjunction;
  if (rightClasses & CONJUNCTION) return BREAK.beforeConjunction;
  if (rightClasses & PREPOSITION) return BREAK.beforePreposition;
  if (rightClasses & ARTICLE) return BREAK.beforeArticle;
  return BREAK.ordinary;
}

/**
 * Cost of a break between two Chinese tokens, which are words (units.ts puts an engine's
 * one-token-per-character Chinese back into words first).
 */
export function chineseBreakCost(left: string, right: string): number {
  if (startsWithClosing(right) || endsWithOpening(left)) return BREAK.forbidden;
  if (endsSentence(left)) return BREAK.sentence;
  if (endsClause(left)) return BREAK.clause;
  // A quotation or bracket opening here starts a phrase: break before it rather than inside it.
  if (startsWithOpening(right)) return BREAK.beforeConjunction;
  for (const conjunction of ZH_CONJUNCTIONS_BY_FIRST.get(right.charCodeAt(0)) ?? NO_WORDS) {
    if (right.startsWith(conjunction)) return BREAK.beforeConjunction;
  }
  if (ENDS_WITH_DIGIT.test(left) && !STARTS_WITH_DIGIT.test(right)) return BREAK.afterNumber;
  // 的/之 join a modifier to its noun, a measure word (一个, 这种) to what it counts: both sit inside a
  // noun phrase, the zh counterpart of the article + noun rule.
  if (ZH_NOUN_LINK.test(left)) return BREAK.afterAdjective;
  return BREAK.ordinary;
}
