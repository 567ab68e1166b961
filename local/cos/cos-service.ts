/**
 * The emulated COS XML API on `<bucket>-<appid>.cos.<region>.myqcloud.com`: PUT / GET (Range) / HEAD /
 * DELETE Object, PUT / HEAD / DELETE / GET Bucket (listing), GET Service. Every request is signed and
 * checked as COS checks it (./cos-auth.ts); buckets are private, so an unsigned request is AccessDenied.
 * Answers carry `x-cos-request-id`, a `Date` from the emulator clock (the SDK corrects its clock skew
 * from it) and COS's XML error shape. Sub-resources the pipeline never uses (?acl, ?uploads, copy...)
 * answer NotImplemented rather than pretending.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorContext } from '../context.js';
import type { EmulatedService, EmulatorRequest, EmulatorResponse } from '../service.js';
import type { FileObjectStore, StoredMeta } from '../store/file-store.js';
import { BUCKET_NAME } from '../store/file-store.js';
import type { MultipartStore } from '../store/multipart-store.js';
import type { EventOrigin, NotifyingStore } from '../store/object-events.js';
import { verifyCosSignature } from './cos-auth.js';
import { type CosErrorCode, cosError, newCosRequestId } from './cos-errors.js';
import { isCosServiceHost, parseCosHost, serviceHostRegion } from './cos-host.js';
import { listBucketXml } from './list-xml.js';
import { handleObjectMultipart, listMultipartUploads } from './multipart.js';
import { parseQuery } from './query.js';
import { parseRange } from './range.js';
import { xmlEscape } from './xml.js';

/** COS's longest object key, in UTF-8 bytes (doc 436/13324). */
const MAX_KEY_BYTES = 850;
/** COS refuses single PUTs above 5 GB; the emulator holds bodies in memory, so it stops at 1 GB. */
const MAX_PUT_BYTES = 1024 * 1024 * 1024;
/** Standard headers COS stores with an object at PUT and returns at GET and HEAD. */
const KEPT_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];
/** Query parameters of GET Object that override response headers. */
const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/** Builds the COS service over the emulator's event-raising store. */
export function createCosService(
  context: EmulatorContext,
  store: NotifyingStore<FileObjectStore>,
  uploads: MultipartStore,
): EmulatedService {
  const ownerId = `qcs::cam::uin/100000000001:uin/100000000001`;
  return {
    name: 'cos',
    handles: (host) => parseCosHost(host) !== undefined || isCosServiceHost(host),
    async handle(request) {
      const requestId = newCosRequestId();
      const fail = (code: CosErrorCode, message: string, resource = request.rawPath) =>
        cosError(code, message, { requestId, resource: `${request.host}${resource}`, now: context.now() });
      const query = parseQuery(request.rawQuery);
      if (!query) return fail('InvalidArgument', 'The query string is not valid percent-encoding.');

      const auth = verifyCosSignature(
        { method: request.method, rawPath: request.rawPath, query, headers: request.headers },
        context.accounts,
        request.receivedAt,
      );
      if (!auth.ok) {
        context.log('cos.auth.rejected', {
          code: auth.code,
          host: request.host,
          method: request.method,
          detail: auth.detail,
        });
        return fail(auth.code, auth.message);
      }
      if (auth.anonymous) return fail('AccessDenied', 'Access Denied.');

      const ok = (
        status: number,
        headers: Record<string, string> = {},
        body?: Buffer | string,
      ): EmulatorResponse => ({
        status,
        headers: {
          'x-cos-request-id': requestId,
          server: 'tencent-cos',
          date: new Date(context.now()).toUTCString(),
          ...headers,
        },
        ...(body === undefined ? {} : { body }),
      });

      if (isCosServiceHost(request.host)) {
        if (request.method !== 'GET')
          return fail('MethodNotAllowed', 'Only GET Service is served on this host.');
        const region = serviceHostRegion(request.host);
        const buckets = (await store.inner.listBuckets()).filter(
          (bucket) => region === undefined || bucket.region === region,
        );
        return ok(200, { 'content-type': 'application/xml' }, listAllBucketsXml(buckets, ownerId));
      }

      const { bucket, region } = parseCosHost(request.host) as { bucket: string; region: string };
      if (request.rawPath === '/' && query.some(([name]) => name.toLowerCase() === 'versioning')) {
        return bucketVersioning(request, bucket, region, ok, fail);
      }
      const subResources = query.map(([key]) => key).filter((key) => SUB_RESOURCES.has(key.toLowerCase()));
      if (subResources.length > 0 || request.headers['x-cos-copy-source'] !== undefined) {
        return fail(
          'NotImplemented',
          `The emulator does not implement ${subResources.join(', ') || 'PUT Object - Copy'}.`,
        );
      }

      const decoded = decodePath(request.rawPath);
      if (decoded === undefined)
        return fail('InvalidArgument', 'The object key is not valid percent-encoding.');
      const key = withoutDotSegments(decoded);
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
        return fail(
          'KeyTooLong',
          `Your key is ${Buffer.byteLength(key)} bytes; the limit is ${MAX_KEY_BYTES}.`,
        );
      }

      if (key === '') {
        return handleBucket({ request, bucket, region, query, ok, fail });
      }

      const record = await store.inner.bucketRecord(bucket);
      if (!record || record.region !== region)
        return fail('NoSuchBucket', 'The specified bucket does not exist.', '/');

      const origin: EventOrigin = {
        requestId,
        sourceIp: '127.0.0.1',
        authorization: headerValue(request.headers, 'authorization') ?? '',
      };
      const params = new Map(query.map(([name, value]) => [name.toLowerCase(), value]));
      const multipart = await handleObjectMultipart(
        { store, uploads, ownerId, ok, fail },
        request,
        bucket,
        key,
        params,
        origin,
      );
      if (multipart) return multipart;
      switch (request.method) {
        case 'PUT':
          return putObject(
            request,
            { bucket, versioned: record.versioning !== undefined },
            key,
            origin,
            ok,
            fail,
          );
        case 'GET':
        case 'HEAD':
          return getObject(request, bucket, key, query, ok, fail);
        case 'DELETE':
          await store.deleteFrom(origin, bucket, key);
          return ok(204);
        default:
          return fail('MethodNotAllowed', `${request.method} is not allowed on an object.`);
      }
    },
  };

  async function handleBucket(args: {
    request: EmulatorRequest;
    bucket: string;
    region: string;
    query: Array<[string, string]>;
    ok: (status: number, headers?: Record<string, string>, body?: Buffer | string) => EmulatorResponse;
    fail: (code: CosErrorCode, message: string, resource?: string) => EmulatorResponse;
  }): Promise<EmulatorResponse> {
    const { request, bucket, region, query, ok, fail } = args;
    const record = await store.inner.bucketRecord(bucket);
    const here = record !== undefined && record.region === region;
    switch (request.method) {
      case 'PUT': {
        if (!BUCKET_NAME.test(bucket)) {
          return fail(
            'InvalidBucketName',
            'The specified bucket is not valid: use <name>-<appid>, lower-case letters, digits and hyphens.',
          );
        }
        if (!bucket.endsWith(`-${context.appId}`)) {
          return fail('AccessDenied', `The bucket's app id is not this account's (${context.appId}).`);
        }
        if (record) return fail('BucketAlreadyExists', 'The requested bucket name is not available.');
        await store.inner.createBucketIn(bucket, region);
        return ok(200);
      }
      case 'HEAD':
        return here
          ? ok(200, { 'x-cos-bucket-region': region })
          : fail('NoSuchBucket', 'The specified bucket does not exist.');
      case 'DELETE': {
        if (!here) return fail('NoSuchBucket', 'The specified bucket does not exist.');
        const outcome = await store.deleteBucket(bucket);
        if (outcome === 'not-empty')
          return fail('BucketNotEmpty', 'The bucket you tried to delete is not empty.');
        return ok(204);
      }
      case 'GET': {
        if (!here) return fail('NoSuchBucket', 'The specified bucket does not exist.');
        const params = new Map(query);
        if (params.has('uploads'))
          return listMultipartUploads({ store, uploads, ownerId, ok, fail }, bucket, params);
        const maxKeysText = params.get('max-keys');
        const maxKeys = maxKeysText === undefined ? 1000 : Number(maxKeysText);
        if (!Number.isInteger(maxKeys) || maxKeys < 0)
          return fail('InvalidArgument', 'max-keys must be an integer from 0 to 1000.');
        const encodingType = params.get('encoding-type');
        if (encodingType !== undefined && encodingType !== 'url') {
          return fail('InvalidArgument', "encoding-type must be 'url'.");
        }
        const listing = {
          prefix: params.get('prefix') ?? '',
          marker: params.get('marker') ?? '',
          delimiter: params.get('delimiter') ?? '',
          maxKeys: Math.min(maxKeys, 1000),
          ...(encodingType === undefined ? {} : { encodingType }),
        };
        const page = await store.list(bucket, listing);
        return ok(200, { 'content-type': 'application/xml' }, listBucketXml(bucket, listing, page, ownerId));
      }
      default:
        return fail('MethodNotAllowed', `${request.method} is not allowed on a bucket.`);
    }
  }

  /**
   * GET and PUT Bucket versioning (docs 436/19888, 436/19889): never enabled answers an empty
   * configuration; once enabled it can only be suspended.
   */
  async function bucketVersioning(
    request: EmulatorRequest,
    bucket: string,
    region: string,
    ok: (status: number, headers?: Record<string, string>, body?: Buffer | string) => EmulatorResponse,
    fail: (code: CosErrorCode, message: string) => EmulatorResponse,
  ): Promise<EmulatorResponse> {
    const record = await store.inner.bucketRecord(bucket);
    if (!record || record.region !== region)
      return fail('NoSuchBucket', 'The specified bucket does not exist.');
    if (request.method === 'GET') {
      const status = record.versioning ? `<Status>${record.versioning}</Status>` : '';
      return ok(
        200,
        { 'content-type': 'application/xml' },
        `<?xml version='1.0' encoding='utf-8' ?>\n<VersioningConfiguration>${status}</VersioningConfiguration>`,
      );
    }
    if (request.method !== 'PUT')
      return fail('MethodNotAllowed', `${request.method} is not allowed on ?versioning.`);
    const body = request.body.toString('utf8');
    if (body.trim() === '') return fail('InvalidArgument', 'The versioning configuration is empty.');
    const status =
      /^\s*(?:<\?xml[^>]*\?>\s*)?<VersioningConfiguration>\s*<Status>([^<]*)<\/Status>\s*<\/VersioningConfiguration>\s*$/.exec(
        body,
      )?.[1];
    if (status !== 'Enabled' && status !== 'Suspended') {
      return fail('InvalidArgument', 'The versioning Status must be Enabled or Suspended.');
    }
    await store.inner.setVersioning(bucket, status);
    return ok(200);
  }

  async function putObject(
    request: EmulatorRequest,
    target: { bucket: string; versioned: boolean },
    key: string,
    origin: EventOrigin,
    ok: (status: number, headers?: Record<string, string>) => EmulatorResponse,
    fail: (code: CosErrorCode, message: string) => EmulatorResponse,
  ): Promise<EmulatorResponse> {
    if (request.body.length > MAX_PUT_BYTES)
      return fail('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
    const md5 = headerValue(request.headers, 'content-md5');
    if (md5 !== undefined) {
      if (!/^[A-Za-z0-9+/]{22}==$/.test(md5))
        return fail('InvalidDigest', 'The Content-MD5 you specified is not valid.');
      if (createHash('md5').update(request.body).digest('base64') !== md5) {
        return fail('BadDigest', 'The Content-MD5 you specified did not match what was received.');
      }
    }
    const forbid = headerValue(request.headers, 'x-cos-forbid-overwrite');
    const kept: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = headerValue(request.headers, name);
      if (value !== undefined && value !== '') kept[name] = value;
    }
    const { bucket } = target;
    const outcome = await store.putFrom(origin, bucket, key, request.body, {
      contentType: headerValue(request.headers, 'content-type') ?? 'application/octet-stream',
      userMeta: userMetaOf(request.headers),
      headers: kept,
      // ASSUMPTION, the safe side: COS ignores x-cos-forbid-overwrite on a bucket whose versioning was
      // ever enabled, suspended included (a public reading of PUT Object, doc 436/7749, says so; IBM
      // COS documents the same for its forbid-overwrite header). The emulator keeps no old versions:
      // the write simply replaces the object.
      forbidOverwrite: forbid?.toLowerCase() === 'true' && !target.versioned,
    });
    if (outcome.result === 'exists')
      return fail('FileAlreadyExists', 'The object already exists and x-cos-forbid-overwrite is true.');
    return ok(200, { etag: `"${outcome.meta?.etag ?? ''}"` });
  }

  async function getObject(
    request: EmulatorRequest,
    bucket: string,
    key: string,
    query: Array<[string, string]>,
    ok: (status: number, headers?: Record<string, string>, body?: Buffer) => EmulatorResponse,
    fail: (code: CosErrorCode, message: string) => EmulatorResponse,
  ): Promise<EmulatorResponse> {
    const head = request.method === 'HEAD';
    const found = head ? await headAsGet(bucket, key) : await store.get(bucket, key);
    if (!found) return fail('NoSuchKey', 'The specified key does not exist.');
    const { meta, body } = found;
    const headers: Record<string, string> = {
      'content-type': meta.contentType,
      etag: `"${meta.etag}"`,
      'last-modified': new Date(meta.lastModified).toUTCString(),
      'accept-ranges': 'bytes',
      'x-cos-storage-class': 'STANDARD',
    };
    for (const [name, value] of Object.entries((meta as StoredMeta).headers ?? {})) headers[name] = value;
    for (const [name, value] of Object.entries(meta.userMeta)) headers[`x-cos-meta-${name}`] = value;
    const params = new Map(query.map(([name, value]) => [name.toLowerCase(), value]));
    for (const name of RESPONSE_OVERRIDES) {
      const value = params.get(`response-${name}`);
      if (value !== undefined) headers[name] = value;
    }
    const ifNoneMatch = headerValue(request.headers, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch.replace(/"/g, '') === meta.etag) return ok(304, headers);
    const ifMatch = headerValue(request.headers, 'if-match');
    if (ifMatch !== undefined && ifMatch.replace(/"/g, '') !== meta.etag) {
      return {
        ...fail('InvalidRequest', 'At least one of the preconditions you specified did not hold.'),
        status: 412,
      };
    }
    const range = parseRange(headerValue(request.headers, 'range'), meta.size);
    if (range === 'unsatisfiable') {
      return fail('InvalidRange', 'The requested range is not satisfiable.');
    }
    if (range === 'ignore') return ok(200, { ...headers, 'content-length': String(meta.size) }, body);
    return ok(
      206,
      {
        ...headers,
        'content-range': `bytes ${range.start}-${range.end}/${meta.size}`,
        'content-length': String(range.end - range.start + 1),
      },
      body.subarray(range.start, range.end + 1),
    );
  }

  async function headAsGet(bucket: string, key: string) {
    const meta = await store.head(bucket, key);
    // HEAD sends headers only; content-length comes from the metadata, not from a body.
    return meta && { meta, body: Buffer.alloc(0) };
  }
}

// Bucket and object sub-resources COS has but the emulator does not serve.
const SUB_RESOURCES = new Set([
  'acl',
  'cors',
  'lifecycle',
  'policy',
  'tagging',
  'versions',
  'website',
  'referer',
  'logging',
  'notification',
  'inventory',
  'replication',
  'encryption',
  'domain',
  'intelligenttiering',
  'append',
  'restore',
  'select',
]);

/**
 * Resolves `.` and `..` segments as RFC 3986 §5.2.4 does for a path, after percent-decoding (so
 * `%2e%2e` counts too). ASSUMPTION, not documented by COS: COS resolves dot segments in the request
 * path. The evidence is cos-nodejs-sdk-v5's `ObjectKeySimplifyCheck` (on by default), which refuses
 * a getObject whose key simplifies to '/' "so that it does not become a GET Bucket"; that can only
 * happen if the path is resolved on the way. Assuming it is the safe side for the pipeline: a key
 * like `output/../cos-transcribe/jobs/x` lands on `cos-transcribe/jobs/x`, and a key that resolves to
 * nothing (`a/..`) addresses the bucket.
 */
function withoutDotSegments(key: string): string {
  const segments = key.split('/');
  if (!segments.some((segment) => segment === '.' || segment === '..')) return key;
  const out: string[] = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '..') out.pop();
    if (segment !== '.' && segment !== '..') out.push(segment);
    // A path ending in a dot segment names a folder: keep its trailing '/'.
    else if (last && out.length > 0) out.push('');
  });
  return out.join('/');
}

/** The object key from the path: everything after the first '/', percent-decoded. */
function decodePath(rawPath: string): string | undefined {
  try {
    return decodeURIComponent(rawPath.replace(/^\//, ''));
  } catch {
    return undefined;
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function userMetaOf(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-cos-meta-') && value !== undefined) {
      meta[name.slice('x-cos-meta-'.length)] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return meta;
}

function listAllBucketsXml(
  buckets: Array<{ name: string; region: string; createdAt: number }>,
  ownerId: string,
): string {
  const entries = buckets.map(
    (bucket) =>
      `\t\t<Bucket>\n\t\t\t<Name>${xmlEscape(bucket.name)}</Name>\n\t\t\t<Location>${bucket.region}</Location>\n` +
      `\t\t\t<CreationDate>${new Date(bucket.createdAt).toISOString()}</CreationDate>\n\t\t</Bucket>`,
  );
  return (
    `<?xml version='1.0' encoding='utf-8' ?>\n<ListAllMyBucketsResult>\n\t<Owner>\n\t\t<ID>${ownerId}</ID>\n` +
    `\t\t<DisplayName>${ownerId}</DisplayName>\n\t</Owner>\n\t<Buckets>\n${entries.join('\n')}\n\t</Buckets>\n</ListAllMyBucketsResult>`
  );
}
