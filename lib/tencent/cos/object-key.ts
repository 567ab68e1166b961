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

/** The lower-case extension of a key, '' when none (a leading dot names a file, not an extension). */
export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}
