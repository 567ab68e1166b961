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

/** Numbers per unit in `BlockUnits`. */
const FIELDS = 5;
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
 * The units of the block being read, flat (index, startMs, endMs, firstToken, estimated per unit): the segmenter
 * handles tens of thousands of words per transcript, and objects per word showed up as GC time.
 */
class BlockUnits {
  readonly data: number[] = [];
  get length(): number {
    return this.data.length / FIELDS;
  }
  push(index: number, startMs: number, endMs: number, firstToken: number, estimated: boolean): void {
    this.data.push(index, startMs, endMs, firstToken, estimated ? 1 : 0);
  }
  clear(): void {
    this.data.length = 0;
  }
}

/** Splits a transcript into cues under the profile's limits. */
export function segmentCues(transcript: Transcript, choice: ProfileChoice): Cue[] {
  const profile = asProfile(transcript, choice);
  const drafts: TimedDraft[] = [];
  const tokenizer = new Tokenizer(profile);
  const tokens: Token[] = [];
  const units = new BlockUnits();
  let speaker: string | undefined;
  let lastEnd = 0;

  let previousEndMs = Number.NEGATIVE_INFINITY;
  const flush = (nextStartMs: number) => {
    if (units.length > 0) {
      solveBlock(
        units.data,
        tokens,
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
    units.push(unit.index, unit.startMs, unit.endMs, tokens.length, unit.estimated);
    tokenizer.pushTokens(unit, tokens);
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
 * shared/reference/subtitles.md §1.1, §3.5, §6.1.
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
  flat: readonly number[],
  tokens: readonly Token[],
  block: BlockPlace,
  profile: SubtitleProfile,
  drafts: TimedDraft[],
): void {
  const { speaker, nextStartMs } = block;
  const run = new TokenRun(tokens);
  const n = flat.length / FIELDS;
  // Per-unit columns, each with a sentinel at n (the next block's start, the end of the tokens).
  const uIndex = new Float64Array(n);
  const uStart = new Float64Array(n + 1);
  const uEnd = new Float64Array(n);
  const uFirst = new Int32Array(n + 1);
  const uEstimated = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    uIndex[u] = flat[u * FIELDS] as number;
    uStart[u] = flat[u * FIELDS + 1] as number;
    uEnd[u] = flat[u * FIELDS + 2] as number;
    uFirst[u] = flat[u * FIELDS + 3] as number;
    uEstimated[u] = flat[u * FIELDS + 4] as number;
  }
  uStart[n] = nextStartMs;
  uFirst[n] = tokens.length;
  // settleTimes starts a cue two frames after the cue before it ends, so words that overlap or
  // touch the ones before them start later than spoken: durations are judged from there.
  const earliestStart = new Float64Array(n);
  let wordsEndBefore = block.previousEndMs;
  for (let u = 0; u < n; u++) {
    earliestStart[u] = Math.max(uStart[u] as number, wordsEndBefore + profile.minGapMs);
    wordsEndBefore = Math.max(wordsEndBefore, uEnd[u] as number, (earliestStart[u] as number) + 1);
  }
  const breakBefore = new Float64Array(tokens.length);
  const sentenceEnd = new Uint8Array(tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    breakBefore[t] = token.breakBefore;
    sentenceEnd[t] = token.sentenceEnd ? 1 : 0;
  }
  const maxLine = profile.maxLineChars * 2;
  const maxTotal = profile.maxLines * profile.maxLineChars * 2 + (profile.maxLines - 1) * 2;
  const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n + 1);
  best[0] = 0;

  for (let j = 1; j <= n; j++) {
    const b = uFirst[j] as number;
    const endBreak = j < n ? (breakBefore[b] as number) * COST.endBreakWeight : 0;
    const endsSentence = sentenceEnd[b - 1] === 1;
    const nextStart = uStart[j] as number;
    let endMs = 0;
    let pauses = 0;
    let sentenceInside = false;
    for (let i = j - 1; i >= 0; i--) {
      endMs = Math.max(endMs, uEnd[i] as number);
      const a = uFirst[i] as number;
      const startMs = uStart[i] as number;
      const single = i === j - 1;
      const width = run.width(a, b);
      if (!single) {
        if (width > maxTotal || endMs - startMs > profile.maxDurationMs) break;
        if ((uStart[i + 1] as number) - (uEnd[i] as number) > COST.internalPauseMs) pauses++;
        if (sentenceEnd[(uFirst[i + 1] as number) - 1] === 1) sentenceInside = true;
      }
      let cost = (best[i] as number) + COST.perCue + endBreak + pauses * COST.internalPause;
      if (sentenceInside && !endsSentence) cost += COST.sentenceStartedNotFinished;
      const shown = latestEndMs(endMs, nextStart, block.mediaMs, profile) - (earliestStart[i] as number);
      const chars = width / 2;
      if (chars * 1000 > profile.maxCharsPerSecond * shown) {
        const over = shown > 0 ? (chars * 1000) / (profile.maxCharsPerSecond * shown) - 1 : 1;
        cost += COST.overReadingSpeed * (1 + Math.min(over, 2));
      }
      if (shown < profile.minDurationMs) cost += COST.underMinDuration;
      // The layout cost is >= 0, and >= TWO_LINES past one line: no need to lay out a candidate
      // that cannot win.
      if (cost + (width > maxLine ? TWO_LINES : 0) >= (best[j] as number)) continue;
      const layout = layoutCost(run, a, b, profile, !single);
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
    const a = uFirst[i] as number;
    const b = uFirst[j] as number;
    const layout = layoutLines(run, a, b, profile, false) as Layout;
    let lines = layoutText(run, a, b, layout);
    // Only dropped punctuation: show it rather than an empty cue.
    if (lines.length === 0)
      lines = [
        tokens
          .slice(a, b)
          .map((t) => t.raw)
          .join(''),
      ];
    let endMs = 0;
    let estimated = false;
    for (let u = i; u < j; u++) {
      endMs = Math.max(endMs, uEnd[u] as number);
      if (uEstimated[u] === 1) estimated = true;
    }
    drafts.push({
      rawStartMs: uStart[i] as number,
      rawEndMs: endMs,
      chars: run.width(a, b) / 2,
      cue: {
        lines,
        ...(speaker === undefined ? {} : { speaker }),
        firstUnit: uIndex[i] as number,
        unitCount: j - i,
        ...(estimated ? { estimatedTiming: true as const } : {}),
      },
    });
  }
}
