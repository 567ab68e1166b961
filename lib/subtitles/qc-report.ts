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
import { isWhiteSpace } from '../transcript/white-space.js';
import type { Cue } from './cue.js';
import { couldJoin } from './cue-join.js';
import { asProfile, type ProfileChoice, type SubtitleProfile } from './profile.js';
import { OverReadingSpeed } from './readable-layout.js';
import { widthUnits } from './text-width.js';
import { forEachUnit } from './units.js';

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
  readonly limits: {
    readonly maxLineChars: number;
    readonly maxLines: number;
    readonly minDurationMs: number;
    readonly maxDurationMs: number;
    readonly maxCharsPerSecond: number;
    readonly minGapMs: number;
  };
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

/**
 * A cue's lines walked as one text for the coverage check, skipping what layout may add: spaces and
 * line breaks, and in the zh profile the ，。 it turns into spaces. The transcript's words are matched
 * against it one by one (skipping the same characters in them); everything else must match exactly.
 * A cursor rather than joined strings: this runs for every word of a five-hour recording.
 */
class ShownText {
  readonly #dropStops: boolean;
  #lines: readonly string[] = [];
  #line = 0;
  #at = 0;

  constructor(dropStops: boolean) {
    this.#dropStops = dropStops;
  }

  start(lines: readonly string[]): void {
    this.#lines = lines;
    this.#line = 0;
    this.#at = 0;
  }

  /** Consumes `text`; false at the first character the cue shows differently. */
  match(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.#ignored(code)) continue;
      if (this.#next() !== code) return false;
      this.#at++;
    }
    return true;
  }

  /** True when nothing but ignored characters is left. */
  atEnd(): boolean {
    return this.#next() === -1;
  }

  /** The next character that counts, without consuming it; -1 at the end. */
  #next(): number {
    for (;;) {
      const line = this.#lines[this.#line];
      if (line === undefined) return -1;
      if (this.#at === line.length) {
        this.#line++;
        this.#at = 0;
        continue;
      }
      const code = line.charCodeAt(this.#at);
      if (!this.#ignored(code)) return code;
      this.#at++;
    }
  }

  #ignored(code: number): boolean {
    return isWhiteSpace(code) || (this.#dropStops && (code === 0xff0c || code === 0x3002));
  }
}

function percent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count * 10000) / total) / 100;
}

/** Measures the cues against the profile and checks they cover the transcript. */
export function qcReport(transcript: Transcript, cues: readonly Cue[], choice: ProfileChoice): QcReport {
  const profile = asProfile(transcript, choice);
  const cjk = profile.name === 'zh';
  const maxUnits = profile.maxLineChars * 2;
  let lines = 0;
  // Each limit's count, and (suffix U) how many of those no segmentation could have avoided.
  const over = {
    length: 0,
    lengthU: 0,
    count: 0,
    countU: 0,
    duration: 0,
    durationU: 0,
    short: 0,
    shortU: 0,
    fast: 0,
  };
  const fastCues: number[] = [];
  let underMinGap = 0;
  let unchained = 0;
  let estimated = 0;
  const speeds: number[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as Cue;
    const single = cue.unitCount === 1;
    if (cue.estimatedTiming === true) estimated++;
    lines += cue.lines.length;
    let chars = 0;
    let long = false;
    for (const line of cue.lines) {
      const w = widthUnits(line, cjk);
      chars += w / 2;
      if (w > maxUnits) long = true;
    }
    const duration = cue.endMs - cue.startMs;
    if (long) {
      over.length++;
      if (single) over.lengthU++;
    }
    if (cue.lines.length > profile.maxLines) {
      over.count++;
      if (single) over.countU++;
    }
    if (duration > profile.maxDurationMs) {
      over.duration++;
      if (single) over.durationU++;
    }
    const short = duration < profile.minDurationMs;
    const fast = chars * 1000 > profile.maxCharsPerSecond * duration;
    if (short) {
      over.short++;
      const before = cues[i - 1];
      const after = cues[i + 1];
      if (!(before && couldJoin(before, cue, profile)) && !(after && couldJoin(cue, after, profile)))
        over.shortU++;
    }
    if (fast) {
      over.fast++;
      fastCues.push(i);
    }
    speeds.push(duration > 0 ? (chars * 1000) / duration : Number.POSITIVE_INFINITY);
    const next = cues[i + 1];
    if (next !== undefined) {
      const gap = next.startMs - cue.endMs;
      if (gap < profile.minGapMs) underMinGap++;
      else if (gap > profile.minGapMs && gap < profile.chainGapMs) unchained++;
    }
  }
  speeds.sort((a, b) => a - b);
  const median = speeds.length === 0 ? 0 : (speeds[Math.floor((speeds.length - 1) / 2)] as number);
  const n = cues.length;
  const fastOnes = new OverReadingSpeed(cues, fastCues);
  const covered = coverage(transcript, cues, profile, fastOnes);
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
    lines,
    overLineLength: { count: over.length, percent: percent(over.length, n), unavoidable: over.lengthU },
    overLineCount: { count: over.count, percent: percent(over.count, n), unavoidable: over.countU },
    overMaxDuration: {
      count: over.duration,
      percent: percent(over.duration, n),
      unavoidable: over.durationU,
    },
    underMinDuration: { count: over.short, percent: percent(over.short, n), unavoidable: over.shortU },
    overReadingSpeed: {
      count: over.fast,
      percent: percent(over.fast, n),
      unavoidable: fastOnes.unavoidable(transcript.durationMs, profile),
    },
    estimatedTiming: { count: estimated, percent: percent(estimated, n) },
    medianCharsPerSecond: Number.isFinite(median) ? Math.round(median * 100) / 100 : -1,
    gaps: { underMinGap, unchained },
    coverage: covered,
  };
}

/**
 * Walks the transcript's units and the cues together. Each cue must name the next unit as its first
 * and show exactly the text of the units it names; every unit must be named once. The units are
 * also shown to `fastOnes`, which keeps those its neighbourhoods need: one walk instead of two.
 */
function coverage(
  transcript: Transcript,
  cues: readonly Cue[],
  profile: SubtitleProfile,
  fastOnes: OverReadingSpeed,
): QcReport['coverage'] {
  let expectedUnit = 0;
  let covered = 0;
  let firstProblem: { unit: number; cue: number; reason: string } | undefined;
  let total = 0;
  // The cue being filled, how many of its units were seen, and where its text has been read to.
  let c = 0;
  let k = 0;
  const shown = new ShownText(profile.name === 'zh' && profile.replaceCommasAndStops);
  const startsWrong = (cue: Cue) => cue.firstUnit !== expectedUnit || cue.unitCount < 1;
  const startProblem = (cue: Cue) => ({
    unit: Math.min(cue.firstUnit, expectedUnit),
    cue: c,
    reason: cue.firstUnit < expectedUnit ? 'repeated or out of order' : 'missing',
  });
  forEachUnit(transcript, profile.name === 'zh', (unit) => {
    fastOnes.visit(unit);
    total++;
    if (firstProblem !== undefined) return;
    const cue = cues[c];
    if (cue === undefined) {
      firstProblem = { unit: total - 1, cue: cues.length, reason: 'missing' };
      return;
    }
    if (k === 0) {
      if (startsWrong(cue)) {
        firstProblem = startProblem(cue);
        return;
      }
      shown.start(cue.lines);
    }
    k++;
    if (!shown.match(unit.text) || (k === cue.unitCount && !shown.atEnd())) {
      firstProblem = { unit: expectedUnit, cue: c, reason: 'text differs from the words' };
      return;
    }
    if (k < cue.unitCount) return;
    expectedUnit += cue.unitCount;
    covered += cue.unitCount;
    c++;
    k = 0;
  });
  const left = cues[c];
  if (firstProblem === undefined && left !== undefined) {
    firstProblem =
      k === 0 && startsWrong(left)
        ? startProblem(left)
        : { unit: expectedUnit + k, cue: c, reason: 'not in the transcript' };
  }
  return {
    units: total,
    covered,
    ok: firstProblem === undefined && covered === total,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
