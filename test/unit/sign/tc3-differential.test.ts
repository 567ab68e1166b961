import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signTc3 } from '../../../lib/sign/tc3.js';

/** The official signer of tencentcloud-sdk-nodejs (CommonJS, loaded as the SDK loads it). */
const { default: Sign } = createRequire(import.meta.url)(
  'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js',
) as {
  default: {
    sign3(input: {
      method: string;
      url: string;
      payload: Buffer;
      timestamp: number;
      service: string;
      secretId: string;
      secretKey: string;
      headers: Record<string, string>;
    }): string;
  };
};

/**
 * Requests Sign.sign3 can take: it signs exactly content-type;host, takes the content type as given
 * (we lower-case header values as the documentation's x-tc-action example does, so content types
 * are generated in lower case, as every real one is), hashes a Buffer payload as is, and takes the
 * query from the URL (so the query is generated already %-encoded, which URL leaves untouched).
 */
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/);
const request = fc.record({
  method: fc.constantFrom('POST', 'GET'),
  service: label,
  region: fc.option(label, { nil: undefined }),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'text/plain; charset=utf-8',
  ),
  query: fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.option(fc.string({ unit: 'grapheme' }))), {
    maxLength: 6,
  }),
  payload: fc.oneof(
    { arbitrary: fc.constant(new Uint8Array(0)), weight: 5 },
    // Large bodies (API 3.0 takes up to 10 MB), rare and filled cheaply so 1,000 runs stay fast.
    {
      arbitrary: fc
        .integer({ min: 1 << 20, max: 2 << 20 })
        .map((size) => new Uint8Array(size).fill(size % 251)),
      weight: 1,
    },
    {
      arbitrary: fc
        .string({ unit: 'grapheme', maxLength: 200 })
        .map((text) => new TextEncoder().encode(text)),
      weight: 20,
    },
    { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4096 }), weight: 10 },
  ),
  timestamp: fc.integer({ min: 0, max: 4_102_444_800 }),
  secretId: fc.stringMatching(/^AKID[A-Za-z0-9*]{1,40}$/),
  secretKey: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 48 }),
});

/** RFC 3986 percent-encoding, which WHATWG URL leaves untouched in a query. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('signTc3 against the official Sign.sign3', () => {
  it('is byte-identical on 1,000 generated requests', () => {
    fc.assert(
      fc.property(request, (r) => {
        // Prepare
        const host = r.region
          ? `${r.service}.${r.region}.tencentcloudapi.com`
          : `${r.service}.tencentcloudapi.com`;
        const query =
          r.method === 'GET'
            ? r.query.map(([k, v]) => (v === null ? rfc3986(k) : `${rfc3986(k)}=${rfc3986(v)}`)).join('&')
            : '';
        const payload = r.method === 'GET' ? new Uint8Array(0) : r.payload;
        const credentials = { secretId: r.secretId, secretKey: r.secretKey };

        // Act
        const official = Sign.sign3({
          method: r.method,
          url: `https://${host}/${query ? `?${query}` : ''}`,
          payload: Buffer.from(payload),
          timestamp: r.timestamp,
          service: r.service,
          ...credentials,
          headers: { 'Content-Type': r.contentType },
        });
        const ours = signTc3(
          {
            method: r.method,
            host,
            path: '/',
            query,
            headers: { 'Content-Type': r.contentType, Host: host },
            payload,
            service: r.service,
            timestamp: r.timestamp,
          },
          credentials,
        );

        // Assess
        expect(ours.authorization).toBe(official);
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  });
});

describe('signTc3 over any set of signed headers', () => {
  const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  it('depends on header names and values only up to case, surrounding spaces and order', () => {
    fc.assert(
      fc.property(
        // ASCII values: Unicode case mapping does not round-trip ('ß' upper-cases to 'SS').
        fc.uniqueArray(fc.tuple(headerName, fc.string({ maxLength: 30 })), {
          selector: ([name]) => name.toLowerCase(),
          maxLength: 12,
        }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        (extra, timestamp) => {
          // Prepare: the same headers, once as given and once shuffled, re-cased and padded.
          const base = { 'content-type': 'application/json', host: 'asr.tencentcloudapi.com' };
          const given = { ...base, ...Object.fromEntries(extra) };
          const variant = Object.fromEntries(
            Object.entries(given)
              .reverse()
              .map(([name, value]) => [` ${name.toUpperCase()} `, `  ${value.toUpperCase()}\t`]),
          );
          const sign = (headers: Record<string, string>) =>
            signTc3(
              {
                method: 'POST',
                host: base.host,
                path: '/',
                query: '',
                headers,
                payload: '{}',
                service: 'asr',
                timestamp,
              },
              { secretId: 'AKIDx', secretKey: 'k' },
            );

          // Act
          const a = sign(given);
          const b = sign(variant);

          // Assess
          expect(b.authorization).toBe(a.authorization);
          expect(a.signedHeaders.split(';')).toEqual(
            Object.keys(given)
              .map((n) => n.toLowerCase())
              .sort(),
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('signTc3 signing-key reuse', () => {
  it('never reuses a derived key across secret keys, dates or services', () => {
    // Prepare: alternate keys, dates and services so the one-entry cache both hits and misses.
    const calls = [
      { secretKey: 'key-a', timestamp: 1_700_000_000, service: 'asr' },
      { secretKey: 'key-a', timestamp: 1_700_000_001, service: 'asr' },
      { secretKey: 'key-b', timestamp: 1_700_000_001, service: 'asr' },
      { secretKey: 'key-a', timestamp: 1_700_000_001, service: 'asr' },
      { secretKey: 'key-a', timestamp: 1_700_000_001 + 86_400, service: 'asr' },
      { secretKey: 'key-a', timestamp: 1_700_000_001 + 86_400, service: 'mps' },
    ];
    for (const call of calls) {
      const host = `${call.service}.tencentcloudapi.com`;
      // Act
      const ours = signTc3(
        {
          method: 'POST',
          host,
          path: '/',
          query: '',
          headers: { 'content-type': 'application/json', host },
          payload: '{}',
          service: call.service,
          timestamp: call.timestamp,
        },
        { secretId: 'AKIDx', secretKey: call.secretKey },
      );
      const official = Sign.sign3({
        method: 'POST',
        url: `https://${host}/`,
        payload: Buffer.from('{}'),
        timestamp: call.timestamp,
        service: call.service,
        secretId: 'AKIDx',
        secretKey: call.secretKey,
        headers: { 'Content-Type': 'application/json' },
      });
      // Assess
      expect(ours.authorization).toBe(official);
    }
  });
});
