/**
 * Query strings as COS reads them: `k=v` pairs split on `&`, percent-decoded (a `+` stays a `+`: COS
 * clients encode it as %2B), and a key without `=` is a sub-resource with an empty value (`?acl`).
 */

/** Decoded [key, value] pairs in order; undefined when a pair is not valid percent-encoding. */
export function parseQuery(rawQuery: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    try {
      pairs.push(
        equals < 0
          ? [decodeURIComponent(part), '']
          : [decodeURIComponent(part.slice(0, equals)), decodeURIComponent(part.slice(equals + 1))],
      );
    } catch {
      return undefined;
    }
  }
  return pairs;
}
