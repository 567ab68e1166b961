/**
 * Segmentation: transcript + profile → cues.
 *
 * One pass in time order. Units are gathered into blocks that a cue may never span (a speaker
 * change, a pause of `pauseBreakMs`, or a size cap that keeps memory flat); within a block a dynamic
 * programme picks the cue breaks. A cue of several units must fit the line limits and last at most
 * `maxDurationMs`; a single unit is always allowed, so a solution always exists and a limit is only
 * broken where no segmentation could meet it. Among valid segmentations the programme prefers fewer
 * cues, breaks at sentence ends and clauses, cues that do not start a new sentence they cannot finish,
 * reading speed and minimum duration within limits, and good line breaks. Times are then settled by
 * cue-timing.ts.
 */
import type { Transcript } from '../transcript/transcript.js';
import type { Cue } from './cue.js';
import { latestEndMs, settleTimes, type TimedDraft } from './cue-timing.js';
import { type Layout, layoutCost, layoutLines, layoutText, TokenRun, TWO_LINES } from './line-layout.js';
import { asProfile, type ProfileChoice, type SubtitleProfile } from './profile.js';
import { type Token, Tokenizer } from './tokens.js';
import { forEachUnit } from './units.js';

/** Units per block at most; a block is solved and dropped before the next is read. */
const MAX_BLOCK_UNITS = 1500;
/** Weights of the dynamic programme (see the file comment); tuned on the golden files. */
const COST = {
  perCue: 10,
  endBreakWeight: 5,
  overReadingSpeed: 30,
  // The 5/6 s minimum is a Netflix requirement, not a taste: a short cue costs more than ending one
  // mid-sentence, so it is joined to a neighbour wherever the other limits allow (property-tested).
  underMinDuration: 60,
  sentenceStartedNotFinished: 10,
  internalPause: 4,
  internalPauseMs: 700,
} as const;

/**
 * The units of the block being read, as columns (unit u shows as token u), plus the working columns
 * of the programme. One set serves block after block, growing to the largest: the segmenter handles
 * tens of thousands of words per transcript, and objects or fresh typed arrays per word or per block
 * showed up as GC time. Per-unit columns have room for a sentinel at `length`.
 */
class BlockUnits {
  length = 0;
  /** The transcript index of unit 0: a block's units are consecutive, unit u is `firstIndex + u`. */
  firstIndex = 0;
  start = new Float64Array(0);
  end = new Float64Array(0);
  estimated = new Uint8Array(0);
  /** When the unit can be shown at the earliest (see solveBlock). */
  earliestStart = new Float64Array(0);
  /** The programme's best cost of the first u units, and where its last cue starts. */
  best = new Float64Array(0);
  from = new Int32Array(0);

  push(index: number, startMs: number, endMs: number, estimated: boolean): void {
    if (this.length + 1 >= this.start.length) this.#grow(Math.max(64, this.start.length * 2));
    if (this.length === 0) this.firstIndex = index;
    const u = this.length++;
    this.start[u] = startMs;
    this.end[u] = endMs;
    this.estimated[u] = estimated ? 1 : 0;
  }

  clear(): void {
    this.length = 0;
  }

  /** Keeps the units read so far; the working columns are filled anew by each solve. */
  #grow(capacity: number): void {
    this.start = withCapacity(this.start, capacity);
    this.end = withCapacity(this.end, capacity);
    this.estimated = withCapacity(this.estimated, capacity);
    this.earliestStart = new Float64Array(capacity);
    this.best = new Float64Array(capacity);
    this.from = new Int32Array(capacity);
  }
}

function withCapacity<T extends Float64Array | Uint8Array>(column: T, capacity: number): T {
  const grown = new (column.constructor as new (length: number) => T)(capacity);
  grown.set(column);
  return grown;
}

/** Splits a transcript into cues under the profile's limits. */
export function segmentCues(transcript: Transcript, choice: ProfileChoice): Cue[] {
  const profile = asProfile(transcript, choice);
  const drafts: TimedDraft[] = [];
  const tokenizer = new Tokenizer(profile);
  const tokens: Token[] = [];
  const units = new BlockUnits();
  const run = new TokenRun();
  let speaker: string | undefined;
  let lastEnd = 0;

  let previousEndMs = Number.NEGATIVE_INFINITY;
  const flush = (nextStartMs: number) => {
    if (units.length > 0) {
      run.load(tokens);
      solveBlock(
        units,
        run,
        { speaker, previousEndMs, nextStartMs, mediaMs: transcript.durationMs },
        profile,
        drafts,
      );
      previousEndMs = lastEnd;
    }
    tokens.length = 0;
    units.clear();
  };

  forEachUnit(transcript, profile.name === 'zh', (unit) => {
    const silenceMs = unit.startMs - lastEnd;
    const newBlock =
      units.length > 0 &&
      (unit.speaker !== speaker ||
        silenceMs >= profile.pauseBreakMs ||
        (silenceMs >= profile.chainGapMs && endsSentenceHere(tokens)) ||
        (units.length >= MAX_BLOCK_UNITS && canEndBlock(tokens)));
    if (newBlock) flush(unit.startMs);
    speaker = unit.speaker;
    units.push(unit.index, unit.startMs, unit.endMs, unit.estimated);
    tokens.push(tokenizer.next(unit));
    lastEnd = units.length === 1 ? unit.endMs : Math.max(lastEnd, unit.endMs);
  });
  flush(Number.POSITIVE_INFINITY);
  return settleTimes(drafts, profile, transcript.durationMs);
}

/**
 * Pauses inside a cue. Decision: a sentence that ends before a silence of `chainGapMs` (0.5 s) or more
 * always ends its cue; a longer silence (`pauseBreakMs`) ends a cue even mid-sentence; a shorter pause,
 * or one inside a sentence, only makes the programme prefer a break there (`COST.internalPause`).
 * Why: Netflix's timing guide chains only gaps under 0.5 s (12 frames) and leaves longer ones on
 * screen as gaps, so a silence of 0.5 s or more is one the viewer is meant to see — text held up over
 * it reads as the speaker still talking (AWS: captions stay "until there is a natural pause", BBC:
 * subtitles follow the rhythm of speech). Within a sentence a hard split would leave fragments that
 * BBC and Netflix ask to avoid (keep clauses together), so there it stays a preference.
 * docs/subtitle-rules.md §1, §3, §4.
 */
function endsSentenceHere(tokens: readonly Token[]): boolean {
  return tokens[tokens.length - 1]?.sentenceEnd ?? false;
}

/** A capped block ends only where a cue could end well (after a sentence), or far past the cap. */
function canEndBlock(tokens: readonly Token[]): boolean {
  return tokens.length > MAX_BLOCK_UNITS * 4 || (tokens[tokens.length - 1]?.sentenceEnd ?? true);
}

/**
 * Where a block sits: its speaker, when the words before it end (-Infinity for none), when the next
 * block starts (Infinity for none), the media's end.
 */
interface BlockPlace {
  readonly speaker: string | undefined;
  readonly previousEndMs: number;
  readonly nextStartMs: number;
  readonly mediaMs: number;
}

function solveBlock(
  units: BlockUnits,
  run: TokenRun,
  block: BlockPlace,
  profile: SubtitleProfile,
  drafts: TimedDraft[],
): void {
  const { speaker, nextStartMs } = block;
  const tokens = run.tokens;
  const { start: uStart, end: uEnd, earliestStart, best, from } = units;
  const n = units.length;
  uStart[n] = nextStartMs;
  // settleTimes starts a cue two frames after the cue before it ends, so words that overlap or
  // touch the ones before them start later than spoken: durations are judged from there.
  let wordsEndBefore = block.previousEndMs;
  for (let u = 0; u < n; u++) {
    earliestStart[u] = Math.max(uStart[u] as number, wordsEndBefore + profile.minGapMs);
    wordsEndBefore = Math.max(wordsEndBefore, uEnd[u] as number, (earliestStart[u] as number) + 1);
  }
  const maxLine = profile.maxLineChars * 2;
  const maxTotal = profile.maxLines * profile.maxLineChars * 2 + (profile.maxLines - 1) * 2;
  best.fill(Number.POSITIVE_INFINITY, 0, n + 1);
  best[0] = 0;

  // A cue of units [i, j) shows tokens [i, j).
  for (let j = 1; j <= n; j++) {
    const endBreak = j < n ? (tokens[j] as Token).breakBefore * COST.endBreakWeight : 0;
    const endsSentence = (tokens[j - 1] as Token).sentenceEnd;
    const nextStart = uStart[j] as number;
    let endMs = 0;
    let pauses = 0;
    let sentenceInside = false;
    // When the cue may end at the latest depends on its words' end only, which rarely moves.
    let latestFor = Number.NaN;
    let latest = 0;
    for (let i = j - 1; i >= 0; i--) {
      endMs = Math.max(endMs, uEnd[i] as number);
      const startMs = uStart[i] as number;
      const single = i === j - 1;
      const width = run.width(i, j);
      if (!single) {
        if (width > maxTotal || endMs - startMs > profile.maxDurationMs) break;
        if ((uStart[i + 1] as number) - (uEnd[i] as number) > COST.internalPauseMs) pauses++;
        if ((tokens[i] as Token).sentenceEnd) sentenceInside = true;
      }
      let cost = (best[i] as number) + COST.perCue + endBreak + pauses * COST.internalPause;
      if (sentenceInside && !endsSentence) cost += COST.sentenceStartedNotFinished;
      // Every cost still to come is >= 0 (and >= TWO_LINES past one line): a candidate that cannot
      // win is dropped before its timing is looked at, let alone its layout.
      const lineCostAtLeast = width > maxLine ? TWO_LINES : 0;
      if (cost + lineCostAtLeast >= (best[j] as number)) continue;
      if (endMs !== latestFor) {
        latest = latestEndMs(endMs, nextStart, block.mediaMs, profile);
        latestFor = endMs;
      }
      const shown = latest - (earliestStart[i] as number);
      const chars = width / 2;
      if (chars * 1000 > profile.maxCharsPerSecond * shown) {
        const over = shown > 0 ? (chars * 1000) / (profile.maxCharsPerSecond * shown) - 1 : 1;
        cost += COST.overReadingSpeed * (1 + Math.min(over, 2));
      }
      if (shown < profile.minDurationMs) cost += COST.underMinDuration;
      if (cost + lineCostAtLeast >= (best[j] as number)) continue;
      const layout = layoutCost(run, i, j, profile, !single);
      if (layout === Number.POSITIVE_INFINITY) continue;
      cost += layout;
      if (cost < (best[j] as number)) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }

  // Walk the chosen breaks back, then emit in order.
  const starts: number[] = [];
  for (let j = n; j > 0; j = from[j] as number) starts.push(from[j] as number);
  starts.reverse();
  for (let c = 0; c < starts.length; c++) {
    const i = starts[c] as number;
    const j = c + 1 < starts.length ? (starts[c + 1] as number) : n;
    const layout = layoutLines(run, i, j, profile, false) as Layout;
    let lines = layoutText(run, i, j, layout);
    // Only dropped punctuation: show it rather than an empty cue.
    if (lines.length === 0)
      lines = [
        tokens
          .slice(i, j)
          .map((t) => t.raw)
          .join(''),
      ];
    let endMs = 0;
    let estimated = false;
    for (let u = i; u < j; u++) {
      endMs = Math.max(endMs, uEnd[u] as number);
      if (units.estimated[u] === 1) estimated = true;
    }
    drafts.push({
      rawStartMs: uStart[i] as number,
      rawEndMs: endMs,
      chars: run.width(i, j) / 2,
      lines,
      speaker,
      firstUnit: units.firstIndex + i,
      unitCount: j - i,
      estimatedTiming: estimated,
    });
  }
}
