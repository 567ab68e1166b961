/**
 * Object-key rules the port enforces beyond what COS itself checks.
 */

/**
 * True when a key has a `.` or `..` segment. WHATWG URL parsers (fetch, undici, browsers, most HTTP
 * stacks that receive a URL) collapse those segments, even when percent-encoded as `%2e`, so a URL
 * naming such a key may silently address another object. The SDK's own requests send the raw path
 * and are not affected.
 */
export function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}
