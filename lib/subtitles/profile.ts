/**
 * Language profiles: the limits and house rules that segmentation, layout and QC apply.
 *
 * Defaults follow the Netflix timed-text guides (en-US: 42 chars/line, 20 cps; zh-Hans: 16/line with
 * half-width counted as 0.5, 9 cps), the Netflix timing guidelines (5/6 s minimum, 7 s maximum, a
 * 2-frame minimum gap, gaps under half a second chained to 2 frames, up to half a second of hang
 * time) — see docs/subtitle-rules.md §1 and §4. Every number can be overridden per rendering.
 */
import { z } from 'zod';
import { onFirstUse } from '../lazy/on-first-use.js';
import type { Transcript } from '../transcript/transcript.js';
import type { SubtitleProfileName } from './formats.js';

/** Everything segmentation, layout, writers and QC need to know about a language. */
export interface SubtitleProfile {
  /** Which rule set applies to word spacing and line breaking. */
  readonly name: 'en' | 'zh';
  /** Characters per line. For zh, half-width characters (Latin letters, digits, ASCII) count 0.5. */
  readonly maxLineChars: number;
  readonly maxLines: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /** Reading speed cap in characters per second, counted like `maxLineChars`. */
  readonly maxCharsPerSecond: number;
  /** Two frames at 23.976/24 fps. */
  readonly minGapMs: number;
  /** Gaps shorter than this are closed down to `minGapMs`. */
  readonly chainGapMs: number;
  /** How far a cue may stay up after its last word, to reach reading speed or minimum duration. */
  readonly maxExtensionMs: number;
  /** A silence this long always starts a new cue. */
  readonly pauseBreakMs: number;
  /** Netflix Simplified Chinese: "Do not use commas or periods. Use one single space instead." */
  readonly replaceCommasAndStops: boolean;
  /** Put a space between Chinese characters and Latin words (用 iPhone 拍), as most zh style guides do. */
  readonly spaceBetweenCjkAndLatin: boolean;
  /** TXT: a silence this long between sentences starts a new paragraph. */
  readonly paragraphGapMs: number;
  /** TXT: print speaker labels ('auto' = when the transcript has speakers). */
  readonly txtSpeakerLabels: 'auto' | boolean;
  /** TXT: prefix each paragraph with its start time. */
  readonly txtTimestamps: boolean;
}

/** Netflix en-US numbers. */
export const ENGLISH_PROFILE: SubtitleProfile = {
  name: 'en',
  maxLineChars: 42,
  maxLines: 2,
  minDurationMs: 833,
  maxDurationMs: 7000,
  maxCharsPerSecond: 20,
  minGapMs: 83,
  chainGapMs: 500,
  maxExtensionMs: 500,
  pauseBreakMs: 1500,
  replaceCommasAndStops: false,
  spaceBetweenCjkAndLatin: true,
  paragraphGapMs: 2000,
  txtSpeakerLabels: 'auto',
  txtTimestamps: false,
};

/** Netflix zh-Hans numbers. */
export const CHINESE_PROFILE: SubtitleProfile = {
  ...ENGLISH_PROFILE,
  name: 'zh',
  maxLineChars: 16,
  maxCharsPerSecond: 9,
  replaceCommasAndStops: true,
};

/** Overrides accepted from callers (CLI flags, per-prefix config, object metadata): parsed, never trusted. */
const profileOverridesSchema = z.lazy(onFirstUse(buildOverridesSchema));

// Built on first use, not at load: a rendering without overrides never needs it, and its ~50 zod
// instances were the largest part of loading this module (test/bench/cli-start.bench.ts).
function buildOverridesSchema() {
  return z
    .object({
      maxLineChars: z.number().positive().max(200),
      maxLines: z.number().int().min(1).max(4),
      minDurationMs: z.number().int().min(0),
      maxDurationMs: z.number().int().min(1000),
      maxCharsPerSecond: z.number().positive(),
      minGapMs: z.number().int().min(0).max(1000),
      chainGapMs: z.number().int().min(0).max(5000),
      maxExtensionMs: z.number().int().min(0).max(5000),
      pauseBreakMs: z.number().int().min(0),
      replaceCommasAndStops: z.boolean(),
      spaceBetweenCjkAndLatin: z.boolean(),
      paragraphGapMs: z.number().int().min(0),
      txtSpeakerLabels: z.union([z.literal('auto'), z.boolean()]),
      txtTimestamps: z.boolean(),
    })
    .partial()
    .strict();
}

/** Profile choice plus any overrides. */
export type ProfileOptions = { readonly profile?: 'en' | 'zh' | 'auto' } & z.infer<
  typeof profileOverridesSchema
>;

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /\p{L}/u;

/**
 * 'zh' when the transcript says zh/yue (any zh-* or yue-* tag) or, when it does not, when most of its
 * letters are CJK; 'en' otherwise. Only the first few thousand characters are looked at.
 */
export function detectProfileName(transcript: Transcript): 'en' | 'zh' {
  const tag = transcript.language.toLowerCase();
  if (/^(zh|yue|cmn)(\b|[-_])/.test(tag)) return 'zh';
  return cjkMajority(transcript) ? 'zh' : 'en';
}

function cjkMajority(transcript: Transcript): boolean {
  let cjk = 0;
  let letters = 0;
  for (const segment of transcript.segments) {
    for (const c of segment.text) {
      // ASCII first: two Unicode-property regexes per character showed up in five-hour profiles.
      const code = c.charCodeAt(0);
      if (code < 0x80) {
        if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) letters++;
      } else if (CJK_CHAR.test(c)) cjk++;
      else if (LETTER.test(c)) letters++;
    }
    if (cjk + letters > 4000) break;
  }
  return cjk > letters;
}

/** The profile a rendering uses: the named (or detected) defaults with the validated overrides on top. */
export function resolveProfile(transcript: Transcript, options: ProfileOptions = {}): SubtitleProfile {
  const { profile = 'auto', ...rest } = options;
  const overrides = Object.keys(rest).length === 0 ? {} : profileOverridesSchema.parse(rest);
  const name = profile === 'auto' ? detectProfileName(transcript) : profile;
  const base = name === 'zh' ? CHINESE_PROFILE : ENGLISH_PROFILE;
  return { ...base, ...overrides } as SubtitleProfile;
}

/** A resolved profile, or just its name (defaults, no overrides). */
export type ProfileChoice = SubtitleProfile | SubtitleProfileName;

/** Resolves a `ProfileChoice` for a transcript. */
export function asProfile(transcript: Transcript, choice: ProfileChoice): SubtitleProfile {
  return typeof choice === 'string' ? resolveProfile(transcript, { profile: choice }) : choice;
}
