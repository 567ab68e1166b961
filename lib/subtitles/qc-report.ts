/**
 * The QC report written next to every rendering: how many cues break each limit (and how many of
 * those could not have met it: a single unit too long for the lines or the duration, a short cue no
 * neighbour could have been joined to, a fast cue whose neighbourhood has no layout within the
 * limits), the gaps, and a word-coverage check that every unit of
 * the transcript appears exactly once, in order, in the cues.
 * Hard limits (lines, line length, maximum duration, gaps, coverage) should show zero avoidable
 * violations; reading speed and minimum duration are soft targets (≥ 95 % / ≥ 98 % of cues,
 * docs/subtitle-rules.md §5).
 */
import type { Transcript } from '../transcript/transcript.js';
import type { Cue } from './cue.js';
import { couldJoin } from './cue-join.js';
import { asProfile, type ProfileChoice, type SubtitleProfile } from './profile.js';
import { coverage } from './qc-coverage.js';
import { OverReadingSpeed } from './readable-layout.js';
import { widthUnits } from './text-width.js';

/** A count and its share of all cues (percent, two decimals). */
export interface QcCount {
  readonly count: number;
  readonly percent: number;
}

/** A limit's count, split into violations no segmentation could avoid and the rest. */
export interface QcLimit extends QcCount {
  /**
   * Hard limits: cues made of one unit that alone breaks the limit. Minimum duration: cues that no
   * neighbour could have been joined to (cue-join.ts). Reading speed: cues whose neighbourhood has no
   * layout within the reading speed and the other limits (readable-layout.ts).
   */
  readonly unavoidable: number;
}

/** Plain JSON: safe to `JSON.stringify` and store next to the rendering. */
export interface QcReport {
  readonly profile: SubtitleProfile['name'];
  /** The profile's limits this report measured against. */
  readonly limits: Pick<
    SubtitleProfile,
    'maxLineChars' | 'maxLines' | 'minDurationMs' | 'maxDurationMs' | 'maxCharsPerSecond' | 'minGapMs'
  >;
  readonly cues: number;
  readonly lines: number;
  readonly overLineLength: QcLimit;
  readonly overLineCount: QcLimit;
  readonly overMaxDuration: QcLimit;
  readonly underMinDuration: QcLimit;
  readonly overReadingSpeed: QcLimit;
  /** Cues whose times are estimates (words of a sentence the engine gave no word timings for). */
  readonly estimatedTiming: QcCount;
  /** Median reading speed in characters per second (profile counting). */
  readonly medianCharsPerSecond: number;
  readonly gaps: {
    /** Consecutive cues closer than `minGapMs` (or overlapping, or out of order): always a bug. */
    readonly underMinGap: number;
    /** Gaps between `minGapMs` and `chainGapMs` that were not chained (max duration got in the way). */
    readonly unchained: number;
  };
  readonly coverage: {
    readonly units: number;
    readonly covered: number;
    readonly ok: boolean;
    /** The first unit that is missing, duplicated, out of order or shown with other text. */
    readonly firstProblem?: { readonly unit: number; readonly cue: number; readonly reason: string };
  };
}

function percent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count * 10000) / total) / 100;
}

/** Each limit's count, and (suffix U) how many of those no segmentation could have avoided. */
interface CueCounts {
  lines: number;
  length: number;
  lengthU: number;
  count: number;
  countU: number;
  duration: number;
  durationU: number;
  short: number;
  shortU: number;
  estimated: number;
  underMinGap: number;
  unchained: number;
  /** Indexes of the cues over the reading speed. */
  readonly fastCues: number[];
  /**
   * Each cue's reading speed (characters per second; infinite for a cue of no duration). Typed, so
   * that it sorts numerically without a comparator: `Array.sort` with one boxed the doubles it
   * compared, about a megabyte of garbage for a five-hour recording's cues.
   */
  readonly speeds: Float64Array;
}

/** Measures the cues against the profile and checks they cover the transcript. */
export function qcReport(transcript: Transcript, cues: readonly Cue[], choice: ProfileChoice): QcReport {
  const profile = asProfile(transcript, choice);
  const counted = countCues(cues, profile);
  counted.speeds.sort();
  const median =
    counted.speeds.length === 0 ? 0 : (counted.speeds[Math.floor((counted.speeds.length - 1) / 2)] as number);
  const n = cues.length;
  const fastOnes = new OverReadingSpeed(cues, counted.fastCues);
  const covered = coverage(transcript, cues, profile, fastOnes);
  const limit = (count: number, unavoidable: number): QcLimit => ({
    count,
    percent: percent(count, n),
    unavoidable,
  });
  return {
    profile: profile.name,
    limits: {
      maxLineChars: profile.maxLineChars,
      maxLines: profile.maxLines,
      minDurationMs: profile.minDurationMs,
      maxDurationMs: profile.maxDurationMs,
      maxCharsPerSecond: profile.maxCharsPerSecond,
      minGapMs: profile.minGapMs,
    },
    cues: n,
    lines: counted.lines,
    overLineLength: limit(counted.length, counted.lengthU),
    overLineCount: limit(counted.count, counted.countU),
    overMaxDuration: limit(counted.duration, counted.durationU),
    underMinDuration: limit(counted.short, counted.shortU),
    overReadingSpeed: limit(counted.fastCues.length, fastOnes.unavoidable(transcript.durationMs, profile)),
    estimatedTiming: { count: counted.estimated, percent: percent(counted.estimated, n) },
    medianCharsPerSecond: Number.isFinite(median) ? Math.round(median * 100) / 100 : -1,
    gaps: { underMinGap: counted.underMinGap, unchained: counted.unchained },
    coverage: covered,
  };
}

/** One pass over the cues: every limit's count, the fast cues, the speeds and the gaps. */
function countCues(cues: readonly Cue[], profile: SubtitleProfile): CueCounts {
  const cjk = profile.name === 'zh';
  const maxUnits = profile.maxLineChars * 2;
  const counts: CueCounts = {
    lines: 0,
    length: 0,
    lengthU: 0,
    count: 0,
    countU: 0,
    duration: 0,
    durationU: 0,
    short: 0,
    shortU: 0,
    estimated: 0,
    underMinGap: 0,
    unchained: 0,
    fastCues: [],
    speeds: new Float64Array(cues.length),
  };
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as Cue;
    const single = cue.unitCount === 1;
    if (cue.estimatedTiming === true) counts.estimated++;
    counts.lines += cue.lines.length;
    let chars = 0;
    let long = false;
    for (const line of cue.lines) {
      const w = widthUnits(line, cjk);
      chars += w / 2;
      if (w > maxUnits) long = true;
    }
    const duration = cue.endMs - cue.startMs;
    if (long) {
      counts.length++;
      if (single) counts.lengthU++;
    }
    if (cue.lines.length > profile.maxLines) {
      counts.count++;
      if (single) counts.countU++;
    }
    if (duration > profile.maxDurationMs) {
      counts.duration++;
      if (single) counts.durationU++;
    }
    if (duration < profile.minDurationMs) {
      counts.short++;
      const before = cues[i - 1];
      const after = cues[i + 1];
      if (!(before && couldJoin(before, cue, profile)) && !(after && couldJoin(cue, after, profile)))
        counts.shortU++;
    }
    if (chars * 1000 > profile.maxCharsPerSecond * duration) counts.fastCues.push(i);
    counts.speeds[i] = duration > 0 ? (chars * 1000) / duration : Number.POSITIVE_INFINITY;
    const next = cues[i + 1];
    if (next !== undefined) {
      const gap = next.startMs - cue.endMs;
      if (gap < profile.minGapMs) counts.underMinGap++;
      else if (gap > profile.minGapMs && gap < profile.chainGapMs) counts.unchained++;
    }
  }
  return counts;
}
