/**
 * COS multipart upload, which cos-nodejs-sdk-v5's `uploadFile` / `sliceUploadFile` use for any file
 * over 1 MB: InitiateMultipartUpload (POST ?uploads), UploadPart (PUT ?partNumber&uploadId), ListParts
 * (GET ?uploadId), CompleteMultipartUpload (POST ?uploadId with the part list), AbortMultipartUpload
 * (DELETE ?uploadId) and ListMultipartUploads (GET bucket ?uploads, which the SDK uses to resume).
 * Rules as COS states them: part numbers 1..10000, every part but the last at least 1 MB, the completion
 * list in ascending order naming existing parts with their ETags; the object's ETag is then
 * "<md5 of the parts' binary MD5s>-<count>" and its event is cos:ObjectCreated:CompleteMultipartUpload.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { EmulatorRequest, EmulatorResponse } from '../service.js';
import type { FileObjectStore } from '../store/file-store.js';
import type { MultipartStore } from '../store/multipart-store.js';
import type { EventOrigin, NotifyingStore } from '../store/object-events.js';
import type { CosErrorCode } from './cos-errors.js';
import { xmlEscape } from './xml.js';

const MIN_PART_BYTES = 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

type Ok = (status: number, headers?: Record<string, string>, body?: Buffer | string) => EmulatorResponse;
type Fail = (code: CosErrorCode, message: string) => EmulatorResponse;

/** What the handlers share. */
export interface MultipartDeps {
  readonly store: NotifyingStore<FileObjectStore>;
  readonly uploads: MultipartStore;
  readonly ownerId: string;
  readonly ok: Ok;
  readonly fail: Fail;
}

/** Answers a multipart request on an object, or undefined when the request is not one. */
export async function handleObjectMultipart(
  deps: MultipartDeps,
  request: EmulatorRequest,
  bucket: string,
  key: string,
  params: ReadonlyMap<string, string>,
  origin: EventOrigin,
): Promise<EmulatorResponse | undefined> {
  const { ok, fail, uploads } = deps;
  const uploadId = params.get('uploadid');
  if (request.method === 'POST' && params.has('uploads')) {
    const upload = await uploads.initiate(bucket, {
      key,
      contentType: header(request, 'content-type') || 'application/octet-stream',
      userMeta: userMetaOf(request),
    });
    return ok(
      200,
      { 'content-type': 'application/xml' },
      xml('InitiateMultipartUploadResult', [
        ['Bucket', bucket],
        ['Key', key],
        ['UploadId', upload.uploadId],
      ]),
    );
  }
  if (uploadId === undefined) return undefined;

  const upload = await uploads.describe(bucket, uploadId);
  if (!upload || upload.key !== key) {
    return fail('NoSuchUpload', 'The specified multipart upload does not exist.');
  }
  switch (request.method) {
    case 'PUT': {
      const partNumber = Number(params.get('partnumber'));
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
        return fail('InvalidArgument', `partNumber must be an integer from 1 to ${MAX_PART_NUMBER}.`);
      }
      const md5 = header(request, 'content-md5');
      if (md5 !== undefined && createHash('md5').update(request.body).digest('base64') !== md5) {
        return fail('BadDigest', 'The Content-MD5 you specified did not match what was received.');
      }
      const part = await uploads.putPart(bucket, uploadId, partNumber, request.body);
      return ok(200, { etag: `"${part.etag}"` });
    }
    case 'GET': {
      const parts = await uploads.listParts(bucket, uploadId);
      const marker = Number(params.get('part-number-marker') ?? 0);
      const maxParts = Math.min(Number(params.get('max-parts') ?? 1000), 1000);
      const after = parts.filter((part) => part.partNumber > marker);
      const page = after.slice(0, maxParts);
      const truncated = after.length > page.length;
      const owner = `<ID>${deps.ownerId}</ID><DisplayName>${deps.ownerId}</DisplayName>`;
      return ok(
        200,
        { 'content-type': 'application/xml' },
        xml('ListPartsResult', [
          ['Bucket', bucket],
          ['Key', key],
          ['UploadId', uploadId],
          ['Initiator', owner, true],
          ['Owner', owner, true],
          ['StorageClass', 'STANDARD'],
          ['PartNumberMarker', String(marker)],
          ['NextPartNumberMarker', String(page.at(-1)?.partNumber ?? marker)],
          ['MaxParts', String(maxParts)],
          ['IsTruncated', String(truncated)],
          ...page.map(
            (part) =>
              [
                'Part',
                `<PartNumber>${part.partNumber}</PartNumber><LastModified>${new Date(part.lastModified).toISOString()}</LastModified>` +
                  `<ETag>&quot;${part.etag}&quot;</ETag><Size>${part.size}</Size>`,
                true,
              ] as const,
          ),
        ]),
      );
    }
    case 'DELETE':
      await uploads.remove(bucket, uploadId);
      return ok(204);
    case 'POST':
      return complete(deps, request, bucket, key, uploadId, origin);
    default:
      return fail('MethodNotAllowed', `${request.method} is not allowed on a multipart upload.`);
  }
}

/** ListMultipartUploads on a bucket (GET /?uploads), filtered by prefix; one page. */
export async function listMultipartUploads(
  deps: MultipartDeps,
  bucket: string,
  params: ReadonlyMap<string, string>,
): Promise<EmulatorResponse> {
  const prefix = params.get('prefix') ?? '';
  const uploads = (await deps.uploads.listUploads(bucket)).filter((upload) => upload.key.startsWith(prefix));
  const owner = `<ID>${deps.ownerId}</ID><DisplayName>${deps.ownerId}</DisplayName>`;
  return deps.ok(
    200,
    { 'content-type': 'application/xml' },
    xml('ListMultipartUploadsResult', [
      ['Bucket', bucket],
      ['Encoding-Type', ''],
      ['KeyMarker', params.get('key-marker') ?? ''],
      ['UploadIdMarker', params.get('upload-id-marker') ?? ''],
      ['MaxUploads', params.get('max-uploads') ?? '1000'],
      ['Prefix', prefix],
      ['IsTruncated', 'false'],
      ...uploads.map(
        (upload) =>
          [
            'Upload',
            `<Key>${xmlEscape(upload.key)}</Key><UploadId>${upload.uploadId}</UploadId><StorageClass>STANDARD</StorageClass>` +
              `<Initiator>${owner}</Initiator><Owner>${owner}</Owner><Initiated>${new Date(upload.initiated).toISOString()}</Initiated>`,
            true,
          ] as const,
      ),
    ]),
  );
}

async function complete(
  deps: MultipartDeps,
  request: EmulatorRequest,
  bucket: string,
  key: string,
  uploadId: string,
  origin: EventOrigin,
): Promise<EmulatorResponse> {
  const { ok, fail, uploads, store } = deps;
  const listed = parseCompletion(request.body.toString('utf8'));
  if (!listed)
    return fail(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  const stored = new Map((await uploads.listParts(bucket, uploadId)).map((part) => [part.partNumber, part]));
  if (listed.some((entry, index) => index > 0 && entry.partNumber <= (listed[index - 1]?.partNumber ?? 0))) {
    return fail('InvalidPartOrder', 'The list of parts was not in ascending order.');
  }
  const bodies: Buffer[] = [];
  const digests: Buffer[] = [];
  for (const [index, entry] of listed.entries()) {
    const part = stored.get(entry.partNumber);
    if (!part || part.etag !== entry.etag) {
      return fail('InvalidPart', `Part ${entry.partNumber} was not uploaded, or its ETag does not match.`);
    }
    if (index < listed.length - 1 && part.size < MIN_PART_BYTES) {
      return fail(
        'EntityTooSmall',
        `Part ${entry.partNumber} is smaller than the 1 MB minimum for all but the last part.`,
      );
    }
    const body = await uploads.readPart(bucket, uploadId, entry.partNumber);
    if (!body) return fail('InvalidPart', `Part ${entry.partNumber} disappeared while completing.`);
    bodies.push(body);
    digests.push(Buffer.from(part.etag, 'hex'));
  }
  const upload = await uploads.describe(bucket, uploadId);
  if (!upload) return fail('NoSuchUpload', 'The specified multipart upload does not exist.');
  const etag = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${listed.length}`;
  const outcome = await store.putFrom(
    { ...origin, eventName: 'cos:ObjectCreated:CompleteMultipartUpload' },
    bucket,
    key,
    Buffer.concat(bodies),
    {
      contentType: upload.contentType,
      userMeta: upload.userMeta,
      forbidOverwrite: header(request, 'x-cos-forbid-overwrite')?.toLowerCase() === 'true',
      etag,
    },
  );
  if (outcome.result === 'exists')
    return fail('FileAlreadyExists', 'The object already exists and x-cos-forbid-overwrite is true.');
  await uploads.remove(bucket, uploadId);
  return ok(
    200,
    { 'content-type': 'application/xml' },
    xml('CompleteMultipartUploadResult', [
      ['Location', `${request.host}/${encodeURIComponent(key).replace(/%2F/g, '/')}`],
      ['Bucket', bucket],
      ['Key', key],
      ['ETag', `&quot;${etag}&quot;`, true],
    ]),
  );
}

const parser = new XMLParser({ parseTagValue: false, trimValues: true });

/** The completion request's parts, or undefined when the body is not a CompleteMultipartUpload. */
function parseCompletion(text: string): Array<{ partNumber: number; etag: string }> | undefined {
  let document: { CompleteMultipartUpload?: { Part?: unknown } };
  try {
    document = parser.parse(text);
  } catch {
    return undefined;
  }
  const raw = document.CompleteMultipartUpload?.Part;
  // One part parses as an object, several as an array.
  const parts = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const listed: Array<{ partNumber: number; etag: string }> = [];
  for (const part of parts as Array<{ PartNumber?: unknown; ETag?: unknown }>) {
    const partNumber = Number(part.PartNumber);
    if (!Number.isInteger(partNumber) || typeof part.ETag !== 'string') return undefined;
    listed.push({ partNumber, etag: part.ETag.replace(/&quot;|"/g, '') });
  }
  return listed.length > 0 ? listed : undefined;
}

function xml(root: string, fields: ReadonlyArray<readonly [string, string, boolean?]>): string {
  const body = fields
    .map(([name, value, raw]) => `\t<${name}>${raw ? value : xmlEscape(value)}</${name}>`)
    .join('\n');
  return `<?xml version='1.0' encoding='utf-8' ?>\n<${root}>\n${body}\n</${root}>`;
}

function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function userMetaOf(request: EmulatorRequest): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-cos-meta-') && value !== undefined) {
      meta[name.slice('x-cos-meta-'.length)] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return meta;
}
