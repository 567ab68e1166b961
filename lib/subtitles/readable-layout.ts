/**
 * Whether a cue over the reading speed could have been avoided, for the QC report's `unavoidable`
 * count. A cue's neighbourhood is the cue with the cues before and after it; it could have been
 * avoided when the units of its neighbourhood have a layout with no cue over the reading speed, no
 * cue of several units over a line or duration limit, and no more cues under the minimum duration
 * than before, where cues may end between any two units a cue may end between (not across a speaker
 * change or a long silence: segment-cues.ts), take any line layout that fits, and get the times
 * cue-timing.ts gives them, the cue after the neighbourhood keeping its start. The search is
 * exhaustive, memoised on (unit, start time); test/unit/subtitles/reading-speed.properties.test.ts
 * checks it, and the segmenter, against a search of its own.
 */
import type { Cue } from './cue.js';
import { cueEndMs, cueStartMs, nextCueStartMs } from './cue-timing.js';
import { layoutLines, shownWidth, TokenRun } from './line-layout.js';
import type { SubtitleProfile } from './profile.js';
import { mustEndCue } from './segment-cues.js';
import { type Token, Tokenizer } from './tokens.js';
import type { RawUnit } from './units.js';

/**
 * The cues over the reading speed and their neighbourhoods: `visit` is given every unit of the
 * transcript in order (the QC report's coverage walk), keeps those the neighbourhoods show, then
 * `unavoidable` counts the cues whose neighbourhood has no layout within the limits.
 */
export class OverReadingSpeed {
  readonly #cues: readonly Cue[];
  readonly #over: readonly number[];
  /** Per cue over: its neighbourhood's units [from, to), and one more (the next cue's first). */
  readonly #ranges: readonly { from: number; to: number }[];
  readonly #units = new Map<number, RawUnit>();
  #range = 0;

  /** `over`: the indices of the cues over the reading speed, ascending. */
  constructor(cues: readonly Cue[], over: readonly number[]) {
    this.#cues = cues;
    this.#over = over;
    this.#ranges = over.map((c) => {
      const first = cues[Math.max(0, c - 1)] as Cue;
      const last = cues[Math.min(cues.length - 1, c + 1)] as Cue;
      return { from: first.firstUnit, to: last.firstUnit + last.unitCount + 1 };
    });
  }

  /** Keeps a copy of the unit when a neighbourhood shows it (units arrive in order). */
  visit(unit: RawUnit): void {
    const ranges = this.#ranges;
    while (this.#range < ranges.length && (ranges[this.#range] as { to: number }).to <= unit.index)
      this.#range++;
    const range = ranges[this.#range];
    if (range !== undefined && unit.index >= range.from) this.#units.set(unit.index, { ...unit });
  }

  /** How many of the cues over the reading speed could not have been avoided. */
  unavoidable(mediaMs: number, profile: SubtitleProfile): number {
    const cues = this.#cues;
    let unavoidable = 0;
    for (const c of this.#over) {
      const first = Math.max(0, c - 1);
      const last = Math.min(cues.length - 1, c + 1);
      let shortCues = 0;
      for (let k = first; k <= last; k++) {
        const cue = cues[k] as Cue;
        if (cue.endMs - cue.startMs < profile.minDurationMs) shortCues++;
      }
      const from = (cues[first] as Cue).firstUnit;
      const to = (cues[last] as Cue).firstUnit + (cues[last] as Cue).unitCount;
      const shown: RawUnit[] = [];
      for (let u = from; u < to; u++) {
        const unit = this.#units.get(u);
        if (unit !== undefined) shown.push(unit);
      }
      // Cues that do not show their transcript's units (the coverage check says so) laid out words
      // that are not there: a right layout of the words would have been another, so not unavoidable.
      if (shown.length !== to - from || shown.length === 0) continue;
      const tokenizer = new Tokenizer(profile, false);
      const run = new TokenRun();
      run.load(shown.map((unit) => tokenizer.next(unit)));
      const readable = canMeetReadingSpeed(
        {
          units: shown,
          run,
          previousEndMs: first > 0 ? (cues[first - 1] as Cue).endMs : Number.NEGATIVE_INFINITY,
          afterRawStartMs: this.#units.get(to)?.startMs ?? Number.POSITIVE_INFINITY,
          afterStartMs: cues[last + 1]?.startMs,
          mediaMs,
          shortCues,
        },
        profile,
      );
      if (!readable) unavoidable++;
    }
    return unavoidable;
  }
}

/** A cue's neighbourhood: its units and their tokens, and what is fixed around them. */
interface Neighbourhood {
  readonly units: readonly RawUnit[];
  readonly run: TokenRun;
  /** When the cue before the neighbourhood ends (-Infinity: none). */
  readonly previousEndMs: number;
  /** When the words after the neighbourhood start (Infinity: none), and the cue showing them. */
  readonly afterRawStartMs: number;
  readonly afterStartMs: number | undefined;
  readonly mediaMs: number;
  /** How many of its cues are under the minimum duration as laid out. */
  readonly shortCues: number;
}

function canMeetReadingSpeed(n: Neighbourhood, profile: SubtitleProfile): boolean {
  const { units, run } = n;
  const tokens = run.tokens;
  const m = units.length;
  const zh = profile.name === 'zh';
  const maxTotal = profile.maxLines * profile.maxLineChars * 2 + (profile.maxLines - 1) * 2;
  const memo = new Map<string, number>();
  // The fewest cues under the minimum duration in a layout of units [p, m) whose first cue starts
  // at `start`, with none over the reading speed; Infinity when there is none.
  const fewestShort = (p: number, start: number): number => {
    const key = `${p} ${start}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let best = Number.POSITIVE_INFINITY;
    let wordsEnd = Number.NEGATIVE_INFINITY;
    for (let q = p + 1; q <= m; q++) {
      const unit = units[q - 1] as RawUnit;
      const single = q - p === 1;
      if (!single) {
        const before = units[q - 2] as RawUnit;
        const sentenceEnd = (tokens[q - 2] as Token).sentenceEnd;
        if (mustEndCue(unit.speaker !== before.speaker, unit.startMs - wordsEnd, sentenceEnd, profile)) break;
      }
      wordsEnd = Math.max(wordsEnd, unit.endMs);
      const width = run.width(p, q);
      if (!single && (width > maxTotal || wordsEnd - (units[p] as RawUnit).startMs > profile.maxDurationMs))
        break;
      const layout = layoutLines(run, p, q, profile, !single, true);
      if (layout === undefined) continue;
      const read = width > 0 ? width : run.readWidth(p, q, zh);
      const chars = (width > 0 ? shownWidth(run, p, q, layout) : read) / 2;
      const nextRaw = q < m ? (units[q] as RawUnit).startMs : n.afterRawStartMs;
      const end = cueEndMs(
        start,
        wordsEnd,
        read / 2,
        nextCueStartMs(nextRaw, start, profile),
        n.mediaMs,
        profile,
      );
      if (chars * 1000 > profile.maxCharsPerSecond * (end - start)) continue;
      const short = end - start < profile.minDurationMs ? 1 : 0;
      const nextStart = cueStartMs(nextRaw, end, profile);
      if (q < m) best = Math.min(best, short + fewestShort(q, nextStart));
      else if (n.afterStartMs === undefined || nextStart === n.afterStartMs) best = Math.min(best, short);
    }
    memo.set(key, best);
    return best;
  };
  const first = units[0] as RawUnit;
  return fewestShort(0, cueStartMs(first.startMs, n.previousEndMs, profile)) <= n.shortCues;
}
