/**
 * When can a write under prefix Q fire a COS trigger on prefix P in the same bucket? The trigger
 * matches every key that starts with P. Writes go to keys that start with Q. They meet when one
 * prefix starts with the other:
 * - Q starts with P (equal, or outputs nested inside the watched tree): every output fires.
 * - P starts with Q (P = Q + X, the watched tree nested inside the outputs): the output for input
 *   `P + X + rest` is `Q + X + rest` = `P + rest`, so it fires again, and again: the classic loop.
 * Otherwise no key starts with both and they are disjoint. The empty prefix starts every key.
 * A suffix filter does not save us: the pipeline also writes raw results and reports.
 */

/** True when keys under `a` and keys under `b` can coincide (one prefix starts with the other). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
