/**
 * The official cos-nodejs-sdk-v5 client works against the emulator unchanged except for where it
 * connects: objects go in and come back byte for byte with their metadata, listings page and roll up
 * like COS, ranges and presigned URLs work, and forbid-overwrite refuses a second create.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type COS from 'cos-nodejs-sdk-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, cosClient, type Harness, REGION, sdkErrorCode, startHarness } from './cos-harness.js';

let harness: Harness;
let cos: COS;

beforeAll(async () => {
  harness = await startHarness();
  cos = cosClient(harness.emulator.port);
});
afterAll(() => harness.stop());

const ODD_KEYS = [
  'plain.txt',
  'with space/and more spaces.wav',
  'unicode/腾讯云/音频 ü é.mp3',
  'plus+sign+.txt',
  'percent%20literal%.txt',
  'double//slash',
  'trailing-slash-dir/',
  'deep/a/b/c/d/e/f/g/h/i/j/k.txt',
  "quote'sand(parens)*!.txt",
  'emoji-😀.txt',
];

describe('the official COS client against the emulator', () => {
  it('puts, heads and gets an object with its content type, metadata and MD5 ETag', async () => {
    // Prepare
    const body = Buffer.from('hello from the emulator\n');

    // Act
    const put = await cos.putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'inbox/hello.txt',
      Body: body,
      ContentType: 'text/plain; charset=utf-8',
      Headers: { 'x-cos-meta-origin': 'test-suite' },
      ContentDisposition: 'attachment; filename="hello.txt"',
      CacheControl: 'max-age=60',
    });
    const head = await cos.headObject({ Bucket: BUCKET, Region: REGION, Key: 'inbox/hello.txt' });
    const got = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'inbox/hello.txt' });

    // Assess
    expect(put.ETag).toBe(head.ETag);
    expect(got.Body.equals(body)).toBe(true);
    expect(head.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(head.headers?.['x-cos-meta-origin']).toBe('test-suite');
    expect(got.headers?.['content-disposition']).toBe('attachment; filename="hello.txt"');
    expect(head.headers?.['cache-control']).toBe('max-age=60');
    expect(head.headers?.['content-length']).toBe(String(body.length));
    expect(got.headers?.['x-cos-request-id']).toBeTruthy();
    expect(head.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
  });

  it('stores keys with spaces, unicode, +, % and deep paths and lists them back exactly, in COS order', async () => {
    // Prepare
    const prefix = 'odd/';

    // Act
    for (const key of ODD_KEYS) {
      await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: `${prefix}${key}`, Body: `body of ${key}` });
    }
    const listed = await cos.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: prefix });
    const bodies = await Promise.all(
      ODD_KEYS.map(async (key) =>
        (await cos.getObject({ Bucket: BUCKET, Region: REGION, Key: `${prefix}${key}` })).Body.toString(),
      ),
    );

    // Assess
    const expected = ODD_KEYS.map((key) => `${prefix}${key}`).sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    expect(listed.Contents.map((item) => item.Key)).toEqual(expected);
    expect(bodies).toEqual(ODD_KEYS.map((key) => `body of ${key}`));
  });

  it('resolves . and .. path segments as COS does, so a key can climb out of its folder', async () => {
    // Prepare: the assumption local/cos/cos-service.ts documents (COS resolves dot segments).
    const written = ['climb/output/../ledger/jobs/x.json', 'climb/a/./b/%2e%2e/c.txt', 'climb/../top.txt'];

    // Act
    for (const key of written) await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: key, Body: key });
    const listed = await cos.getBucket({ Bucket: BUCKET, Region: REGION, Prefix: '' });
    const keys = listed.Contents.map((item) => item.Key);

    // Assess: the encoded dots of the second key are literal characters of the key (the SDK escapes '%').
    expect(keys).toContain('climb/ledger/jobs/x.json');
    expect(keys).toContain('climb/a/b/%2e%2e/c.txt');
    expect(keys).toContain('top.txt');
    expect(keys.filter((key) => key.split('/').some((s) => s === '.' || s === '..'))).toEqual([]);
  });

  it('refuses a key over 850 bytes with KeyTooLong, and stores one of exactly 850', async () => {
    // Prepare
    const longest = `long/${'é'.repeat(422)}.t`; // 5 + 844 + 2 bytes
    const fits = `long/${'é'.repeat(421)}.tx`; // 5 + 842 + 3 bytes

    // Act
    const refused = await cos
      .putObject({ Bucket: BUCKET, Region: REGION, Key: longest, Body: 'x' })
      .catch((error: { statusCode?: number; code?: string }) => error);
    const stored = await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: fits, Body: 'x' });

    // Assess
    expect(Buffer.byteLength(longest)).toBe(851);
    expect(Buffer.byteLength(fits)).toBe(850);
    expect(refused).toMatchObject({ statusCode: 400, code: 'KeyTooLong' });
    expect(stored.statusCode).toBe(200);
  });

  it('pages a listing with max-keys and marker, and rolls keys up into CommonPrefixes with a delimiter', async () => {
    // Prepare
    const keys = ['page/a/1', 'page/a/2', 'page/b/1', 'page/c', 'page/d', 'page/e/1'];
    for (const key of keys) await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: key, Body: key });

    // Act
    const seen: string[] = [];
    let marker = '';
    let pages = 0;
    for (;;) {
      const page = await cos.getBucket({
        Bucket: BUCKET,
        Region: REGION,
        Prefix: 'page/',
        MaxKeys: 4,
        Marker: marker,
      });
      pages++;
      seen.push(...page.Contents.map((item) => item.Key));
      if (page.IsTruncated !== 'true') break;
      marker = page.NextMarker ?? '';
    }
    const rolled = await cos.getBucket({
      Bucket: BUCKET,
      Region: REGION,
      Prefix: 'page/',
      Delimiter: '/',
      MaxKeys: 3,
    });
    const rest = await cos.getBucket({
      Bucket: BUCKET,
      Region: REGION,
      Prefix: 'page/',
      Delimiter: '/',
      Marker: rolled.NextMarker ?? '',
    });

    // Assess
    expect(pages).toBe(2);
    expect(seen).toEqual(keys);
    expect(rolled.CommonPrefixes.map((item) => item.Prefix)).toEqual(['page/a/', 'page/b/']);
    expect(rolled.Contents.map((item) => item.Key)).toEqual(['page/c']);
    expect(rolled.IsTruncated).toBe('true');
    expect(rolled.NextMarker).toBe('page/c');
    expect(rest.Contents.map((item) => item.Key)).toEqual(['page/d']);
    expect(rest.CommonPrefixes.map((item) => item.Prefix)).toEqual(['page/e/']);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    // Prepare
    await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'range.bin', Body: '0123456789' });

    // Act
    const middle = await cos.getObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'range.bin',
      Range: 'bytes=2-5',
    });
    const tail = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'range.bin', Range: 'bytes=-3' });
    const past = await sdkErrorCode(
      cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'range.bin', Range: 'bytes=50-' }),
    );

    // Assess
    expect(middle.statusCode).toBe(206);
    expect(middle.Body.toString()).toBe('2345');
    expect(middle.headers?.['content-range']).toBe('bytes 2-5/10');
    expect(tail.Body.toString()).toBe('789');
    expect(past).toBe('InvalidRange');
  });

  it('deletes objects (twice is fine) and then answers NoSuchKey', async () => {
    // Prepare
    await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'gone.txt', Body: 'x' });

    // Act
    const first = await cos.deleteObject({ Bucket: BUCKET, Region: REGION, Key: 'gone.txt' });
    const second = await cos.deleteObject({ Bucket: BUCKET, Region: REGION, Key: 'gone.txt' });
    const after = await sdkErrorCode(cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'gone.txt' }));

    // Assess
    expect(first.statusCode).toBe(204);
    expect(second.statusCode).toBe(204);
    expect(after).toBe('NoSuchKey');
  });

  it('refuses a second create with x-cos-forbid-overwrite and keeps the first body', async () => {
    // Prepare
    const Key = 'ledger/job-1.json';
    await cos.putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key,
      Body: 'first',
      Headers: { 'x-cos-forbid-overwrite': 'true' },
    });

    // Act
    const refused = await sdkErrorCode(
      cos.putObject({
        Bucket: BUCKET,
        Region: REGION,
        Key,
        Body: 'second',
        Headers: { 'x-cos-forbid-overwrite': 'true' },
      }),
    );
    const kept = await cos.getObject({ Bucket: BUCKET, Region: REGION, Key });

    // Assess
    expect(refused).toBe('FileAlreadyExists');
    expect(kept.Body.toString()).toBe('first');
  });

  it('serves a presigned URL to plain HTTP with no SDK involved', async () => {
    // Prepare
    await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'shared/clip 1.wav', Body: 'RIFF....' });
    const url = cos.getObjectUrl(
      { Bucket: BUCKET, Region: REGION, Key: 'shared/clip 1.wav', Sign: true, Expires: 60 },
      () => {},
    );

    // Act
    const parsed = new URL(url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      httpRequest(
        {
          host: '127.0.0.1',
          port: harness.emulator.port,
          path: `${parsed.pathname}${parsed.search}`,
          headers: { host: parsed.host },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      )
        .on('error', reject)
        .end();
    });

    // Assess
    expect(parsed.searchParams.get('q-signature')).toMatch(/^[0-9a-f]{40}$/);
    expect(answer).toEqual({ status: 200, body: 'RIFF....' });
  });

  it('creates, heads and deletes buckets, refusing to delete one that is not empty', async () => {
    // Prepare
    const Bucket = 'scratch-1250000000';

    // Act
    await cos.putBucket({ Bucket, Region: REGION });
    const again = await sdkErrorCode(cos.putBucket({ Bucket, Region: REGION }));
    const head = await cos.headBucket({ Bucket, Region: REGION });
    await cos.putObject({ Bucket, Region: REGION, Key: 'x', Body: 'x' });
    const notEmpty = await sdkErrorCode(cos.deleteBucket({ Bucket, Region: REGION }));
    await cos.deleteObject({ Bucket, Region: REGION, Key: 'x' });
    await cos.deleteBucket({ Bucket, Region: REGION });
    const missing = await sdkErrorCode(cos.getBucket({ Bucket, Region: REGION }));

    // Assess
    expect(again).toBe('BucketAlreadyExists');
    expect(head.statusCode).toBe(200);
    expect(notEmpty).toBe('BucketNotEmpty');
    expect(missing).toBe('NoSuchBucket');
  });

  it('lists buckets with GET Service, globally and for one region', async () => {
    // Act
    const all = await cos.getService({});
    const regional = await cos.getService({ Region: REGION });
    const elsewhere = await cos.getService({ Region: 'ap-beijing' });

    // Assess
    expect(all.Buckets.map((bucket) => bucket.Name)).toContain(BUCKET);
    expect(regional.Buckets.map((bucket) => [bucket.Name, bucket.Location])).toContainEqual([BUCKET, REGION]);
    expect(elsewhere.Buckets).toEqual([]);
  });

  it('answers NoSuchBucket for a bucket that was never created', async () => {
    // Act
    const code = await sdkErrorCode(
      cos.getObject({ Bucket: 'nothere-1250000000', Region: REGION, Key: 'a' }),
    );

    // Assess
    expect(code).toBe('NoSuchBucket');
  });
});
