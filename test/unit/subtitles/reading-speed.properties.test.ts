/**
 * Reading speed is kept wherever it can be: no cue over the profile's characters-per-second limit has
 * a neighbourhood that could be laid out without one, and the QC report's `unavoidable` count says
 * exactly how many cues are over for want of such a layout.
 *
 * Definitions (this file's own code; from lib/ only the unit stream and each unit's display width,
 * which the segmentation properties check separately):
 * - The **neighbourhood** of a cue is the cue with the cue before it and the cue after it (those that
 *   exist): the units they show, as one run.
 * - A **layout** of it splits those units into cues anywhere between units, except where a cue must
 *   end (the speaker changes; a silence of `pauseBreakMs`; a sentence end followed by `chainGapMs`),
 *   and gives each cue its lines and times by the rules of the profile:
 *   - lines: a cue of several units fits on one line, or on two lines broken between any two of its
 *     units; the characters it shows are its lines' widths (the glue where a line breaks is not shown;
 *     every fitting break is tried);
 *   - duration: a cue of several units has words spanning at most `maxDurationMs`;
 *   - times: a cue starts on its first word, or two frames after the cue before it ends; it may stay
 *     up after its last word as long as the rules allow — closing a gap under `chainGapMs` to two
 *     frames, otherwise up to `maxExtensionMs` but leaving `chainGapMs` before the next cue or ending
 *     by the media's end — never past `maxDurationMs` unless the words are longer. Staying up longer
 *     only helps reading speed and duration, so the search gives each cue the longest time allowed;
 *   - the cue after the neighbourhood keeps its start.
 * - A layout **meets reading speed without breaking another limit** when none of its cues is over
 *   the reading speed, none of its cues of several units breaks a line or duration limit, and no more
 *   of its cues are under the minimum duration than in the neighbourhood as it was.
 * The search is exhaustive: every split, every line break, the longest allowed time for every cue,
 * memoised on (unit, start time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { TokenRun } from '../../../lib/subtitles/line-layout.js';
import { resolveProfile, type SubtitleProfile } from '../../../lib/subtitles/profile.js';
import { qcReport } from '../../../lib/subtitles/qc-report.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { widthUnits } from '../../../lib/subtitles/text-width.js';
import { type Token, Tokenizer } from '../../../lib/subtitles/tokens.js';
import { forEachUnit } from '../../../lib/subtitles/units.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { transcriptArb } from './transcript-arbitrary.js';

interface Unit {
  readonly start: number;
  readonly end: number;
  readonly speaker: string | undefined;
  readonly sentenceEnd: boolean;
}

/** The transcript's units in order, and a run of their display tokens for widths. */
function unitsOf(transcript: Transcript, profile: SubtitleProfile): { units: Unit[]; run: TokenRun } {
  const units: Unit[] = [];
  const tokens: Token[] = [];
  const tokenizer = new Tokenizer(profile);
  forEachUnit(transcript, profile.name === 'zh', (unit) => {
    const token = tokenizer.next(unit);
    tokens.push(token);
    units.push({
      start: unit.startMs,
      end: unit.endMs,
      speaker: unit.speaker,
      sentenceEnd: token.sentenceEnd,
    });
  });
  const run = new TokenRun();
  run.load(tokens);
  return { units, run };
}

const shownChars = (cue: Cue, profile: SubtitleProfile) =>
  cue.lines.reduce((sum, line) => sum + widthUnits(line, profile.name === 'zh'), 0) / 2;

function overReadingSpeed(cue: Cue, profile: SubtitleProfile): boolean {
  return shownChars(cue, profile) * 1000 > profile.maxCharsPerSecond * (cue.endMs - cue.startMs);
}

/**
 * The fewest characters units [a, b) can show as one cue that fits its lines, or undefined when a cue
 * of several units cannot fit (a single unit always can: it has no other layout).
 */
function fewestShown(run: TokenRun, a: number, b: number, profile: SubtitleProfile): number | undefined {
  const max = profile.maxLineChars * 2;
  const oneLine = run.width(a, b);
  // Only dropped punctuation (a lone 。; the run may then count the hidden glue after it, below 0):
  // the cue shows it as it came.
  if (oneLine <= 0)
    return (
      widthUnits(
        run.tokens
          .slice(a, b)
          .map((t) => t.raw)
          .join(''),
        profile.name === 'zh',
      ) / 2
    );
  if (oneLine <= max || b - a === 1) return oneLine / 2;
  let fewest: number | undefined;
  for (let k = a + 1; k < b; k++) {
    const top = run.width(a, k);
    const bottom = run.width(k, b);
    if (top <= max && bottom <= max)
      fewest = Math.min(fewest ?? Number.POSITIVE_INFINITY, (top + bottom) / 2);
  }
  return fewest;
}

/** The longest a cue may stay up by the profile's timing rules (see the file comment). */
function longestEnd(
  start: number,
  wordsEnd: number,
  nextRaw: number,
  mediaMs: number,
  profile: SubtitleProfile,
): number {
  const nextStart = Math.max(nextRaw, start + 1 + profile.minGapMs);
  const last = Math.max(wordsEnd, start);
  let latest: number;
  if (nextStart - last < profile.chainGapMs) latest = nextStart - profile.minGapMs;
  else if (nextStart === Number.POSITIVE_INFINITY)
    latest = Math.min(last + profile.maxExtensionMs, Math.max(last, mediaMs));
  else latest = Math.min(last + profile.maxExtensionMs, nextStart - profile.chainGapMs);
  const cap = start + Math.max(profile.maxDurationMs, last - start);
  return Math.max(Math.min(latest, cap), start + 1);
}

/** True when cue `c`'s neighbourhood has a layout that meets reading speed without breaking another limit. */
function neighbourhoodCanMeetReadingSpeed(
  c: number,
  cues: readonly Cue[],
  units: readonly Unit[],
  run: TokenRun,
  mediaMs: number,
  profile: SubtitleProfile,
): boolean {
  const first = Math.max(0, c - 1);
  const last = Math.min(cues.length - 1, c + 1);
  const a = (cues[first] as Cue).firstUnit;
  const b = (cues[last] as Cue).firstUnit + (cues[last] as Cue).unitCount;
  const previousEnd = first > 0 ? (cues[first - 1] as Cue).endMs : Number.NEGATIVE_INFINITY;
  const after = cues[last + 1];
  const afterRaw = b < units.length ? (units[b] as Unit).start : Number.POSITIVE_INFINITY;
  let shortBefore = 0;
  for (let k = first; k <= last; k++) {
    const cue = cues[k] as Cue;
    if (cue.endMs - cue.startMs < profile.minDurationMs) shortBefore++;
  }
  const memo = new Map<string, number>();
  // The fewest cues under the minimum duration in a layout of units [p, b) whose first cue starts at
  // `start`, with no cue over the reading speed; Infinity when there is no such layout.
  const fewestShort = (p: number, start: number): number => {
    const key = `${p} ${start}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let best = Number.POSITIVE_INFINITY;
    let wordsEnd = Number.NEGATIVE_INFINITY;
    for (let q = p + 1; q <= b; q++) {
      const unit = units[q - 1] as Unit;
      if (q - 1 > p) {
        const before = units[q - 2] as Unit;
        const silence = unit.start - wordsEnd;
        const mustEnd =
          unit.speaker !== before.speaker ||
          silence >= profile.pauseBreakMs ||
          (silence >= profile.chainGapMs && before.sentenceEnd);
        if (mustEnd) break;
      }
      wordsEnd = Math.max(wordsEnd, unit.end);
      if (q - p > 1 && wordsEnd - (units[p] as Unit).start > profile.maxDurationMs) break;
      // Wider than two full lines and the glue between them: no longer cue fits either.
      if (q - p > 1 && run.width(p, q) > profile.maxLineChars * 4 + 2) break;
      const chars = fewestShown(run, p, q, profile);
      if (chars === undefined) continue;
      const nextRaw = q < b ? (units[q] as Unit).start : afterRaw;
      const end = longestEnd(start, wordsEnd, nextRaw, mediaMs, profile);
      if (chars * 1000 > profile.maxCharsPerSecond * (end - start)) continue;
      const short = end - start < profile.minDurationMs ? 1 : 0;
      const nextStart = Math.max(nextRaw, end + profile.minGapMs);
      if (q === b) {
        if (after === undefined || nextStart === after.startMs) best = Math.min(best, short);
      } else best = Math.min(best, short + fewestShort(q, nextStart));
    }
    memo.set(key, best);
    return best;
  };
  const firstStart = Math.max((units[a] as Unit).start, previousEnd + profile.minGapMs);
  return fewestShort(a, firstStart) <= shortBefore;
}

/** The cues over the reading speed whose neighbourhood has a layout within every limit. */
function avoidableOverReadingSpeed(
  transcript: Transcript,
  cues: readonly Cue[],
  profile: SubtitleProfile,
): number[] {
  const { units, run } = unitsOf(transcript, profile);
  const avoidable: number[] = [];
  cues.forEach((cue, c) => {
    if (!overReadingSpeed(cue, profile)) return;
    if (neighbourhoodCanMeetReadingSpeed(c, cues, units, run, transcript.durationMs, profile))
      avoidable.push(c);
  });
  return avoidable;
}

describe('reading speed', () => {
  it('is broken only by cues whose neighbourhood has no layout that meets it within the other limits', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        expect(avoidableOverReadingSpeed(transcript, cues, profile)).toEqual([]);
        const report = qcReport(transcript, cues, profile);
        expect(report.overReadingSpeed.unavoidable).toBe(report.overReadingSpeed.count);
      }),
      { numRuns: 400 },
    );
  });

  it('has a QC report whose unavoidable count is exact when a stricter limit makes some cues avoidable', () => {
    fc.assert(
      fc.property(transcriptArb, fc.double({ min: 0.4, max: 0.9, noNaN: true }), (transcript, factor) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        // The same cues measured against a stricter reading speed: laid out for another limit, some
        // of them have neighbourhoods that could have met this one.
        const strict = { ...profile, maxCharsPerSecond: profile.maxCharsPerSecond * factor };
        const over = cues.filter((cue) => overReadingSpeed(cue, strict)).length;
        const avoidable = avoidableOverReadingSpeed(transcript, cues, strict).length;
        const report = qcReport(transcript, cues, strict);
        expect(report.overReadingSpeed.count).toBe(over);
        expect(report.overReadingSpeed.unavoidable).toBe(over - avoidable);
      }),
      { numRuns: 300 },
    );
  });
});
