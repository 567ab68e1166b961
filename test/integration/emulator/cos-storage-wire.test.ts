/**
 * The storage's own COS transport (lib/tencent/cos/cos-transport.ts) against the emulator, which
 * checks signatures like COS, through a recording proxy that shows what went over the wire: odd keys
 * round-trip and read the same through the official SDK, requests look like the SDK's, a reset or a 5xx
 * is retried, a skewed clock is corrected, a silent server times out, and a session token travels
 * unsigned in `x-cos-security-token`.
 */
import type COS from 'cos-nodejs-sdk-v5';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCosAuthorization } from '../../../lib/sign/cos-sign.js';
import { createCosStorage } from '../../../lib/tencent/cos/cos-storage.js';
import type { Credentials } from '../../../lib/tencent/credentials.js';
import { TencentNetworkError } from '../../../lib/tencent/errors.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { BUCKET, cosClient, type Harness, HOST, REGION, startHarness } from './cos-harness.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

const account: Credentials = { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY };
const noWait = { sleep: async () => {}, random: () => 0 };

let harness: Harness | undefined;
let proxy: RecordingProxy | undefined;

/** An emulator (its clock `offsetMs` from ours) behind a recording proxy. */
async function start(offsetMs = 0) {
  harness = await startHarness(offsetMs ? { now: () => Date.now() + offsetMs } : {});
  proxy = await startRecordingProxy(harness.emulator.port);
  return { harness, proxy };
}

function storageVia(
  port: number,
  options: { credentials?: Credentials | (() => Credentials); timeoutMs?: number } = {},
) {
  return createCosStorage({
    region: REGION,
    credentials: options.credentials ?? account,
    endpoint: { ip: `127.0.0.1:${port}` },
    retry: noWait,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

afterEach(async () => {
  await proxy?.close();
  await harness?.stop();
  proxy = undefined;
  harness = undefined;
});

describe('odd object keys', () => {
  const keys = [
    'odd/carriage\rreturn.txt',
    'odd/line\nfeed and\ttab.txt',
    'odd/ünïcödé 文件 😀.txt',
    'odd/plus+percent%25 and %.txt',
    'odd/with  two  spaces .txt',
    "odd/quotes'and*stars!(1).txt",
    'odd/xml <&> "specials".txt',
    'odd/..hidden/a..b/c...txt',
    'odd/~tilde_under-dash.txt',
    `odd/${'long-'.repeat(160)}.txt`,
  ];

  it('round-trip through put, head, get and list, and read the same through the official SDK', async () => {
    // Prepare
    const { harness } = await start();
    const storage = storageVia(harness.emulator.port);
    const sdk = cosClient(harness.emulator.port);

    // Act
    for (const key of keys) {
      await storage.put(
        { bucket: BUCKET, key },
        { body: `body of ${key}`, contentType: 'text/plain; charset=utf-8', metadata: { source: 'wire' } },
      );
    }
    const heads = await Promise.all(keys.map((key) => storage.head({ bucket: BUCKET, key })));
    const gets = await Promise.all(keys.map((key) => storage.get({ bucket: BUCKET, key })));
    const listed = await storage.list(BUCKET, 'odd/');
    const viaSdk = await Promise.all(
      keys.map((key) => sdk.getObject({ Bucket: BUCKET, Region: REGION, Key: key })),
    );

    // Assess
    expect(listed.map((object) => object.key)).toEqual([...keys].sort());
    expect(gets.map((object) => object?.body.toString())).toEqual(keys.map((key) => `body of ${key}`));
    expect(heads.map((head) => head?.metadata)).toEqual(keys.map(() => ({ source: 'wire' })));
    expect(heads.map((head) => head?.contentType)).toEqual(keys.map(() => 'text/plain; charset=utf-8'));
    expect(viaSdk.map((answer) => String(answer.Body))).toEqual(keys.map((key) => `body of ${key}`));
    expect(listed.map((object) => object.etag)).toEqual(
      [...keys].sort().map((key) => heads[keys.indexOf(key)]?.etag),
    );
  });

  it('are listed across pages, a limit stopping early', async () => {
    // Prepare
    const { harness } = await start();
    const storage = storageVia(harness.emulator.port);
    for (const key of keys)
      await storage.put({ bucket: BUCKET, key }, { body: 'x', contentType: 'text/plain' });

    // Act
    const limited = await storage.list(BUCKET, 'odd/', { limit: 3 });

    // Assess
    expect(limited.map((object) => object.key)).toEqual([...keys].sort().slice(0, 3));
  });
});

describe('what goes over the wire', () => {
  it('is what the official SDK sends: the same path, signed headers and parameters, on the real bucket host', async () => {
    // Prepare: the same calls by the SDK and by the storage, both through the proxy.
    const { proxy } = await start();
    const storage = storageVia(proxy.port);
    const sdk = cosClient(proxy.port);
    const key = "in/a b+c%d/ü/../e'(f)*!.wav";
    const metadata = { 'x-cos-meta-source': 'wire' };

    // Act
    await sdk.putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: key,
      Body: Buffer.from('x'),
      ContentType: 'audio/wav',
      Headers: metadata,
    } as COS.PutObjectParams);
    await storage.put(
      { bucket: BUCKET, key },
      { body: 'x', contentType: 'audio/wav', metadata: { source: 'wire' } },
    );
    await sdk.headObject({ Bucket: BUCKET, Region: REGION, Key: key });
    await storage.head({ bucket: BUCKET, key });
    await sdk.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: 'in/', MaxKeys: 10, EncodingType: 'url' });
    await storage.list(BUCKET, 'in/', { limit: 10 });
    await sdk.getBucketVersioning({ Bucket: BUCKET, Region: REGION });
    await storage.versioning(BUCKET);

    // Assess
    const wire = proxy.seen.map((request) => {
      const auth = parseCosAuthorization(String(request.headers.authorization));
      return {
        method: request.method,
        path: request.rawPath.split('?')[0],
        params: [...new URLSearchParams(request.rawPath.split('?')[1] ?? '').keys()].sort(),
        host: request.headers.host,
        headerList: auth?.headerList,
        urlParamList: auth?.urlParamList,
      };
    });
    const [sdkPut, ourPut, sdkHead, ourHead, sdkList, ourList, sdkVersioning, ourVersioning] = wire;
    expect(ourPut).toEqual(sdkPut);
    expect(ourHead).toEqual(sdkHead);
    expect(ourVersioning).toEqual(sdkVersioning);
    expect(ourList).toEqual(sdkList);
    expect(ourPut?.path).toBe('/in/a%20b%2Bc%25d/%C3%BC/../e%27%28f%29%2A%21.wav');
    expect(ourPut?.host).toBe(HOST);
    expect(ourPut?.headerList).toEqual(['content-length', 'content-type', 'host', 'x-cos-meta-source']);
  });

  it('carries a session token in x-cos-security-token, outside the signature, read afresh for each request', async () => {
    // Prepare: two temporary keys, as SCF rotates a role's credentials.
    const { harness, proxy } = await start();
    const first = harness.emulator.accounts.issueTemporary(1800);
    const second = harness.emulator.accounts.issueTemporary(1800);
    let current = first;
    const storage = storageVia(proxy.port, { credentials: () => current });
    const tokenless = storageVia(proxy.port, {
      credentials: { secretId: first.secretId, secretKey: first.secretKey },
    });

    // Act
    await storage.put({ bucket: BUCKET, key: 'sts/a.txt' }, { body: 'a', contentType: 'text/plain' });
    current = second;
    const read = await storage.get({ bucket: BUCKET, key: 'sts/a.txt' });
    const refused = await tokenless
      .head({ bucket: BUCKET, key: 'sts/a.txt' })
      .catch((error: unknown) => error);

    // Assess
    expect(read?.body.toString()).toBe('a');
    expect(proxy.seen.slice(0, 2).map((request) => request.headers['x-cos-security-token'])).toEqual([
      first.token,
      second.token,
    ]);
    expect(
      proxy.seen.map((request) => parseCosAuthorization(String(request.headers.authorization))?.headerList),
    ).not.toContainEqual(expect.arrayContaining(['x-cos-security-token']));
    expect(refused).toMatchObject({ action: 'HeadObject', httpStatus: 403, retryable: false });
    expect(String(refused)).not.toContain(first.secretKey);
  });
});

describe('failures the transport rides out', () => {
  it('retries a reset connection and a 500 at once, as the SDK did, and the write lands once', async () => {
    // Prepare
    const { proxy } = await start();
    const storage = storageVia(proxy.port);
    proxy.spoilNext('reset', 'http-500');

    // Act
    const outcome = await storage.put(
      { bucket: BUCKET, key: 'retry/claim.json' },
      { body: '{}', contentType: 'application/json', ifAbsent: true },
    );
    const again = await storage.put(
      { bucket: BUCKET, key: 'retry/claim.json' },
      { body: '{}', contentType: 'application/json', ifAbsent: true },
    );

    // Assess
    expect([outcome, again]).toEqual(['created', 'exists']);
    expect(proxy.seen.slice(0, 3).map((request) => request.method)).toEqual(['PUT', 'PUT', 'PUT']);
  });

  it('times out an attempt the server leaves unanswered and retries it', async () => {
    // Prepare
    const { proxy } = await start();
    const storage = storageVia(proxy.port, { timeoutMs: 300 });
    proxy.spoilNext('silence');

    // Act
    const head = await storage.head({ bucket: BUCKET, key: 'nothing-here' });

    // Assess
    expect(head).toBeUndefined();
    expect(proxy.seen).toHaveLength(2);
  });

  it('gives up after 4 attempts per call and 3 calls with a retryable network error', async () => {
    // Prepare
    const { proxy } = await start();
    const storage = storageVia(proxy.port);
    proxy.spoilNext(...Array.from({ length: 12 }, () => 'reset' as const));

    // Act
    const error = await storage.get({ bucket: BUCKET, key: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(String(error)).toMatch(/^TencentNetworkError: GetObject failed: network error: ECONNRESET: /);
    expect(proxy.seen).toHaveLength(12);
  });

  it('refuses an answer that is not the XML COS promises, without retrying it', async () => {
    // Prepare
    const { proxy } = await start();
    const storage = storageVia(proxy.port);
    proxy.spoilNext('html-200');

    // Act
    const error = await storage.list(BUCKET, 'in/').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ action: 'GetBucket', code: 'InvalidResponse', retryable: false });
    expect(proxy.seen).toHaveLength(1);
  });

  it.each([
    ['ahead of the server (RequestTimeTooSkewed)', -60 * 60_000],
    ['behind the server (Request has expired)', 2 * 60 * 60_000],
  ])('adopts the server clock when ours is %s, and keeps it', async (_, serverOffsetMs) => {
    // Prepare
    const { proxy } = await start(serverOffsetMs);
    const storage = storageVia(proxy.port);

    // Act
    await storage.put({ bucket: BUCKET, key: 'skew/a.txt' }, { body: 'a', contentType: 'text/plain' });
    const read = await storage.get({ bucket: BUCKET, key: 'skew/a.txt' });

    // Assess: one refused PUT, its retry, and a GET signed with the learnt clock at once.
    expect(read?.body.toString()).toBe('a');
    expect(proxy.seen.map((request) => request.method)).toEqual(['PUT', 'PUT', 'GET']);
  });
});
