/**
 * Settles cue times after segmentation, in one pass with one cue of look-ahead (Netflix timing
 * guidelines, docs/subtitle-rules.md §3 and §4):
 * - in-time on the first word; pushed later only when the previous cue needs its 2-frame gap;
 * - out-time on the last word, extended by up to `maxExtensionMs` to reach the reading speed and the
 *   minimum duration, never past `maxDurationMs` (unless the words alone are longer);
 * - a gap to the next cue is either at least `chainGapMs` or closed to exactly `minGapMs`.
 */
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';

/** A cue whose text and units are decided but whose times are still the words' times. */
export interface TimedDraft {
  readonly rawStartMs: number;
  readonly rawEndMs: number;
  /** Characters shown, counted as the profile counts them. */
  readonly chars: number;
  readonly lines: readonly string[];
  readonly speaker: string | undefined;
  readonly firstUnit: number;
  readonly unitCount: number;
  readonly estimatedTiming: boolean;
}

/** Final times for every draft, in order; the result never overlaps and keeps every gap >= minGapMs. */
export function settleTimes(drafts: readonly TimedDraft[], profile: SubtitleProfile, mediaMs: number): Cue[] {
  const cues: Cue[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < drafts.length; i++) {
    const draft = drafts[i] as TimedDraft;
    const startMs = cueStartMs(draft.rawStartMs, previousEnd, profile);
    const next = drafts[i + 1];
    const nextStart =
      next === undefined ? Number.POSITIVE_INFINITY : nextCueStartMs(next.rawStartMs, startMs, profile);
    const endMs = cueEndMs(startMs, draft.rawEndMs, draft.chars, nextStart, mediaMs, profile);
    cues.push(timedCue(startMs, endMs, draft));
    previousEnd = endMs;
  }
  return cues;
}

/** A cue starts on its first word, or two frames after the cue before it ends if that is later. */
export function cueStartMs(rawStartMs: number, previousEndMs: number, profile: SubtitleProfile): number {
  return Math.max(rawStartMs, previousEndMs + profile.minGapMs);
}

/**
 * Where the next cue starts when the one before it starts at `startMs`: on its first word, unless
 * that leaves the cue before less than a millisecond plus its two-frame gap.
 */
export function nextCueStartMs(nextRawStartMs: number, startMs: number, profile: SubtitleProfile): number {
  return Math.max(nextRawStartMs, startMs + 1 + profile.minGapMs);
}

/**
 * The end of a cue starting at `startMs` whose words end at `wordsEndMs`, showing `chars` characters,
 * followed by a cue starting at `nextStartMs` (Infinity: none). Chained, the gap closes to two frames
 * (this may end a cue a few ms before its last word ends when the next speaker starts immediately);
 * otherwise the cue stays only as long as reading speed and the minimum duration need, within the
 * extension `latestEndMs` allows. Never past `maxDurationMs` unless the words alone are longer, never
 * before `startMs + 1`. The segmenter judges candidate cues by it, so it sees the times they will get.
 */
export function cueEndMs(
  startMs: number,
  wordsEndMs: number,
  chars: number,
  nextStartMs: number,
  mediaMs: number,
  profile: SubtitleProfile,
): number {
  const wordsEnd = Math.max(wordsEndMs, startMs);
  const needed = Math.max(profile.minDurationMs, Math.ceil((chars * 1000) / profile.maxCharsPerSecond));
  const longest = startMs + Math.max(profile.maxDurationMs, wordsEnd - startMs);
  const latest = latestEndMs(wordsEnd, nextStartMs, mediaMs, profile);
  const chained = nextStartMs - wordsEnd < profile.chainGapMs;
  const endMs = chained
    ? Math.min(latest, longest)
    : Math.min(Math.max(wordsEnd, startMs + needed), longest, latest);
  return Math.max(endMs, startMs + 1);
}

/**
 * The cue, its fields in the order the JSON rendering shows them; literals rather than spreads of
 * optional fields, which cost as much as the rest of the cue's making.
 */
function timedCue(startMs: number, endMs: number, draft: TimedDraft): Cue {
  const { lines, speaker, firstUnit, unitCount } = draft;
  const cue: { -readonly [K in keyof Cue]: Cue[K] } =
    speaker === undefined
      ? { startMs, endMs, lines, firstUnit, unitCount }
      : { startMs, endMs, lines, speaker, firstUnit, unitCount };
  if (draft.estimatedTiming) cue.estimatedTiming = true;
  return cue;
}

/**
 * The latest a cue whose words end at `wordsEndMs` may end: two frames before the next cue when that
 * starts within `chainGapMs` (chained), otherwise `maxExtensionMs` past the words but `chainGapMs`
 * before the next cue (`nextStartMs` Infinity: none), or at the media's end for the last cue.
 */
function latestEndMs(
  wordsEndMs: number,
  nextStartMs: number,
  mediaMs: number,
  profile: SubtitleProfile,
): number {
  if (nextStartMs - wordsEndMs < profile.chainGapMs) return nextStartMs - profile.minGapMs;
  const hangUntil = wordsEndMs + profile.maxExtensionMs;
  if (nextStartMs === Number.POSITIVE_INFINITY) return Math.min(hangUntil, Math.max(wordsEndMs, mediaMs));
  return Math.min(hangUntil, nextStartMs - profile.chainGapMs);
}
