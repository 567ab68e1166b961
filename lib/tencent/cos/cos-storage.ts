/**
 * The ObjectStorage port over cos-nodejs-sdk-v5, against real COS or the local emulator.
 *
 * Retries, two layers on purpose: the SDK retries every 5xx and network failure at once, up to 4
 * attempts, with no backoff and no way to turn it off (sdk/base.js submitRequest). That absorbs a
 * dropped connection. Around each SDK call we add `withRetry` (backoff, full jitter, deadline) with
 * at most 3 attempts by default, for throttling and short outages: worst case 12 requests per call.
 * A new SDK call starts only before our deadline and one SDK call lasts at most 4 x `timeoutMs`, so a
 * call ends within about `deadlineMs` + 4 x `timeoutMs` (20 s + 40 s by default; lower both for
 * short functions). Non-retryable answers (403, 404, 409...) pass through both layers once.
 *
 * Create-if-absent is exact even under those retries: an SDK retry of a PUT whose first attempt
 * landed gets 409 FileAlreadyExists for our own write. Each `ifAbsent` put therefore carries a random
 * id in `x-cos-meta-ct-put-id`; on 409 we read the object back and answer 'created' when the id is
 * ours. Without this a retried ledger claim would report 'exists' and the job would be dropped.
 */
import { randomUUID } from 'node:crypto';
import type COS from 'cos-nodejs-sdk-v5';
import { CredentialsError } from '../credentials.js';
import type {
  ListedObject,
  ObjectHead,
  ObjectLocation,
  ObjectStorage,
  PutBody,
  StoredObject,
} from '../object-storage.js';
import { type RetryOptions, withRetry } from '../retry.js';
import { cosError, sdkCode, sdkStatus } from './cos-error.js';
import { createCosSdk } from './cos-sdk.js';
import { type CredentialsSource, resolveCredentials } from './credentials-source.js';
import { type Endpoint, endpointProtocol } from './endpoint.js';
import { presignGetUrl } from './presign.js';

/** Options for {@link createCosStorage}. */
export interface CosStorageOptions {
  /** Region of the buckets this storage talks to, e.g. 'ap-guangzhou'. */
  readonly region: string;
  readonly credentials: CredentialsSource;
  /** Dial somewhere else (the emulator) while keeping the real host names. */
  readonly endpoint?: Endpoint;
  /** Our retry layer around each SDK call; see the file comment. */
  readonly retry?: RetryOptions;
  /** Per-request timeout in ms. */
  readonly timeoutMs?: number;
  /** Clock in ms, for presigned URLs. */
  readonly now?: () => number;
  /** Source of create-if-absent ids; injectable for tests. */
  readonly newPutId?: () => string;
  /** An SDK instance to use instead of building one (tests, shared connection pools). */
  readonly sdk?: COS;
}

/** Metadata key (after `x-cos-meta-`) that marks who wrote a create-if-absent object. */
export const putIdMetadataKey = 'ct-put-id';

/**
 * The SDK routes putObject through its upload-task queue (sdk/task.js), which runs at most
 * `FileParallelLimit` (3) uploads per instance and re-lists the whole queue on every change: made for
 * upload progress UIs, it made the callback write its outputs three at a time and, in the local
 * cloud where every function shares one instance, serialised a burst's ledger writes for seconds.
 * `SkipTask` (honoured by transferToTaskMethod, absent from the typings) calls putObject directly.
 */
const skipUploadQueue = { SkipTask: true } as object;

/** Objects per list page; COS's maximum. */
const maxKeysPerPage = 1000;

/** An ObjectStorage backed by COS. */
export function createCosStorage(options: CosStorageOptions): ObjectStorage {
  const sdk =
    options.sdk ??
    createCosSdk({
      credentials: options.credentials,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  const region = options.region;
  const now = options.now ?? Date.now;
  const newPutId = options.newPutId ?? randomUUID;
  const retry: RetryOptions = { maxAttempts: 3, ...options.retry };

  const call = <T>(action: string, operation: () => Promise<T>): Promise<T> =>
    withRetry(async () => {
      try {
        return await operation();
      } catch (failure) {
        // A source that cannot give credentials (CredentialsError) says so itself, untranslated.
        if (failure instanceof CredentialsError) throw failure;
        throw cosError(action, failure);
      }
    }, retry);

  /** Runs an SDK call, mapping a 'not found' answer to undefined. */
  const orMissing = <T>(
    action: string,
    operation: () => Promise<T>,
    isMissing: (failure: unknown) => boolean,
  ): Promise<T | undefined> =>
    call(action, async () => {
      try {
        return await operation();
      } catch (failure) {
        if (isMissing(failure)) return undefined;
        throw failure;
      }
    });

  const head = async (location: ObjectLocation): Promise<ObjectHead | undefined> => {
    const result = await orMissing(
      'HeadObject',
      () => sdk.headObject({ Bucket: location.bucket, Region: region, Key: location.key }),
      // HEAD answers carry no body, so a missing bucket is also a bare 404 here; get() tells them apart.
      (failure) => sdkStatus(failure) === 404,
    );
    return result ? headFromHeaders(result.headers ?? {}, undefined) : undefined;
  };

  const readHeadWithPutId = async (location: ObjectLocation) => {
    const result = await orMissing(
      'HeadObject',
      () => sdk.headObject({ Bucket: location.bucket, Region: region, Key: location.key }),
      (failure) => sdkStatus(failure) === 404,
    );
    return result?.headers?.[`x-cos-meta-${putIdMetadataKey}`];
  };

  return {
    head,

    async get(location) {
      const result = await orMissing(
        'GetObject',
        () => sdk.getObject({ Bucket: location.bucket, Region: region, Key: location.key }),
        (failure) => sdkCode(failure) === 'NoSuchKey',
      );
      if (!result) return undefined;
      const body = Buffer.isBuffer(result.Body) ? result.Body : Buffer.from(result.Body ?? '');
      const stored: StoredObject = { ...headFromHeaders(result.headers ?? {}, body.length), body };
      return stored;
    },

    async put(location, put: PutBody) {
      const putId = put.ifAbsent ? newPutId() : undefined;
      const headers = putHeaders(put, putId);
      const body = typeof put.body === 'string' ? Buffer.from(put.body, 'utf8') : put.body;
      try {
        await call('PutObject', () =>
          sdk.putObject({
            Bucket: location.bucket,
            Region: region,
            Key: location.key,
            Body: body,
            ContentType: put.contentType,
            Headers: headers,
            ...skipUploadQueue,
          }),
        );
        return 'created';
      } catch (error) {
        // 409 FileAlreadyExists is COS's answer to x-cos-forbid-overwrite on an existing key.
        if (!put.ifAbsent || !isAlreadyExists(error)) throw error;
        return (await readHeadWithPutId(location)) === putId ? 'created' : 'exists';
      }
    },

    async versioning(bucket) {
      const answer = await call('GetBucketVersioning', () =>
        sdk.getBucketVersioning({ Bucket: bucket, Region: region }),
      );
      // The SDK gives {} (no Status) for a bucket whose versioning was never enabled.
      const status = (answer.VersioningConfiguration as { Status?: unknown } | undefined)?.Status;
      return status === 'Enabled' || status === 'Suspended' ? status : undefined;
    },

    async list(bucket, prefix, listOptions = {}) {
      const limit = listOptions.limit ?? Number.POSITIVE_INFINITY;
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
    },

    presignGet(location, expiresInSeconds) {
      return presignGetUrl({
        bucket: location.bucket,
        region,
        key: location.key,
        expiresInSeconds,
        credentials: resolveCredentials(options.credentials),
        protocol: endpointProtocol(options.endpoint),
        now: now(),
      });
    },
  };
}

function isAlreadyExists(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'httpStatus' in error &&
    error.httpStatus === 409 &&
    'code' in error &&
    error.code === 'FileAlreadyExists'
  );
}

/** Metadata becomes HTTP headers: names must be header tokens, values printable ASCII. */
function putHeaders(put: PutBody, putId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(put.metadata ?? {})) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
      throw new TypeError(`metadata key "${name}" must be lower-case letters, digits, "-" or "_"`);
    }
    if (!/^[\x20-\x7e]*$/.test(value)) {
      throw new TypeError(
        `metadata "${name}" must be printable ASCII (HTTP headers cannot carry it otherwise); percent-encode it`,
      );
    }
    headers[`x-cos-meta-${name}`] = value;
  }
  if (putId !== undefined) {
    headers[`x-cos-meta-${putIdMetadataKey}`] = putId;
    headers['x-cos-forbid-overwrite'] = 'true';
  }
  return headers;
}

function headFromHeaders(headers: Record<string, unknown>, bodyLength: number | undefined): ObjectHead {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-cos-meta-') || typeof value !== 'string') continue;
    const key = lower.slice('x-cos-meta-'.length);
    if (key !== putIdMetadataKey) metadata[key] = value;
  }
  const lastModified = typeof headers['last-modified'] === 'string' ? headers['last-modified'] : '';
  return {
    size: bodyLength ?? Number(headers['content-length'] ?? 0),
    etag: unquote(String(headers.etag ?? '')),
    contentType: String(headers['content-type'] ?? ''),
    lastModified: new Date(lastModified),
    metadata,
  };
}

function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}
