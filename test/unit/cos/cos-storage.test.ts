import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCosStorage, putIdMetadataKey } from '../../../lib/tencent/cos/cos-storage.js';
import { type Credentials, CredentialsError, credentialsFromEnv } from '../../../lib/tencent/credentials.js';
import { TencentApiError, TencentNetworkError } from '../../../lib/tencent/errors.js';
import type { ObjectStorage } from '../../../lib/tencent/object-storage.js';
import { type FakeCos, fakeAccount, startFakeCos } from './fake-cos-server.js';

const bucket = 'media-1250000000';
const region = 'ap-guangzhou';
const noWait = { sleep: async () => {}, random: () => 0 };

let fake: FakeCos;
let storage: ObjectStorage;

function storageWith(credentials: Credentials | (() => Credentials) = fakeAccount, port = fake.port) {
  return createCosStorage({
    region,
    credentials,
    endpoint: { ip: `127.0.0.1:${port}` },
    retry: noWait,
    now: () => 1_800_000_000_000,
  });
}

beforeEach(async () => {
  fake = await startFakeCos();
  storage = storageWith();
});
afterEach(async () => {
  await fake.close();
});

describe('COS storage over our COS transport (lib/tencent/cos/cos-transport.ts)', () => {
  it.each([
    'plain/file.wav',
    'with space/a b.wav',
    'ünïcödé/文件 (1).mp3',
    'plus+and%25percent%.wav',
    "quotes'and*stars!.wav",
    'dots/../up/./here.wav',
    'tilde~under_score-dash.txt',
  ])('writes and reads back the object %j with its type and metadata', async (key) => {
    // Prepare
    const body = Buffer.from(`payload of ${key}`);

    // Act
    const outcome = await storage.put(
      { bucket, key },
      { body, contentType: 'audio/wav', metadata: { source: 'test', 'job-id': 'j1' } },
    );
    const head = await storage.head({ bucket, key });
    const got = await storage.get({ bucket, key });

    // Assess
    expect(outcome).toBe('created');
    expect(fake.objects.has(`${bucket}/${key}`)).toBe(true);
    expect(got?.body.equals(body)).toBe(true);
    expect(head).toMatchObject({ size: body.length, contentType: 'audio/wav' });
    expect(head?.metadata).toEqual({ source: 'test', 'job-id': 'j1' });
    expect(got?.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.requests[0]?.headers.host).toBe(`${bucket}.cos.${region}.myqcloud.com`);
  });

  it('answers undefined for a missing object on head and get', async () => {
    // Act
    const head = await storage.head({ bucket, key: 'missing.wav' });
    const got = await storage.get({ bucket, key: 'missing.wav' });

    // Assess
    expect(head).toBeUndefined();
    expect(got).toBeUndefined();
    expect(fake.requests).toHaveLength(2);
  });

  it('creates an absent object once and then reports it exists without overwriting', async () => {
    // Prepare
    const location = { bucket, key: 'ledger/job-1/claim.json' };

    // Act
    const first = await storage.put(location, {
      body: 'first',
      contentType: 'application/json',
      ifAbsent: true,
    });
    const second = await storage.put(location, {
      body: 'second',
      contentType: 'application/json',
      ifAbsent: true,
    });

    // Assess
    expect([first, second]).toEqual(['created', 'exists']);
    expect((await storage.get(location))?.body.toString()).toBe('first');
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.headers['x-cos-forbid-overwrite'])).toEqual(['true', 'true']);
  });

  it('still reports created when its own write landed but the answer was lost and the retry met 409', async () => {
    // Prepare: the first PUT is stored, then answered with 500, so the transport retries into 409.
    fake.failNext(1, { status: 500, code: 'InternalError', after: true });
    const location = { bucket, key: 'ledger/job-2/claim.json' };

    // Act
    const outcome = await storage.put(location, {
      body: 'mine',
      contentType: 'application/json',
      ifAbsent: true,
    });

    // Assess
    expect(outcome).toBe('created');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect((await storage.head(location))?.metadata).not.toHaveProperty(putIdMetadataKey);
  });

  it("sends concurrent puts at once, not three at a time as the SDK's upload queue did", async () => {
    // Prepare: answers held for 200 ms, so requests in flight together overlap at the server.
    fake.answerDelayMs = 200;
    const keys = Array.from({ length: 12 }, (_, i) => `outputs/file-${i}.srt`);

    // Act
    await Promise.all(
      keys.map((key) => storage.put({ bucket, key }, { body: key, contentType: 'text/plain' })),
    );

    // Assess
    expect(fake.peakInFlight).toBe(12);
    expect(keys.every((key) => fake.objects.has(`${bucket}/${key}`))).toBe(true);
  });

  it('lists every object under a prefix across pages, following the marker', async () => {
    // Prepare
    fake.maxKeysCap = 2;
    const keys = ['in/a.wav', 'in/b c.wav', 'in/ü.wav', 'in/sub/d+e.wav', 'in/z%.wav'];
    for (const key of [...keys, 'out/x.srt', 'inbox.txt']) {
      await storage.put({ bucket, key }, { body: key, contentType: 'text/plain' });
    }
    fake.requests.length = 0;

    // Act
    const listed = await storage.list(bucket, 'in/');
    const limited = await storage.list(bucket, 'in/', { limit: 3 });

    // Assess
    expect(listed.map((o) => o.key)).toEqual([...keys].sort());
    expect(listed.every((o) => o.size > 0 && o.lastModified.getTime() > 0)).toBe(true);
    expect(fake.requests.length).toBeGreaterThanOrEqual(3 + 2);
    expect(limited.map((o) => o.key)).toEqual([...keys].sort().slice(0, 3));
  });

  it('lists correctly from a server that ignores encoding-type=url', async () => {
    // Prepare
    fake.supportsUrlEncoding = false;
    fake.maxKeysCap = 1;
    for (const key of ['p/100%.wav', 'p/a&b.wav']) {
      await storage.put({ bucket, key }, { body: 'x', contentType: 'audio/wav' });
    }

    // Act
    const listed = await storage.list(bucket, 'p/');

    // Assess
    expect(listed.map((o) => o.key)).toEqual(['p/100%.wav', 'p/a&b.wav']);
  });

  it('presigns a GET URL on the real bucket host that the server accepts, with the token and no secret', async () => {
    // Prepare
    const key = 'in/a b+ü.wav';
    await storage.put({ bucket, key }, { body: 'audio', contentType: 'audio/wav' });
    const temporary = storageWith({ ...fakeAccount, token: 'sts/token+=' });

    // Act
    const url = new URL(temporary.presignGet({ bucket, key }, 600));
    const fetched = await fetchVia(fake.port, url);

    // Assess
    expect(url.protocol).toBe('http:');
    expect(url.host).toBe(`${bucket}.cos.${region}.myqcloud.com`);
    expect(url.searchParams.get('x-cos-security-token')).toBe('sts/token+=');
    expect(url.searchParams.get('q-key-time')).toBe(`${1_800_000_000 - 60};${1_800_000_000 + 600}`);
    expect(url.href).not.toContain(fakeAccount.secretKey);
    expect(fetched).toEqual({ status: 200, body: 'audio' });
  });

  it('refuses to presign a key whose dot segments a URL parser would collapse', () => {
    expect(() => storage.presignGet({ bucket, key: 'a/../b.wav' }, 60)).toThrow(/collapse/);
  });

  it('reads the credentials source before every request, so rotated role credentials take effect', async () => {
    // Prepare
    const tokens = ['token-one', 'token-two'];
    let reads = 0;
    const rotating = storageWith(() => ({ ...fakeAccount, token: tokens[reads++ % 2] as string }));

    // Act
    await rotating.head({ bucket, key: 'a' });
    await rotating.head({ bucket, key: 'b' });

    // Assess
    expect(fake.requests.map((r) => r.headers['x-cos-security-token'])).toEqual(tokens);
    expect(String(fake.requests[0]?.headers.authorization)).not.toContain('security-token');
  });

  it('turns a signature rejection into a typed, non-retryable error after one request', async () => {
    // Prepare
    const wrong = storageWith({ secretId: fakeAccount.secretId, secretKey: 'not-the-key' });

    // Act
    const error = await wrong.get({ bucket, key: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentApiError);
    expect(error).toMatchObject({
      action: 'GetObject',
      code: 'SignatureDoesNotMatch',
      httpStatus: 403,
      retryable: false,
      requestId: 'err-1',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("rides out a burst of SlowDown through the transport's retries and the storage's", async () => {
    // Prepare: 5 failures outlast the transport's 4 attempts; the storage's layer starts a second call.
    fake.failNext(5, { status: 503, code: 'SlowDown' });

    // Act
    const head = await storage.head({ bucket, key: 'missing' });

    // Assess
    expect(head).toBeUndefined();
    expect(fake.requests).toHaveLength(6);
  });

  it('gives up on a persistent 500 after 3 calls of 4 attempts each, with a retryable error', async () => {
    // Prepare
    fake.failNext(100, { status: 500, code: 'InternalError' });

    // Act
    const error = await storage.get({ bucket, key: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'InternalError', httpStatus: 500, retryable: true });
    expect(fake.requests).toHaveLength(12);
  });

  it('reports a refused connection as a retryable network error', async () => {
    // Prepare
    const closedPort = fake.port;
    await fake.close();
    const offline = storageWith(fakeAccount, closedPort);

    // Act
    const error = await offline.head({ bucket, key: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentNetworkError);
    expect((error as TencentNetworkError).message).toMatch(/HeadObject failed: network error: ECONNREFUSED/);
  });

  it("passes on the credentials source's own error when it has no credentials to give", async () => {
    // Prepare
    const unconfigured = storageWith(() => credentialsFromEnv({}));

    // Act
    const error = await unconfigured.head({ bucket, key: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CredentialsError);
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects metadata that HTTP headers cannot carry before sending anything', async () => {
    await expect(
      storage.put({ bucket, key: 'k' }, { body: '', contentType: 'text/plain', metadata: { title: 'café' } }),
    ).rejects.toThrow(/printable ASCII/);
    expect(fake.requests).toHaveLength(0);
  });
});

/** GETs a URL by dialing the fake while sending the URL's own host, as ASR would reach real COS. */
function fetchVia(port: number, url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: `${url.pathname}${url.search}`, headers: { host: url.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
