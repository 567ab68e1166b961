/**
 * Parsers for the engine settings that can come from three places (env defaults, PROFILES JSON,
 * object metadata). Each returns the value or a problem sentence, so callers collect every problem
 * and name the place it came from. Limits are Tencent's (docs/tencent-wire.md §3.2).
 */
import { z } from 'zod';
import {
  type Engine,
  engines,
  type OutputFormat,
  outputFormats,
  type SubtitleProfile,
  subtitleProfiles,
} from './engines.js';
import type { FilterLevel, Hotword } from './pipeline-config.js';

/** A parsed value, or why it could not be parsed. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

/** `ci`, `asr`, `sentence`, `mps` or `auto` (case-insensitive). */
export function parseEngine(text: string): Parsed<Engine> {
  const value = text.trim().toLowerCase();
  const result = z.enum(engines).safeParse(value);
  return result.success
    ? ok(result.data)
    : bad(`"${text}" is not an engine; use one of ${engines.join(', ')}`);
}

/** `en`, `zh` or `auto`. */
export function parseSubtitleProfile(text: string): Parsed<SubtitleProfile> {
  const result = z.enum(subtitleProfiles).safeParse(text.trim().toLowerCase());
  return result.success
    ? ok(result.data)
    : bad(`"${text}" is not a subtitle profile; use one of ${subtitleProfiles.join(', ')}`);
}

/** A comma list (`srt,vtt`) or array of formats; sorted, repeats dropped, never empty. */
export function parseFormats(input: string | readonly string[]): Parsed<readonly OutputFormat[]> {
  const items = (typeof input === 'string' ? input.split(',') : [...input]).map((s) =>
    s.trim().toLowerCase(),
  );
  const wanted = items.filter((s) => s !== '');
  const unknown = wanted.filter((s) => !(outputFormats as readonly string[]).includes(s));
  if (unknown.length > 0) {
    return bad(
      `unknown format ${unknown.map((s) => `"${s}"`).join(', ')}; use a comma list of ${outputFormats.join(', ')}`,
    );
  }
  if (wanted.length === 0) return bad(`no format given; use a comma list of ${outputFormats.join(', ')}`);
  return ok(outputFormats.filter((f) => wanted.includes(f)));
}

/** `auto` or 0 (diarization with automatic count), 1-10 (fixed count), `off`/`none` (no diarization). */
export function parseSpeakers(input: string | number): Parsed<number | undefined> {
  const text = String(input).trim().toLowerCase();
  if (text === 'off' || text === 'none') return ok(undefined);
  if (text === 'auto' || text === '0') return ok(0);
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 10) return ok(Number(text));
  return bad(`"${input}" is not a speaker count; use auto, 1-10, or off`);
}

/** A filter level: 0 keep, 1 remove, 2 remove more (fillers) or mask (profanity). */
export function parseFilterLevel(input: string | number): Parsed<FilterLevel> {
  const text = String(input).trim();
  if (text === '0' || text === '1' || text === '2') return ok(Number(text) as FilterLevel);
  return bad(`"${input}" is not a filter level; use 0 (keep), 1 or 2`);
}

/** 1 or 2. */
export function parseChannels(input: string | number): Parsed<1 | 2> {
  const text = String(input).trim();
  if (text === '1') return ok(1);
  if (text === '2') return ok(2);
  return bad(`"${input}" is not a channel count; use 1 (mono) or 2 (8k stereo telephone audio)`);
}

/**
 * `word|weight,word|weight` (ASR HotwordList syntax) or plain `word,word` (weight 10). At most 128
 * words of at most 30 characters; weights 1-11 or 100. `|` and `,` cannot appear inside a word.
 */
export function parseHotwords(input: string | readonly string[]): Parsed<readonly Hotword[]> {
  const items = (typeof input === 'string' ? input.split(',') : [...input])
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > 128) return bad(`${items.length} hotwords given; ASR accepts at most 128`);
  const hotwords: Hotword[] = [];
  for (const item of items) {
    const [word = '', weightText, extra] = item.split('|').map((s) => s.trim());
    if (extra !== undefined || word === '')
      return bad(`"${item}" is not a hotword; write word or word|weight`);
    if ([...word].length > 30) return bad(`hotword "${word}" is longer than 30 characters`);
    const weight = weightText === undefined ? 10 : Number(weightText);
    if (!Number.isInteger(weight) || !((weight >= 1 && weight <= 11) || weight === 100)) {
      return bad(`hotword "${word}" has weight "${weightText}"; use 1-11, or 100 for forced`);
    }
    hotwords.push({ word, weight });
  }
  return ok(hotwords);
}
