/**
 * Long transcripts of ordinary speech for the subtitle benchmark, made from real prose so that the
 * vocabulary, word lengths and sentence lengths are those of real language (a made-up list of a few
 * hundred words lets caches and branch predictors see friendlier data than a recording would).
 *
 * The prose comes from Debian packages that scripts/setup.sh installs:
 * - English: `fortunes` (quotations, anecdotes and dialogue; the files listed in EN_FILES, chosen
 *   for conversational prose rather than code or verse), from BSD fortune(6), under the BSD
 *   licence as its Debian copyright file says.
 * - Chinese: `fortunes-zh`, file `chinese` (modern Chinese prose: the Debian Code of Conduct, the
 *   Debian Reference and similar, with a few technical words in Latin script). GPL-3.0+.
 * Neither is copied into the repository; a machine without them gets an error that says how to
 * install them.
 *
 * Timing is generated, deterministically (a seeded generator), at rates measured for ordinary
 * speech: an articulation rate of about 5 syllables a second in English, which with pauses gives
 * about 150-160 words a minute, and about 5 characters a second in Mandarin (about 4 with pauses).
 * Each sentence is spoken a little faster or slower than the last (a log-normal factor, 12 %), each of
 * the two speakers has a pace of their own, words mostly touch as recognisers time them, commas
 * cost a short pause, sentence ends a longer one, and now and then there is a long silence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { splitSentence } from '../../lib/subtitles/sentence-pieces.js';
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../lib/transcript/transcript.js';

const FORTUNES = '/usr/share/games/fortunes';
/** Files of the `fortunes` package with conversational prose (not code, verse or ASCII art). */
const EN_FILES = [
  'people',
  'wisdom',
  'work',
  'humorists',
  'love',
  'men-women',
  'education',
  'science',
  'politics',
  'food',
  'pets',
  'sports',
  'medicine',
  'law',
  'art',
  'kids',
  'platitudes',
  'literature',
  'miscellaneous',
];
const ZH_FILE = 'chinese';
/**
 * Entries of `chinese` by modern authors (the Debian documents, essays, translated books): the file
 * also quotes classical Chinese (论语, 道德经, Tang and Song poetry), which nobody speaks today.
 */
const ZH_MODERN = /Osamu Aoki|Debian|钱钟书|斯托曼|赫拉利|Raymond|鲁迅|吴军|老舍/;

/** Mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readFortunes(file: string): string {
  const full = path.join(FORTUNES, file);
  try {
    return readFileSync(full, 'utf8');
  } catch {
    throw new Error(
      `${full} is missing: the subtitle benchmark reads its prose from the Debian packages fortunes and fortunes-zh (npm run setup installs them)`,
    );
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the fortune files colour text with ANSI escapes.
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The prose of a fortune file as paragraphs: entries split at `%` lines, colour codes, attributions
 * (`-- Name`), command lines and indented blocks (code, tables) dropped, lines joined.
 */
function paragraphs(text: string, zh: boolean): string[] {
  const out: string[] = [];
  for (const entry of text.replace(ANSI, '').split(/^%$/m)) {
    if (zh && !ZH_MODERN.test(entry.match(/^\s*--(.*)$/m)?.[1] ?? '')) continue;
    let paragraph = '';
    const flush = () => {
      if (paragraph.trim() !== '') out.push(paragraph.trim());
      paragraph = '';
    };
    for (const raw of entry.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('--') || line.startsWith('$') || line.startsWith('#')) {
        flush();
        continue;
      }
      // English fortunes indent quoted verse and code by a tab or many spaces.
      if (!zh && /^(\t| {5,})/.test(raw)) {
        flush();
        continue;
      }
      const joinWithSpace = !zh || (/[A-Za-z0-9,.]$/.test(paragraph) && /^[A-Za-z0-9]/.test(line));
      paragraph += paragraph === '' ? line : joinWithSpace ? ` ${line}` : line;
    }
    flush();
  }
  return out;
}

const EN_SENTENCE = /[^.?!]+(?:[.?!]+["')]?|$)/g;
const ZH_SENTENCE = /[^。？！]+(?:[。？！]+[”」』）]?|$)/gu;

/** Sentences a person could say: mostly letters, no markup, URLs, paths or code. */
function spoken(sentence: string, zh: boolean): boolean {
  if (/[/\\<>{}[\]$=_|@*#~^`+]/.test(sentence)) return false;
  if (zh) {
    const han = sentence.match(/\p{Script=Han}/gu)?.length ?? 0;
    return han >= 4 && han >= sentence.replace(/\s/g, '').length * 0.7;
  }
  const words = sentence.split(' ');
  const letters = sentence.match(/[A-Za-z]/g)?.length ?? 0;
  return words.length >= 3 && letters >= sentence.replace(/\s/g, '').length * 0.8;
}

/** The corpus as sentences, in file order. */
export function corpusSentences(language: 'en' | 'zh'): string[] {
  const zh = language === 'zh';
  const sentences: string[] = [];
  for (const file of zh ? [ZH_FILE] : EN_FILES) {
    for (const paragraph of paragraphs(readFortunes(file), zh)) {
      const text = paragraph.replace(/\s+/g, ' ');
      for (const match of text.matchAll(zh ? ZH_SENTENCE : EN_SENTENCE)) {
        const sentence = match[0].trim();
        // "Ltd. , and name": an abbreviation's full stop is not a sentence end.
        const last = sentences.length - 1;
        if (!zh && /^[,;:]/.test(sentence) && last >= 0) sentences[last] += sentence;
        else if (sentence !== '' && spoken(sentence, zh)) sentences.push(sentence);
      }
    }
  }
  return sentences;
}

/** Syllables of an English word, by vowel groups: close enough for timing. */
function syllables(word: string): number {
  const groups =
    word
      .toLowerCase()
      .replace(/e\b/, '')
      .match(/[aeiouy]+/g)?.length ?? 0;
  return Math.max(1, groups);
}

/** A normal deviate by Box-Muller. */
function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * `hours` of two people talking, timed as a recogniser times words ('zh': words as Intl.Segmenter
 * finds them, punctuation attached, as Tencent's word lists give them). `perCharacter` splits
 * Chinese words into one token per character, as some engines report them.
 */
export function speechTranscript(
  language: 'en' | 'zh',
  hours: number,
  seed = 1,
  perCharacter = false,
): Transcript {
  const zh = language === 'zh';
  const sentences = corpusSentences(language);
  const next = random(seed);
  const between = (low: number, high: number) => low + Math.round(next() * (high - low));
  const pace = { '1': 0.95, '2': 1.06 } as const;
  const endOfMedia = Math.round(hours * 3_600_000);
  const segments: TranscriptSegment[] = [];
  let t = 800;
  let speaker: '1' | '2' = '1';
  let s = 0;
  while (t < endOfMedia - 20_000) {
    const sentence = sentences[s++ % sentences.length] as string;
    // Slower or faster than usual, sentence by sentence (duration factor).
    const rate = pace[speaker] * Math.exp(0.12 * gaussian(next));
    const words: TranscriptWord[] = [];
    const start = t;
    const pieces = zh ? splitSentence(sentence, true) : sentence.split(' ');
    pieces.forEach((text, k) => {
      const letters = text.match(/[\p{L}\p{N}]/gu) ?? [];
      const han = letters.filter((c) => /\p{Script=Han}/u.test(c)).length;
      const spokenMs = zh
        ? han * 200 + (letters.length - han) * 70
        : 40 + 200 * syllables(text) + (/\d/.test(text) ? 250 : 0);
      const duration = Math.max(60, Math.round(spokenMs * rate));
      const confidence = Math.round((0.7 + next() * 0.3) * 100) / 100;
      const tokens = zh && perCharacter ? splitCharacters(text) : [text];
      tokens.forEach((token, i) => {
        const from = t + Math.floor((duration * i) / tokens.length);
        const to = t + Math.floor((duration * (i + 1)) / tokens.length);
        words.push({ text: token, startMs: from, endMs: to, confidence });
      });
      t += duration;
      if (k === pieces.length - 1) return;
      // Recognisers mostly make words touch; a comma is a breath.
      t += /[,;:，；：、]$/u.test(text) ? between(150, 400) : next() < 0.7 ? 0 : between(10, 80);
    });
    segments.push({
      startMs: start,
      endMs: t,
      text: words.map((w) => w.text).join(zh ? '' : ' '),
      speaker,
      words,
    });
    const turn = next() < 0.25;
    if (turn) speaker = speaker === '1' ? '2' : '1';
    const long = next() < 0.04;
    t += long ? between(1500, 4000) : turn ? between(300, 1200) : between(200, 700);
  }
  return { version: 1, language, durationMs: endOfMedia, source: { engine: 'canonical' }, segments };
}

/** One token per CJK character, punctuation kept on the character before it, Latin runs kept whole. */
function splitCharacters(word: string): string[] {
  return word.match(/[\p{Script=Han}][^\p{Script=Han}\p{L}\p{N}]*|[^\p{Script=Han}]+/gu) ?? [word];
}
