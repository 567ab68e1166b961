/**
 * The `Range: bytes=...` forms COS serves for GET Object: `a-b`, `a-` and the suffix form `-n`, one
 * range only. A header that is not a byte range is ignored (the whole object is sent), as HTTP says; a
 * range that starts past the end is unsatisfiable (416 InvalidRange).
 */

/** The byte span to send, 'ignore' (send the whole object) or 'unsatisfiable'. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'ignore' | 'unsatisfiable' {
  if (header === undefined) return 'ignore';
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return 'ignore';
  const first = match[1] as string;
  const last = match[2] as string;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
