/** Listing a bucket (GET Bucket, doc 436/7734), page by page, for the ObjectStorage port. */
import type { ListedObject } from '../object-storage.js';
import { readCosXml } from './cos-error.js';
import type { CosTransport } from './cos-transport.js';
import { readListPage } from './cos-xml.js';

/** How a call is run: with the storage's retries around the transport. */
export type CosCallRunner = <T>(action: string, operation: () => Promise<T>) => Promise<T>;

/** Objects per list page; COS's maximum. */
const maxKeysPerPage = 1000;

/** Every object under `prefix`, up to `limit`, page by page (keys asked for percent-encoded). */
export async function listObjects(
  cos: { readonly send: CosTransport; readonly run: CosCallRunner },
  bucket: string,
  prefix: string,
  limit: number,
): Promise<ListedObject[]> {
  const listed: ListedObject[] = [];
  let marker = '';
  while (listed.length < limit) {
    const page = await cos.run('GetBucket', async () => {
      const answer = await cos.send({
        action: 'GetBucket',
        method: 'GET',
        bucket,
        key: '',
        query: {
          prefix,
          ...(marker ? { marker } : {}),
          'max-keys': String(Math.min(maxKeysPerPage, limit - listed.length)),
          // Keys may hold characters XML 1.0 cannot carry (CR, most controls); ask for them percent-encoded.
          'encoding-type': 'url',
        },
      });
      return readCosXml('GetBucket', () => readListPage(answer.body.toString('utf8')));
    });
    // COS echoes EncodingType only when it applied it; decode only then.
    const decode = page.encodingType === 'url' ? decodeURIComponent : (value: string) => value;
    for (const entry of page.contents) {
      if (listed.length >= limit) break;
      listed.push({
        key: decode(entry.key),
        size: Number(entry.size),
        etag: unquote(entry.etag),
        lastModified: new Date(entry.lastModified),
      });
    }
    const last = listed.at(-1)?.key;
    if (!page.isTruncated || last === undefined) break;
    // NextMarker is documented for truncated pages; fall back to the last key as S3 does.
    const next = page.nextMarker ? decode(page.nextMarker) : last;
    if (next === marker) break;
    marker = next;
  }
  return listed;
}

/** An ETag without the quotes COS puts around it. */
export function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}
