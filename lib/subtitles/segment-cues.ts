/**
 * Segmentation: transcript + profile → cues.
 *
 * One pass in time order. Units are gathered into blocks that a cue may never span (a speaker
 * change, a pause of `pauseBreakMs`, or a size cap that keeps memory flat); within a block a dynamic
 * programme picks the cue breaks. A cue of several units must fit the line limits and last at most
 * `maxDurationMs`; a single unit is always allowed, so a solution always exists and a limit is only
 * broken where no segmentation could meet it. Among valid segmentations the programme first keeps
 * as few cues as it can over the reading speed or under the minimum duration (each costs more than
 * any choice of breaks), judging every candidate cue by the times cue-timing.ts will give it, the
 * allowed extension included; then it prefers fewer cues, breaks at sentence ends and clauses, cues
 * that do not start a new sentence they cannot finish, and good line breaks. Times are then settled
 * by cue-timing.ts.
 */
import type { Transcript } from '../transcript/transcript.js';
import { emitDrafts } from './block-drafts.js';
import { BlockUnits } from './block-units.js';
import type { Cue } from './cue.js';
import { cueEndMs, cueStartMs, nextCueStartMs, settleTimes, type TimedDraft } from './cue-timing.js';
import { layoutCost, layoutLines, shownWidth, TokenRun, TWO_LINES } from './line-layout.js';
import { asProfile, type ProfileChoice, type SubtitleProfile } from './profile.js';
import { type Token, Tokenizer } from './tokens.js';
import { forEachUnit } from './units.js';

/** Units per block at most; a block is solved and dropped before the next is read. */
const MAX_BLOCK_UNITS = 1500;
/** Weights of the dynamic programme (see the file comment); tuned on the golden files. */
const COST = {
  /**
   * A cue over the reading speed or under the minimum duration. Decision: these soft limits come
   * before every matter of taste, so a cue breaks one only where no layout of the block within the
   * other limits avoids it (property-tested with a search of each such cue's neighbourhood). Larger
   * than the taste costs of any re-layout of a few cues (a forbidden break costs 5,000), small
   * enough that a block's sum stays exact to far below one taste point in a double.
   */
  softLimit: 1e8,
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

  let previousCueEndMs = Number.NEGATIVE_INFINITY;
  const flush = (nextStartMs: number) => {
    if (units.length > 0) {
      run.load(tokens);
      previousCueEndMs = solveBlock(
        units,
        run,
        { speaker, previousCueEndMs, nextStartMs, mediaMs: transcript.durationMs },
        profile,
        drafts,
      );
    }
    tokens.length = 0;
    units.clear();
  };

  forEachUnit(transcript, profile.name === 'zh', (unit) => {
    const silenceMs = unit.startMs - lastEnd;
    const newBlock =
      units.length > 0 &&
      (mustEndCue(unit.speaker !== speaker, silenceMs, endsSentenceHere(tokens), profile) ||
        (units.length >= MAX_BLOCK_UNITS && canEndBlock(tokens)));
    if (newBlock) flush(unit.startMs);
    speaker = unit.speaker;
    const token = tokenizer.next(unit);
    units.push(unit.index, unit.startMs, unit.endMs, unit.estimated, token.sentenceEnd);
    tokens.push(token);
    lastEnd = units.length === 1 ? unit.endMs : Math.max(lastEnd, unit.endMs);
  });
  flush(Number.POSITIVE_INFINITY);
  return settleTimes(drafts, profile, transcript.durationMs);
}

/**
 * True when a cue must end before a unit: the speaker changes, or the unit follows a silence of
 * `silenceMs` that no cue may span (see below), after a unit that `endsSentence` or not.
 */
export function mustEndCue(
  speakerChanges: boolean,
  silenceMs: number,
  endsSentence: boolean,
  profile: SubtitleProfile,
): boolean {
  return (
    speakerChanges || silenceMs >= profile.pauseBreakMs || (silenceMs >= profile.chainGapMs && endsSentence)
  );
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
 * Where a block sits: its speaker, when the cue before it ends (-Infinity for none), when the next
 * block's first word starts (Infinity for none), the media's end.
 */
interface BlockPlace {
  readonly speaker: string | undefined;
  readonly previousCueEndMs: number;
  readonly nextStartMs: number;
  readonly mediaMs: number;
}

/** Segments one block into drafts; returns when its last cue ends. */
function solveBlock(
  units: BlockUnits,
  run: TokenRun,
  block: BlockPlace,
  profile: SubtitleProfile,
  drafts: TimedDraft[],
): number {
  const { speaker, nextStartMs } = block;
  const tokens = run.tokens;
  const { start: uStart, end: uEnd, sentenceEnd: sentenceEnds, cueStart, cueEnd: endAt, best, from } = units;
  const n = units.length;
  uStart[n] = nextStartMs;
  // A cue's start depends on when the cue before it ends (settleTimes): along the best cues of the
  // units before it, which the programme has chosen by the time a cue may start there.
  cueStart[0] = cueStartMs(uStart[0] as number, block.previousCueEndMs, profile);
  const zh = profile.name === 'zh';
  const maxLine = profile.maxLineChars * 2;
  const maxTotal = profile.maxLines * profile.maxLineChars * 2 + (profile.maxLines - 1) * 2;
  const maxDurationMs = profile.maxDurationMs;
  const { prefix, leadingGlue } = run;
  best[0] = 0;

  // A cue of units [i, j) shows tokens [i, j). The inner loop runs about ten times per unit: it reads
  // columns and locals only (run.width written out, the best cost so far kept in `bestCost`).
  for (let j = 1; j <= n; j++) {
    const endBreak = j < n ? (tokens[j] as Token).breakBefore * COST.endBreakWeight : 0;
    const endsSentence = (tokens[j - 1] as Token).sentenceEnd;
    const nextRawStart = uStart[j] as number;
    const prefixJ = prefix[j] as number;
    let bestCost = Number.POSITIVE_INFINITY;
    let endMs = 0;
    let pauses = 0;
    let sentenceInside = false;
    let chosenEnd = 0;
    for (let i = j - 1; i >= 0; i--) {
      endMs = Math.max(endMs, uEnd[i] as number);
      const single = i === j - 1;
      const width = prefixJ - (prefix[i] as number) - (leadingGlue[i] as number);
      if (!single) {
        // Several units: they fit the lines, and the words last at most the maximum duration.
        if (width > maxTotal || endMs - (uStart[i] as number) > maxDurationMs) break;
        if ((uStart[i + 1] as number) - (uEnd[i] as number) > COST.internalPauseMs) pauses++;
        if (sentenceEnds[i] === 1) sentenceInside = true;
      }
      let cost = (best[i] as number) + COST.perCue + endBreak + pauses * COST.internalPause;
      if (sentenceInside && !endsSentence) cost += COST.sentenceStartedNotFinished;
      // Every cost still to come is >= 0 (and >= TWO_LINES past one line): a candidate that cannot
      // win is dropped before its timing is looked at, let alone its layout.
      const lineCostAtLeast = width > maxLine ? TWO_LINES : 0;
      if (cost + lineCostAtLeast >= bestCost) continue;
      const startMs = cueStart[i] as number;
      const nextStart = nextCueStartMs(nextRawStart, startMs, profile);
      const read = width > 0 ? width : run.readWidth(i, j, zh);
      const cueEnd = cueEndMs(startMs, endMs, read / 2, nextStart, block.mediaMs, profile);
      const shown = cueEnd - startMs;
      if (read * 500 > profile.maxCharsPerSecond * shown) {
        cost += readingSpeedCost(run, i, j, read, width > maxLine, !single, shown, profile);
      }
      if (shown < profile.minDurationMs) cost += COST.softLimit + COST.underMinDuration;
      if (cost + lineCostAtLeast >= bestCost) continue;
      const layout = layoutCost(run, i, j, profile, !single);
      if (layout === Number.POSITIVE_INFINITY) continue;
      cost += layout;
      if (cost < bestCost) {
        bestCost = cost;
        from[j] = i;
        chosenEnd = cueEnd;
      }
    }
    best[j] = bestCost;
    endAt[j] = chosenEnd;
    if (j < n) cueStart[j] = cueStartMs(uStart[j] as number, chosenEnd, profile);
  }

  emitDrafts(units, run, speaker, profile, drafts);
  return endAt[n] as number;
}

/**
 * The cost of cue [i, j), shown for `shownMs`, that reads `read` half-characters over the reading
 * speed on one line: on two lines the glue where the line breaks is not shown, nor counted, so the
 * layout that shows the fewest characters may still be within it. Infinity when the cue needs two
 * lines and, with `mustFit`, none fits.
 */
function readingSpeedCost(
  run: TokenRun,
  i: number,
  j: number,
  read: number,
  twoLines: boolean,
  mustFit: boolean,
  shownMs: number,
  profile: SubtitleProfile,
): number {
  let chars = read / 2;
  if (twoLines) {
    const layout = layoutLines(run, i, j, profile, mustFit, true);
    if (layout === undefined) return Number.POSITIVE_INFINITY;
    chars = shownWidth(run, i, j, layout) / 2;
  }
  if (chars * 1000 <= profile.maxCharsPerSecond * shownMs) return 0;
  const over = (chars * 1000) / (profile.maxCharsPerSecond * shownMs) - 1;
  return COST.softLimit + COST.overReadingSpeed * (1 + Math.min(over, 2));
}
