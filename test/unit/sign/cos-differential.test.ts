import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presignCosUrl, selectCosSignedHeaders, signCos } from '../../../lib/sign/cos-sign.js';

const require = createRequire(import.meta.url);
/** The official COS SDK (CommonJS); getAuthorization is util.getAuth. */
const COS = require('cos-nodejs-sdk-v5') as {
  getAuthorization(options: Record<string, unknown>): string;
  new (
    options: Record<string, unknown>,
  ): {
    getObjectUrl(
      params: Record<string, unknown>,
      callback: (error: unknown, data: { Url: string }) => void,
    ): string;
  };
};

/**
 * Names the SDK cannot take as plain object keys: its `for in` + `obj.hasOwnProperty(k)` loops break
 * on an own 'hasOwnProperty', and `o['__proto__'] = v` in its clone sets the prototype instead.
 */
const usableKey = (key: string) => key !== '__proto__' && key !== 'hasOwnProperty';

/** Unicode and every reserved character COS encodes, in keys and values. */
const reserved = fc.constantFrom(
  ...' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}~-_.'.split(''),
  'é',
  'É',
  '腾讯云',
  '🎧',
  'ß',
  'İ',
);
const text = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), reserved), { maxLength: 6 })
  .map((parts) => parts.join(''));
const headerName = fc.oneof(
  fc.constantFrom(
    'Host',
    'host',
    'Content-Type',
    'Content-Length',
    'Content-MD5',
    'content-disposition',
    'Cache-Control',
    'Range',
    'If-Match',
    'Date',
    'Expires',
    'Origin',
    'Pic-Operations',
    'User-Agent',
  ),
  text.map((suffix) => `x-cos-${suffix}`),
  text.map((suffix) => `X-Cos-Meta-${suffix}`),
  text.map((suffix) => `x-ci-${suffix}`),
  text,
);
const request = fc.record({
  method: fc.constantFrom('GET', 'put', 'POST', 'Delete', 'HEAD', 'options'),
  key: text,
  // Spread into plain objects: fast-check builds null-prototype ones, which the SDK cannot iterate.
  headers: fc.dictionary(headerName.filter(usableKey), text, { maxKeys: 20 }).map((d) => ({ ...d })),
  query: fc
    .dictionary(text.filter(usableKey), fc.oneof(text, fc.constant(''), fc.constant(undefined)), {
      maxKeys: 8,
    })
    .map((d) => ({ ...d })),
  start: fc.integer({ min: 0, max: 4_000_000_000 }),
  lifetime: fc.integer({ min: 1, max: 7 * 86_400 }),
  secretId: fc.stringMatching(/^AKID[A-Za-z0-9]{1,36}$/),
  secretKey: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
});

describe('signCos against the official COS.getAuthorization', () => {
  it('is byte-identical on 1,000 generated requests', () => {
    fc.assert(
      fc.property(request, (r) => {
        // Prepare
        const keyTime = { start: r.start, end: r.start + r.lifetime };
        const credentials = { secretId: r.secretId, secretKey: r.secretKey };

        // Act
        const official = COS.getAuthorization({
          SecretId: r.secretId,
          SecretKey: r.secretKey,
          Method: r.method,
          Pathname: `/${r.key}`,
          Query: r.query,
          Headers: r.headers,
          KeyTime: `${keyTime.start};${keyTime.end}`,
        });
        const ours = signCos(
          {
            method: r.method,
            pathname: `/${r.key}`,
            query: r.query,
            headers: selectCosSignedHeaders(r.headers),
            keyTime,
          },
          credentials,
        );

        // Assess
        expect(ours.authorization).toBe(official);
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  });

  it('signs non-ASCII keys in the SDK order, which differs between the list and the pairs', () => {
    // 'aé' sorts after 'az' raw, but '%c3%a9' sorts before 'z' once encoded.
    const input = {
      method: 'get',
      pathname: '/k',
      query: { az: '1', aé: '2' },
      headers: {},
      keyTime: { start: 1, end: 2 },
    };
    const ours = signCos(input, { secretId: 'AKIDx', secretKey: 'k' });
    expect(ours.urlParamList).toBe('a%c3%a9;az');
    expect(ours.httpString).toBe('get\n/k\naz=1&a%c3%a9=2\n\n');
    expect(ours.authorization).toBe(
      COS.getAuthorization({
        SecretId: 'AKIDx',
        SecretKey: 'k',
        Method: 'get',
        Key: 'k',
        Query: input.query,
        KeyTime: '1;2',
      }),
    );
  });
});

describe('presignCosUrl against cos.getObjectUrl', () => {
  it('produces the same URL on 200 generated objects, with and without a session token', async () => {
    await fc.assert(
      fc.asyncProperty(
        request,
        fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), { nil: undefined }),
        fc.constantFrom('ap-guangzhou', 'ap-beijing'),
        fc.stringMatching(/^[A-Za-z0-9]{32}$/),
        async (generated, token, region, secretKey) => {
          // getObjectUrl refuses an empty key.
          // Its constructor also warns (on the console) about keys with spaces, so keys are alphanumeric here.
          const r = { ...generated, key: generated.key || 'object', secretKey };
          // Prepare: the SDK presigns with its own clock (now - 1 .. + Expires), so read its window back.
          const bucket = 'examplebucket-1250000000';
          const cos = new COS({
            SecretId: r.secretId,
            SecretKey: r.secretKey,
            ...(token ? { SecurityToken: token } : {}),
          });
          const query = Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, v ?? '']));

          // Act
          const official = await new Promise<string>((resolve, reject) =>
            cos.getObjectUrl(
              { Bucket: bucket, Region: region, Key: r.key, Query: query, Expires: 600 },
              (error, data) => (error ? reject(error) : resolve(data.Url)),
            ),
          );
          const keyTime = /q-key-time=(\d+);(\d+)/.exec(official);
          const ours = presignCosUrl(
            {
              host: `${bucket}.cos.${region}.myqcloud.com`,
              key: r.key,
              query,
              keyTime: { start: Number(keyTime?.[1]), end: Number(keyTime?.[2]) },
            },
            token
              ? { secretId: r.secretId, secretKey: r.secretKey, token }
              : { secretId: r.secretId, secretKey: r.secretKey },
          );

          // Assess
          expect(ours).toBe(official);
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });
});
