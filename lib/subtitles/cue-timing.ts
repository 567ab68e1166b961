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
  const gap = profile.minGapMs;
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < drafts.length; i++) {
    const draft = drafts[i] as TimedDraft;
    const startMs = Math.max(draft.rawStartMs, previousEnd + gap);
    const wordsEnd = Math.max(draft.rawEndMs, startMs);
    const next = drafts[i + 1];
    const nextStart =
      next === undefined ? Number.POSITIVE_INFINITY : Math.max(next.rawStartMs, startMs + 1 + gap);
    const needed = Math.max(
      profile.minDurationMs,
      Math.ceil((draft.chars * 1000) / profile.maxCharsPerSecond),
    );
    const longest = startMs + Math.max(profile.maxDurationMs, wordsEnd - startMs);
    const wanted = Math.min(Math.max(wordsEnd, startMs + needed), longest);
    const latest = latestEndMs(wordsEnd, nextStart, mediaMs, profile);
    // Chained, the gap closes to two frames (this may end a cue a few ms before its last word ends
    // when the next speaker starts immediately); otherwise the cue stays only as long as it needs.
    const chained = nextStart - wordsEnd < profile.chainGapMs;
    const endMs = Math.max(chained ? Math.min(latest, longest) : Math.min(wanted, latest), startMs + 1);
    cues.push(timedCue(startMs, endMs, draft));
    previousEnd = endMs;
  }
  return cues;
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
 * settleTimes ends cues by it, and the segmenter judges a candidate cue's duration by it.
 */
export function latestEndMs(
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
