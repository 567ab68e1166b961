/**
 * The ObjectStorage port over our own COS transport (cos-transport.ts: our HTTP client and signer),
 * against real COS or the local emulator. It replaced cos-nodejs-sdk-v5 here, which with its `request`
 * fork and XML parser was two fifths of every function bundle (~190 KB of ~480 KB, issue 16); the
 * transport sends what the SDK sent.
 *
 * Retries, two layers on purpose: the transport retries a dropped connection or a 5xx at once, up to 4
 * attempts, as the SDK did. Around each transport call we add `withRetry` (backoff, full jitter,
 * deadline) with at most 3 attempts by default, for throttling and short outages: worst case 12
 * requests per call. A call ends within about `deadlineMs` + 4 x `timeoutMs` (20 s + 40 s by
 * default; lower both for short functions). Non-retryable answers (403, 404, 409...) pass through both
 * layers once.
 *
 * Create-if-absent is exact even under those retries: a retry of a PUT whose first attempt landed gets
 * 409 FileAlreadyExists for our own write. Each `ifAbsent` put therefore carries a random id in
 * `x-cos-meta-ct-put-id`; on 409 we read the object back and answer 'created' when the id is ours.
 * Without this a retried ledger claim would report 'exists' and the job would be dropped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TencentApiError } from '../errors.js';
import type { ObjectHead, ObjectLocation, ObjectStorage, PutBody, StoredObject } from '../object-storage.js';
import { type RetryOptions, withRetry } from '../retry.js';
import { cosClientError, readCosXml } from './cos-error.js';
import { type CosCallRunner, listObjects, unquote } from './cos-list.js';
import { type CosAnswer, type CosTransport, createCosTransport } from './cos-transport.js';
import { readVersioningStatus } from './cos-xml.js';
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
  /** Our retry layer around each transport call; see the file comment. */
  readonly retry?: RetryOptions;
  /** Per-attempt timeout in ms (of silence, waiting for the answer or inside its body). */
  readonly timeoutMs?: number;
  /** Clock in ms, for signatures and presigned URLs. */
  readonly now?: () => number;
  /** Source of create-if-absent ids; injectable for tests. */
  readonly newPutId?: () => string;
}

/** Metadata key (after `x-cos-meta-`) that marks who wrote a create-if-absent object. */
export const putIdMetadataKey = 'ct-put-id';

/** An ObjectStorage backed by COS. */
export function createCosStorage(options: CosStorageOptions): ObjectStorage {
  const now = options.now ?? Date.now;
  const cos: CosContext = {
    send: createCosTransport({
      region: options.region,
      credentials: options.credentials,
      now,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    }),
    run: (_action, operation) => withRetry(operation, { maxAttempts: 3, ...options.retry }),
  };
  const newPutId = options.newPutId ?? randomUUID;
  return {
    async head(location) {
      const answer = await headAnswer(cos, location);
      return answer ? headFromHeaders(answer.headers, undefined) : undefined;
    },
    get: (location) => getObject(cos, location),
    put: (location, put) => putObject(cos, location, put, put.ifAbsent ? newPutId() : undefined),
    versioning: (bucket) => bucketVersioning(cos, bucket),
    list: (bucket, prefix, listOptions = {}) =>
      listObjects(cos, bucket, prefix, listOptions.limit ?? Number.POSITIVE_INFINITY),
    presignGet: (location, expiresInSeconds) =>
      presignGetUrl({
        bucket: location.bucket,
        region: options.region,
        key: location.key,
        expiresInSeconds,
        credentials: resolveCredentials(options.credentials),
        protocol: endpointProtocol(options.endpoint),
        now: now(),
      }),
  };
}

/** What every operation runs on: the transport, and the storage's retries around it. */
interface CosContext {
  readonly send: CosTransport;
  readonly run: CosCallRunner;
}

/** HEAD answers carry no body, so a missing bucket is also a bare 404 here; getObject tells them apart. */
function headAnswer(cos: CosContext, location: ObjectLocation): Promise<CosAnswer | undefined> {
  return cos.run('HeadObject', () =>
    orMissing(
      cos.send({ action: 'HeadObject', method: 'HEAD', bucket: location.bucket, key: location.key }),
      (error) => error.httpStatus === 404,
    ),
  );
}

async function getObject(cos: CosContext, location: ObjectLocation): Promise<StoredObject | undefined> {
  // A key that resolves to the bucket's root ('..', 'a/..') would be served as a listing by a server
  // that resolves dot segments; the SDK refused it (ObjectKeySimplifyCheck), so do we.
  if (resolvesToRoot(location.key)) throw cosClientError('GetObject', 'The Getobject Key is illegal');
  const answer = await cos.run('GetObject', () =>
    orMissing(
      cos.send({ action: 'GetObject', method: 'GET', bucket: location.bucket, key: location.key }),
      (error) => error.code === 'NoSuchKey',
    ),
  );
  if (!answer) return undefined;
  return { ...headFromHeaders(answer.headers, answer.body.length), body: answer.body };
}

/** One PutObject, `putId` marking a create-if-absent write as ours. */
async function putObject(
  cos: CosContext,
  location: ObjectLocation,
  put: PutBody,
  putId: string | undefined,
): Promise<'created' | 'exists'> {
  const headers = { 'content-type': put.contentType, ...putHeaders(put, putId) };
  const body = typeof put.body === 'string' ? Buffer.from(put.body, 'utf8') : put.body;
  const { bucket, key } = location;
  try {
    await cos.run('PutObject', () =>
      cos.send({ action: 'PutObject', method: 'PUT', bucket, key, headers, body }),
    );
    return 'created';
  } catch (error) {
    // 409 FileAlreadyExists is COS's answer to x-cos-forbid-overwrite on an existing key.
    if (putId === undefined || !isAlreadyExists(error)) throw error;
    const written = (await headAnswer(cos, location))?.headers[`x-cos-meta-${putIdMetadataKey}`];
    return written === putId ? 'created' : 'exists';
  }
}

async function bucketVersioning(
  cos: CosContext,
  bucket: string,
): Promise<'Enabled' | 'Suspended' | undefined> {
  const action = 'GetBucketVersioning';
  const answer = await cos.run(action, () =>
    cos.send({ action, method: 'GET', bucket, key: '', query: { versioning: '' } }),
  );
  // A bucket whose versioning was never enabled answers an empty <VersioningConfiguration/>.
  const status = readCosXml(action, () => readVersioningStatus(answer.body.toString('utf8')));
  return status === 'Enabled' || status === 'Suspended' ? status : undefined;
}

/** The answer, or undefined when the call failed in the way that means 'not there'. */
async function orMissing<T>(
  call: Promise<T>,
  isMissing: (error: { httpStatus?: number | undefined; code?: string }) => boolean,
): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TencentApiError && isMissing(error)) return undefined;
    throw error;
  }
}

/** True when the key's `.` and `..` segments resolve it to the bucket itself (the SDK's simplifyPath). */
function resolvesToRoot(key: string): boolean {
  const names: string[] = [];
  for (const name of key.split('/')) {
    if (name === '..') names.pop();
    else if (name !== '' && name !== '.') names.push(name);
  }
  return names.length === 0;
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof TencentApiError && error.httpStatus === 409 && error.code === 'FileAlreadyExists';
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

function headFromHeaders(headers: IncomingHttpHeaders, bodyLength: number | undefined): ObjectHead {
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
