/**
 * Object keys on the wire. COS signs the raw key but expects every byte outside `A-Za-z0-9-_.~` to be
 * percent-encoded in the path (doc 436/7778 "UrlEncode"), which is `encodeURIComponent` plus
 * `! ' ( ) *`; `/` stays literal so keys keep their folders.
 */

/** Percent-encodes one URL component the way COS expects (and the official SDK does). */
export function cosUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The URL path (with leading `/`) for an object key. */
export function objectPath(key: string): string {
  return `/${key.split('/').map(cosUrlEncode).join('/')}`;
}

/**
 * True when a key has a `.` or `..` segment. WHATWG URL parsers (fetch, undici, browsers, most HTTP
 * stacks that receive a URL) collapse those segments, even when percent-encoded as `%2e`, so a URL
 * naming such a key may silently address another object.
 */
export function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}
