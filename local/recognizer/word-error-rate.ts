/**
 * Word error rate, the standard measure of a recogniser against a reference transcript:
 * (substitutions + deletions + insertions) / reference words, from a word-level Levenshtein alignment.
 * Used to hold the offline recognizer to the accuracy pocketsphinx really reaches.
 */

/** Counts from one alignment. */
export interface WordErrors {
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly referenceWords: number;
}

/**
 * Lower-cases and keeps letters, digits and inner apostrophes, so that "Man." and "man" are the same
 * word. No synonym folding ("mr" stays distinct from "mister"): that would flatter the recogniser.
 */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .split(' ')
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w !== '');
}

/** Aligns two word sequences with unit costs and counts each kind of error. */
export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): WordErrors {
  const n = reference.length;
  const m = hypothesis.length;
  // cost[i][j]: edits turning reference[0..i) into hypothesis[0..j); kept with the counts that reach it.
  type Cell = { cost: number; s: number; d: number; i: number };
  let previous: Cell[] = Array.from({ length: m + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let i = 1; i <= n; i++) {
    const row: Cell[] = [{ cost: i, s: 0, d: i, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const diagonal = previous[j - 1] as Cell;
      const up = previous[j] as Cell;
      const left = row[j - 1] as Cell;
      const same = reference[i - 1] === hypothesis[j - 1];
      const candidates: Cell[] = [
        { ...diagonal, cost: diagonal.cost + (same ? 0 : 1), s: diagonal.s + (same ? 0 : 1) },
        { ...up, cost: up.cost + 1, d: up.d + 1 },
        { ...left, cost: left.cost + 1, i: left.i + 1 },
      ];
      row.push(candidates.reduce((best, c) => (c.cost < best.cost ? c : best)));
    }
    previous = row;
  }
  const last = previous[m] as Cell;
  return { substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: n };
}

/** Pooled WER over several pairs: total errors over total reference words (0 when there are none). */
export function wordErrorRate(pairs: ReadonlyArray<{ reference: string; hypothesis: string }>): number {
  let errors = 0;
  let words = 0;
  for (const { reference, hypothesis } of pairs) {
    const counts = wordErrors(normalizeWords(reference), normalizeWords(hypothesis));
    errors += counts.substitutions + counts.deletions + counts.insertions;
    words += counts.referenceWords;
  }
  return words === 0 ? 0 : errors / words;
}
