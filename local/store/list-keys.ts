/**
 * GET Bucket's listing rules over a sorted key index, as COS (and S3 before it) applies them: keys after
 * `marker` that start with `prefix`; with a `delimiter`, keys whose remainder holds it are rolled up into
 * one CommonPrefix each, and a CommonPrefix counts once towards `max-keys`; when the page is full and
 * more remain, the listing is truncated and NextMarker is the last key or prefix returned.
 */
import type { ListOptions, ListPage } from '../context.js';
import { compareKeys, lowerBound } from './key-order.js';

/** COS caps max-keys at 1000 and uses 1000 when it is not given. */
export const MAX_KEYS_LIMIT = 1000;

/** A page of the listing; `entry` gives the size, ETag and time of a key in the index. */
export function listKeys(
  sortedKeys: readonly string[],
  entry: (key: string) => { size: number; etag: string; lastModified: number },
  options: ListOptions,
): ListPage {
  const prefix = options.prefix ?? '';
  const marker = options.marker ?? '';
  const delimiter = options.delimiter ?? '';
  const maxKeys = Math.min(Math.max(options.maxKeys ?? MAX_KEYS_LIMIT, 0), MAX_KEYS_LIMIT);

  const contents: Array<{ key: string; size: number; etag: string; lastModified: number }> = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let isTruncated = false;

  // Start at whichever is later: just after the marker, or the first key carrying the prefix.
  let index =
    compareKeys(marker, prefix) >= 0
      ? lowerBound(sortedKeys, marker, false)
      : lowerBound(sortedKeys, prefix, true);
  for (; index < sortedKeys.length; index++) {
    const key = sortedKeys[index] as string;
    if (!key.startsWith(prefix)) break;
    let rolledUp: string | undefined;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) rolledUp = key.slice(0, at + delimiter.length);
    }
    // A prefix already returned (on this page or, through the marker, on an earlier one) is not repeated.
    if (rolledUp !== undefined && (rolledUp === last || compareKeys(rolledUp, marker) <= 0)) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    if (rolledUp !== undefined) {
      commonPrefixes.push(rolledUp);
      last = rolledUp;
    } else {
      contents.push({ key, ...entry(key) });
      last = key;
    }
  }
  return isTruncated && last !== undefined
    ? { contents, commonPrefixes, isTruncated, nextMarker: last }
    : { contents, commonPrefixes, isTruncated };
}
