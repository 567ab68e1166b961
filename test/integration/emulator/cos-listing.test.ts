/**
 * GET Bucket's listing rules, checked as a property against a plain model: for any set of keys, prefix,
 * delimiter and page size, paging with NextMarker visits exactly the model's keys and CommonPrefixes,
 * in UTF-8 byte order, each once, no page larger than max-keys. Then the same through COS over HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../../../local/store/list-keys.js';
import { BUCKET, cosClient, type Harness, REGION, startHarness } from './cos-harness.js';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What a listing must return, entry by entry: keys, and prefixes rolled up at the delimiter. */
function model(keys: readonly string[], prefix: string, delimiter: string): string[] {
  const entries: string[] = [];
  for (const key of [...keys].sort(byteOrder)) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const entry = at >= 0 ? key.slice(0, at + delimiter.length) : key;
    if (entries.at(-1) !== entry) entries.push(entry);
  }
  return entries;
}

const alphabet = fc.constantFrom('a', 'b', '/', '-', 'é', '😀', '\uffff', ' ');
const word = (max: number) =>
  fc.array(alphabet, { minLength: 0, maxLength: max }).map((chars) => chars.join(''));

describe('bucket listing', () => {
  it('pages through exactly the model entries for any keys, prefix, delimiter and max-keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          word(6).filter((key) => key.length > 0),
          { maxLength: 40 },
        ),
        word(2),
        fc.constantFrom('', '/', '-', '😀'),
        fc.integer({ min: 1, max: 5 }),
        (keys, prefix, delimiter, maxKeys) => {
          // Prepare
          const sorted = [...keys].sort(byteOrder);
          const entry = () => ({ size: 1, etag: 'e', lastModified: 0 });

          // Act
          const seen: string[] = [];
          let marker: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = listKeys(sorted, entry, {
              prefix,
              delimiter,
              maxKeys,
              ...(marker === undefined ? {} : { marker }),
            });
            const entries = [...page.contents.map((item) => item.key), ...page.commonPrefixes].sort(
              byteOrder,
            );
            expect(entries.length).toBeLessThanOrEqual(maxKeys);
            seen.push(...entries);
            if (!page.isTruncated) break;
            expect(page.nextMarker).toBe(entries.at(-1));
            marker = page.nextMarker;
          }

          // Assess
          expect(seen).toEqual(model(keys, prefix, delimiter));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('bucket listing over HTTP', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.stop());

  it('returns keys in UTF-8 byte order, where JavaScript string order differs', async () => {
    // Prepare: U+FFFF sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const cos = cosClient(harness.emulator.port);
    const keys = ['order/😀', 'order/\uffff', 'order/z', 'order/é'];
    for (const Key of keys) await cos.putObject({ Bucket: BUCKET, Region: REGION, Key, Body: 'x' });

    // Act
    const listed = await cos.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: 'order/' });

    // Assess
    expect(listed.Contents.map((item) => item.Key)).toEqual([
      'order/z',
      'order/é',
      'order/\uffff',
      'order/😀',
    ]);
  });
});
