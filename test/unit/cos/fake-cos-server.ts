/**
 * A loopback COS stand-in for unit tests: keeps objects in memory, answers with COS's documented XML
 * shapes (doc 436/7730 errors, 436/7734 list), records every request, and checks each signature with
 * the official SDK signer (`COS.getAuthorization`) so a wrong signature fails the test like real COS.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFakeQuery, qSignatureValid } from './q-sign-fake-check.js';

export interface RecordedRequest {
  readonly method: string;
  readonly rawUrl: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

interface StoredEntry {
  readonly body: Buffer;
  readonly contentType: string;
  readonly meta: Record<string, string>;
  readonly etag: string;
  readonly lastModified: string;
}

/** A canned answer the next matching requests get instead of the normal one. */
interface Fault {
  readonly status: number;
  readonly code: string;
  /** Applied before (default) or after the request's normal effect (a lost response). */
  readonly after?: boolean;
}

export interface FakeCos {
  readonly port: number;
  readonly requests: RecordedRequest[];
  readonly objects: Map<string, StoredEntry>;
  /** Make the next `count` requests fail with `status`/`code`. */
  failNext(count: number, fault: Fault): void;
  /** Page size cap, to force paging with few objects. */
  maxKeysCap: number;
  /** When false, list ignores encoding-type=url (like a server that does not support it). */
  supportsUrlEncoding: boolean;
  /** Hold every answer this long, so concurrent requests overlap. */
  answerDelayMs: number;
  /** The most requests that were being answered at one time. */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

export const fakeAccount = { secretId: 'AKIDfakecos0000000000', secretKey: 'fake-cos-secret-key' } as const;

/** Starts the fake on an ephemeral 127.0.0.1 port. */
export async function startFakeCos(): Promise<FakeCos> {
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, StoredEntry>();
  const faults: Fault[] = [];
  let server: Server | undefined;
  const fake: FakeCos = {
    port: 0,
    requests,
    objects,
    maxKeysCap: 1000,
    supportsUrlEncoding: true,
    answerDelayMs: 0,
    peakInFlight: 0,
    failNext(count, fault) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    close: () => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
  let inFlight = 0;
  server = createServer((req, res) => {
    inFlight++;
    (fake as { peakInFlight: number }).peakInFlight = Math.max(fake.peakInFlight, inFlight);
    res.on('finish', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rawUrl = req.url ?? '/';
      requests.push({ method: req.method ?? '', rawUrl, headers: req.headers, body });
      const answer = (status: number, headers: Record<string, string>, payload: Buffer | string = '') => {
        setTimeout(() => {
          res.writeHead(status, { 'x-cos-request-id': `req-${requests.length}`, ...headers });
          res.end(req.method === 'HEAD' ? undefined : payload);
        }, fake.answerDelayMs);
      };
      const error = (status: number, code: string, message = code) =>
        answer(
          status,
          { 'content-type': 'application/xml' },
          `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${req.headers.host}${rawUrl}</Resource><RequestId>err-${requests.length}</RequestId><TraceId>trace</TraceId></Error>`,
        );

      const [rawPath = '/', rawQuery = ''] = rawUrl.split('?', 2) as [string, string?];
      const path = rawPath.split('/').map(decodeURIComponent).join('/');
      const query = parseFakeQuery(rawQuery);
      if (!qSignatureValid(req, path, query, fakeAccount, { queryForm: true }))
        return error(403, 'SignatureDoesNotMatch');

      const fault = faults.shift();
      if (fault && !fault.after) return error(fault.status, fault.code);
      const bucket = (req.headers.host ?? '').split('.')[0] ?? '';
      const id = `${bucket}${path}`;

      if (path === '/' && req.method === 'GET') {
        const prefix = query.get('prefix') ?? '';
        const marker = query.get('marker') ?? '';
        const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), fake.maxKeysCap);
        const encode = fake.supportsUrlEncoding && query.get('encoding-type') === 'url';
        const keys = [...objects.keys()]
          .filter((k) => k.startsWith(`${bucket}/`))
          .map((k) => k.slice(bucket.length + 1))
          .filter((k) => k.startsWith(prefix) && k > marker)
          .sort();
        const page = keys.slice(0, maxKeys);
        const truncated = keys.length > page.length;
        const enc = (k: string) => (encode ? encodeURIComponent(k) : xmlEscape(k));
        const contents = page
          .map((k) => {
            const o = objects.get(`${bucket}/${k}`) as StoredEntry;
            return `<Contents><Key>${enc(k)}</Key><LastModified>${o.lastModified}</LastModified><ETag>"${o.etag}"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        const next = truncated ? `<NextMarker>${enc(page.at(-1) ?? '')}</NextMarker>` : '';
        return answer(
          200,
          { 'content-type': 'application/xml' },
          `<?xml version='1.0' encoding='utf-8' ?>\n<ListBucketResult><Name>${bucket}</Name>${encode ? '<EncodingType>url</EncodingType>' : ''}<Prefix>${enc(prefix)}</Prefix><Marker>${enc(marker)}</Marker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`,
        );
      }
      if (req.method === 'PUT') {
        if (req.headers['x-cos-forbid-overwrite'] === 'true' && objects.has(id)) {
          return error(409, 'FileAlreadyExists', 'The object already exists.');
        }
        const meta: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (name.startsWith('x-cos-meta-') && typeof value === 'string') meta[name] = value;
        }
        const etag = createHash('md5').update(body).digest('hex');
        objects.set(id, {
          body,
          contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
          meta,
          etag,
          lastModified: new Date(1_700_000_000_000 + objects.size * 1000).toUTCString(),
        });
        if (fault?.after) return error(fault.status, fault.code);
        return answer(200, { etag: `"${etag}"` });
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const stored = objects.get(id);
        if (!stored) return error(404, 'NoSuchKey', 'The specified key does not exist.');
        return answer(
          200,
          {
            'content-type': stored.contentType,
            'content-length': String(stored.body.length),
            etag: `"${stored.etag}"`,
            'last-modified': stored.lastModified,
            ...stored.meta,
          },
          stored.body,
        );
      }
      return error(405, 'MethodNotAllowed');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  (fake as { port: number }).port = (server.address() as AddressInfo).port;
  return fake;
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
