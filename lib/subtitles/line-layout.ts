/**
 * Lays a run of tokens out on lines: one line when it fits (Netflix: "always keep the text on one
 * line, unless it exceeds the character limitation"), else the best two-line break by break cost and
 * shape (balanced, bottom-heavy on a tie; for Chinese, Netflix TC and Pixelogic prefer the bottom
 * line longer), else — for more than two lines allowed, or a unit that cannot fit — a greedy fill.
 */
import type { SubtitleProfile } from './profile.js';
import { widthUnits } from './text-width.js';
import type { Token } from './tokens.js';

/**
 * A run of tokens with prefix sums, so any sub-run's single-line width is O(1). One run serves block
 * after block (`load`), its arrays growing to the largest: a pair of typed arrays per block was a
 * measurable share of a long transcript's garbage.
 */
export class TokenRun {
  tokens: readonly Token[] = [];
  /** prefix[t] = width of tokens[0..t) including every glue. */
  prefix = new Float64Array(0);
  /**
   * leadingGlue[t] = the glue a line starting at token t does not show: its own, and when the token
   * displays nothing (a dropped 。), the next one's too, since the line's text is trimmed.
   */
  leadingGlue = new Float64Array(0);

  /** Makes this the run of `tokens` (the array is read, not copied: keep it unchanged while in use). */
  load(tokens: readonly Token[]): void {
    this.tokens = tokens;
    if (this.prefix.length < tokens.length + 1) {
      const capacity = Math.max(tokens.length + 1, this.prefix.length * 2);
      this.prefix = new Float64Array(capacity);
      this.leadingGlue = new Float64Array(capacity);
    }
    this.leadingGlue[tokens.length] = 0;
    let sum = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t] as Token;
      sum += token.glueWidth + token.width;
      this.prefix[t + 1] = sum;
    }
    for (let t = tokens.length - 1; t >= 0; t--) {
      const token = tokens[t] as Token;
      const hidden = token.display === '' ? (this.leadingGlue[t + 1] as number) : 0;
      this.leadingGlue[t] = token.glueWidth + hidden;
    }
  }

  /** Width of tokens [a, b) on one line (the glue before its first shown token is not shown). */
  width(a: number, b: number): number {
    return (this.prefix[b] as number) - (this.prefix[a] as number) - (this.leadingGlue[a] as number);
  }

  /**
   * The width reading speed counts for tokens [a, b) on one line: `width`, or for tokens that display
   * nothing (only dropped punctuation) the width of their raw text, which the cue then shows.
   */
  readWidth(a: number, b: number, cjk: boolean): number {
    const width = this.width(a, b);
    if (width > 0) return width;
    let raw = 0;
    for (let t = a; t < b; t++) raw += widthUnits((this.tokens[t] as Token).raw, cjk);
    return raw;
  }

  /**
   * The display text of tokens [a, b) on one line. Joined from a list rather than by `+=`, which
   * makes a rope node per piece: a kilobyte of garbage per cue. The list is made at its full size
   * (a glue and a text per token; the first token's glue stays a hole, which joins as ''), since
   * growing it by `push` copied it twice for a line of ordinary length.
   */
  text(a: number, b: number): string {
    const pieces = new Array<string>(2 * (b - a));
    for (let t = a; t < b; t++) {
      const token = this.tokens[t] as Token;
      if (t > a) pieces[2 * (t - a)] = token.glue;
      pieces[2 * (t - a) + 1] = token.display;
    }
    return pieces.join('').trim();
  }
}

/** Where a cue's lines break, and how good that is. */
export interface Layout {
  /** Token indices at which each line after the first starts. */
  readonly breaks: readonly number[];
  /** True when every line fits and there are no more lines than allowed. */
  readonly fits: boolean;
  /** Lower is better; 0 for a single line. */
  readonly cost: number;
}

const ONE_LINE: Layout = { breaks: [], fits: true, cost: 0 };

/**
 * The best layout of tokens [a, b) under the profile's line limits. With `mustFit`, undefined when
 * the limits cannot be met (the segmenter then tries another cue); otherwise a layout that breaks
 * the limits as little as possible. With `fewestShown`, for a cue over the reading speed with its
 * best-looking layout: on two lines, the fitting break that shows the fewest characters (hides the
 * widest glue: a space where Latin words meet, or where a dropped ，。 left one), on a tie the
 * better-looking.
 */
export function layoutLines(
  run: TokenRun,
  a: number,
  b: number,
  profile: SubtitleProfile,
  mustFit: boolean,
  fewestShown = false,
): Layout | undefined {
  const max = profile.maxLineChars * 2;
  const total = run.width(a, b);
  if (total <= max) return ONE_LINE;
  if (profile.maxLines === 2) {
    const zh = profile.name === 'zh';
    const k = bestTwoLineBreak(run, a, b, max, zh, fewestShown);
    if (k >= 0) {
      return { breaks: [k], fits: true, cost: twoLineCost(run, a, k, run.width(a, k), run.width(k, b), zh) };
    }
  }
  const filled = greedy(run, a, b, max, profile.maxLines);
  return mustFit && !filled.fits ? undefined : filled;
}

/** The cost of breaking tokens [a, b) before token k into two lines of widths `top` and `bottom`. */
function twoLineCost(run: TokenRun, a: number, k: number, top: number, bottom: number, zh: boolean): number {
  const imbalance = Math.abs(top - bottom) / (top + bottom);
  let cost = (run.tokens[k] as Token).breakBefore * 3 + imbalance * 8;
  if (top > bottom) cost += zh ? 2 : 0.5;
  if (zh && k === a + 1) cost += 3;
  // An orphan ("done," alone under a full line) reads badly in any language.
  if (Math.min(top, bottom) * 4 < Math.max(top, bottom)) cost += 6;
  return cost;
}

/**
 * The best break for two lines, or -1 when no break gives two lines that fit: the one of lowest cost,
 * or with `fewestShown` the one that shows the fewest characters (hides the widest glue), the cost
 * deciding a tie.
 */
function bestTwoLineBreak(
  run: TokenRun,
  a: number,
  b: number,
  max: number,
  zh: boolean,
  fewestShown = false,
): number {
  let bestK = -1;
  let bestShown = Number.POSITIVE_INFINITY;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let k = firstFittingBottom(run, a, b, max); k < b; k++) {
    const top = run.width(a, k);
    if (top > max) break;
    const bottom = run.width(k, b);
    if (bottom > max) continue;
    const cost = twoLineCost(run, a, k, top, bottom, zh);
    const shown = fewestShown ? top + bottom : 0;
    if (shown < bestShown || (shown === bestShown && cost < bestCost)) {
      bestK = k;
      bestShown = shown;
      bestCost = cost;
    }
  }
  return bestK;
}

/**
 * The first k > a from which the bottom line [k, b) can fit: every earlier k leaves a bottom line
 * wider than `max` even without its glue (at most one space, 2 units). Binary search on the prefix
 * sums: the segmenter asks for thousands of two-line layouts per minute of speech.
 */
function firstFittingBottom(run: TokenRun, a: number, b: number, max: number): number {
  const prefix = run.prefix;
  const end = prefix[b] as number;
  let lo = a + 1;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end - (prefix[mid] as number) > max + 2) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `layoutLines(...).cost`, plus `TWO_LINES` for a two-line layout, without building the layout:
 * the segmenter asks this for every candidate cue. Infinity when `mustFit` and the limits cannot be met.
 */
export function layoutCost(
  run: TokenRun,
  a: number,
  b: number,
  profile: SubtitleProfile,
  mustFit: boolean,
): number {
  const max = profile.maxLineChars * 2;
  if (run.width(a, b) <= max) return 0;
  if (profile.maxLines === 2) {
    const zh = profile.name === 'zh';
    const k = bestTwoLineBreak(run, a, b, max, zh);
    if (k >= 0) return TWO_LINES + twoLineCost(run, a, k, run.width(a, k), run.width(k, b), zh);
    // Two lines that fit would have been found: a greedy fill cannot fit either.
    if (mustFit) return Number.POSITIVE_INFINITY;
  }
  const filled = greedy(run, a, b, max, profile.maxLines);
  if (mustFit && !filled.fits) return Number.POSITIVE_INFINITY;
  return filled.breaks.length > 0 ? TWO_LINES + filled.cost : filled.cost;
}

/** Extra cost of any layout on more than one line: one line reads faster. */
export const TWO_LINES = 2;

/** Fills lines left to right; a token wider than a line gets a line of its own. */
function greedy(run: TokenRun, a: number, b: number, max: number, maxLines: number): Layout {
  const breaks: number[] = [];
  let lineStart = a;
  let fits = true;
  for (let t = a + 1; t <= b; t++) {
    if (t < b && run.width(lineStart, t + 1) <= max) continue;
    if (run.width(lineStart, t) > max) fits = false;
    if (t < b) {
      breaks.push(t);
      lineStart = t;
    }
  }
  if (breaks.length + 1 > maxLines) fits = false;
  let cost = 0;
  for (const k of breaks) cost += (run.tokens[k] as Token).breakBefore * 2;
  return { breaks, fits, cost };
}

/**
 * The width of tokens [a, b) as a layout shows them: its lines' widths added up, without the glue
 * where a line breaks. Reading speed counts what is shown.
 */
export function shownWidth(run: TokenRun, a: number, b: number, layout: Layout): number {
  let width = 0;
  let start = a;
  for (const k of layout.breaks) {
    width += run.width(start, k);
    start = k;
  }
  return width + run.width(start, b);
}

/** The lines of tokens [a, b) for a layout; empty lines (a dropped punctuation mark) are left out. */
export function layoutText(run: TokenRun, a: number, b: number, layout: Layout): string[] {
  const lines: string[] = [];
  let start = a;
  for (const k of [...layout.breaks, b]) {
    const line = run.text(start, k);
    if (line !== '') lines.push(line);
    start = k;
  }
  return lines;
}
