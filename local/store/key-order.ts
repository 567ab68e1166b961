/**
 * COS lists keys in the byte order of their UTF-8 encoding. JavaScript's `<` compares UTF-16 code
 * units, which disagrees for characters above U+FFFF against U+E000..U+FFFF, so keys are compared as
 * UTF-8 bytes here.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` in COS listing order. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The first index in sorted `keys` whose key is greater than `after` (or >= when `inclusive`). */
export function lowerBound(keys: readonly string[], after: string, inclusive: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(keys[middle] as string, after);
    if (order < 0 || (!inclusive && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}
