/** Listing a bucket through the COS SDK (GetBucket), page by page, for the ObjectStorage port. */
import type COS from 'cos-nodejs-sdk-v5';
import type { ListedObject } from '../object-storage.js';

/** How an SDK call is run: with our retries, its failure told as a Tencent error. */
export type SdkCall = <T>(action: string, operation: () => Promise<T>) => Promise<T>;

/** What an operation needs: the SDK, the buckets' region, and the way to run a call. */
export interface SdkContext {
  readonly sdk: COS;
  readonly region: string;
  readonly call: SdkCall;
}

/** Objects per list page; COS's maximum. */
const maxKeysPerPage = 1000;

/** Every object under `prefix`, up to `limit`, page by page (GetBucket, with keys percent-encoded). */
export async function listObjects(
  cos: SdkContext,
  bucket: string,
  prefix: string,
  limit: number,
): Promise<ListedObject[]> {
  const { sdk, region, call } = cos;
  const listed: ListedObject[] = [];
  let marker = '';
  while (listed.length < limit) {
    const page = await call('GetBucket', () =>
      sdk.getBucket({
        Bucket: bucket,
        Region: region,
        Prefix: prefix,
        Marker: marker,
        MaxKeys: Math.min(maxKeysPerPage, limit - listed.length),
        // Keys may hold characters XML 1.0 cannot carry; ask for them percent-encoded.
        EncodingType: 'url',
      }),
    );
    // COS echoes EncodingType only when it applied it; decode only then.
    const decode = page.EncodingType === 'url' ? decodeURIComponent : (value: string) => value;
    for (const entry of page.Contents ?? []) {
      if (listed.length >= limit) break;
      listed.push({
        key: decode(String(entry.Key)),
        size: Number(entry.Size),
        etag: unquote(String(entry.ETag)),
        lastModified: new Date(String(entry.LastModified)),
      });
    }
    const last = listed.at(-1)?.key;
    if (String(page.IsTruncated) !== 'true' || last === undefined) break;
    // NextMarker is documented for truncated pages; fall back to the last key as S3 does.
    const next = page.NextMarker ? decode(page.NextMarker) : last;
    if (next === marker) break;
    marker = next;
  }
  return listed;
}

/** An ETag without the quotes COS puts around it. */
export function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}
