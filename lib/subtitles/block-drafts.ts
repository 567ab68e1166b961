/**
 * The cues of a solved block (segment-cues.ts): its chosen breaks walked back, each cue laid out on
 * its lines, with the words' times for cue-timing.ts to settle.
 */
import type { BlockUnits } from './block-units.js';
import type { TimedDraft } from './cue-timing.js';
import { type Layout, layoutLines, layoutText, shownWidth, type TokenRun } from './line-layout.js';
import type { SubtitleProfile } from './profile.js';

/** Walks the chosen breaks of a solved block back, then adds its cues to `drafts` in order. */
export function emitDrafts(
  units: BlockUnits,
  run: TokenRun,
  speaker: string | undefined,
  profile: SubtitleProfile,
  drafts: TimedDraft[],
): void {
  const tokens = run.tokens;
  const { start: uStart, end: uEnd, cueStart, cueEnd: endAt, from } = units;
  const n = units.length;
  const zh = profile.name === 'zh';
  const starts: number[] = [];
  for (let j = n; j > 0; j = from[j] as number) starts.push(from[j] as number);
  starts.reverse();
  for (let c = 0; c < starts.length; c++) {
    const i = starts[c] as number;
    const j = c + 1 < starts.length ? (starts[c + 1] as number) : n;
    let layout = layoutLines(run, i, j, profile, false) as Layout;
    // Over the reading speed as it looks best, but not with the break that shows the fewest
    // characters: that break, as the programme judged it.
    const shown = shownWidth(run, i, j, layout);
    const duration = (endAt[j] as number) - (cueStart[i] as number);
    if (layout.breaks.length > 0 && shown * 500 > profile.maxCharsPerSecond * duration) {
      const fastest = layoutLines(run, i, j, profile, false, true) as Layout;
      if (shownWidth(run, i, j, fastest) < shown) layout = fastest;
    }
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
      chars: run.readWidth(i, j, zh) / 2,
      lines,
      speaker,
      firstUnit: units.firstIndex + i,
      unitCount: j - i,
      estimatedTiming: estimated,
    });
  }
}
