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
import { settleTimes, type TimedDraft } from './cue-timing.js';
import { type Layout, layoutLines, layoutText, TokenRun } from './line-layout.js';
import { asProfile, type ProfileChoice, type SubtitleProfile } from './profile.js';
import { type Token, Tokenizer } from './tokens.js';
import { type RawUnit, readUnits } from './units.js';

/** Units per block at most; a block is solved and dropped before the next is read. */
const MAX_BLOCK_UNITS = 1500;
/** Weights of the dynamic programme (see the file comment); tuned on the golden files. */
const COST = {
  perCue: 10,
  endBreakWeight: 5,
  twoLines: 2,
  overReadingSpeed: 30,
  underMinDuration: 15,
  sentenceStartedNotFinished: 10,
  internalPause: 4,
  internalPauseMs: 700,
} as const;

interface BlockUnit {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly firstToken: number;
}

/** Splits a transcript into cues under the profile's limits. */
export function segmentCues(transcript: Transcript, choice: ProfileChoice): Cue[] {
  const profile = asProfile(transcript, choice);
  const drafts: TimedDraft[] = [];
  const tokenizer = new Tokenizer(profile);
  let tokens: Token[] = [];
  let units: BlockUnit[] = [];
  let speaker: string | undefined;
  let lastEnd = 0;

  const flush = (nextStartMs: number) => {
    if (units.length > 0) solveBlock(units, tokens, speaker, nextStartMs, profile, drafts);
    tokens = [];
    units = [];
  };

  for (const unit of readUnits(transcript)) {
    const newBlock =
      units.length > 0 &&
      (unit.speaker !== speaker ||
        unit.startMs - lastEnd >= profile.pauseBreakMs ||
        (units.length >= MAX_BLOCK_UNITS && canEndBlock(tokens)));
    if (newBlock) flush(unit.startMs);
    speaker = unit.speaker;
    addUnit(unit, tokenizer, tokens, units);
    lastEnd = units.length === 1 ? unit.endMs : Math.max(lastEnd, unit.endMs);
  }
  flush(Number.POSITIVE_INFINITY);
  return settleTimes(drafts, profile, transcript.durationMs);
}

function addUnit(unit: RawUnit, tokenizer: Tokenizer, tokens: Token[], units: BlockUnit[]): void {
  units.push({ index: unit.index, startMs: unit.startMs, endMs: unit.endMs, firstToken: tokens.length });
  for (const token of tokenizer.tokensOf(unit)) tokens.push(token);
}

/** A capped block ends only where a cue could end well (after a sentence), or far past the cap. */
function canEndBlock(tokens: readonly Token[]): boolean {
  return tokens.length > MAX_BLOCK_UNITS * 4 || (tokens[tokens.length - 1]?.sentenceEnd ?? true);
}

function solveBlock(
  units: readonly BlockUnit[],
  tokens: readonly Token[],
  speaker: string | undefined,
  nextStartMs: number,
  profile: SubtitleProfile,
  drafts: TimedDraft[],
): void {
  const run = new TokenRun(tokens);
  const n = units.length;
  const maxTotal = profile.maxLines * profile.maxLineChars * 2 + (profile.maxLines - 1) * 2;
  const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  const firstToken = (u: number) => (u < n ? (units[u] as BlockUnit).firstToken : tokens.length);
  const startOf = (u: number) => (u < n ? (units[u] as BlockUnit).startMs : nextStartMs);

  for (let j = 1; j <= n; j++) {
    const b = firstToken(j);
    const endBreak = j < n ? (tokens[b] as Token).breakBefore * COST.endBreakWeight : 0;
    const lastToken = tokens[b - 1] as Token;
    let endMs = 0;
    let pauses = 0;
    let sentenceInside = false;
    for (let i = j - 1; i >= 0; i--) {
      const unit = units[i] as BlockUnit;
      endMs = Math.max(endMs, unit.endMs);
      const a = unit.firstToken;
      const single = i === j - 1;
      const width = run.width(a, b);
      if (!single && (width > maxTotal || endMs - unit.startMs > profile.maxDurationMs)) break;
      if (!single) {
        if (startOf(i + 1) - unit.endMs > COST.internalPauseMs) pauses++;
        if ((tokens[firstToken(i + 1) - 1] as Token).sentenceEnd) sentenceInside = true;
      }
      const previous = best[i] as number;
      const floor = previous + COST.perCue + endBreak + pauses * COST.internalPause;
      // Every other term is >= 0: no need to lay out a candidate that cannot win.
      if (floor >= (best[j] as number)) continue;
      const layout = layoutLines(run, a, b, profile, !single);
      if (layout === undefined) continue;
      let cost = floor + layout.cost;
      if (layout.breaks.length > 0) cost += COST.twoLines;
      if (sentenceInside && !lastToken.sentenceEnd) cost += COST.sentenceStartedNotFinished;
      // Estimated shown time: the words plus the hang time the next cue leaves room for.
      const room = Math.max(0, startOf(j) - endMs - profile.minGapMs);
      const shown = endMs - unit.startMs + Math.min(profile.maxExtensionMs, room);
      const chars = width / 2;
      if (chars * 1000 > profile.maxCharsPerSecond * shown) {
        const over = shown > 0 ? (chars * 1000) / (profile.maxCharsPerSecond * shown) - 1 : 1;
        cost += COST.overReadingSpeed * (1 + Math.min(over, 2));
      }
      if (shown < profile.minDurationMs) cost += COST.underMinDuration;
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
    const a = firstToken(i);
    const b = firstToken(j);
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
    for (let u = i; u < j; u++) endMs = Math.max(endMs, (units[u] as BlockUnit).endMs);
    const first = units[i] as BlockUnit;
    drafts.push({
      rawStartMs: first.startMs,
      rawEndMs: endMs,
      chars: run.width(a, b) / 2,
      cue: {
        lines,
        ...(speaker === undefined ? {} : { speaker }),
        firstUnit: first.index,
        unitCount: j - i,
      },
    });
  }
}
