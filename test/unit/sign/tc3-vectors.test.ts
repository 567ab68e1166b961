import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTc3Authorization, signTc3 } from '../../../lib/sign/tc3.js';

/** Official TC3 worked examples (sources inside the file). */
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/tc3.json', import.meta.url), 'utf8'),
) as {
  common: Record<string, string | number>;
  cases: Array<Record<string, string>>;
};
const common = vectors.common as {
  host: string;
  service: string;
  action: string;
  timestamp: number;
  date: string;
  contentType: string;
  payload: string;
  hashedPayload: string;
};

describe('signTc3 on the official worked examples', () => {
  for (const vector of vectors.cases) {
    it(`reproduces every intermediate value of ${vector.name}`, () => {
      // Prepare
      const signed = (vector.signedHeaders ?? '').split(';');
      const all: Record<string, string> = {
        'Content-Type': common.contentType,
        Host: common.host,
        'X-TC-Action': common.action,
      };
      const headers = Object.fromEntries(
        Object.entries(all).filter(([name]) => signed.includes(name.toLowerCase())),
      );

      // Act
      const result = signTc3(
        {
          method: 'POST',
          host: common.host,
          path: '/',
          query: '',
          headers,
          payload: common.payload,
          service: common.service,
          timestamp: common.timestamp,
        },
        { secretId: vector.secretId ?? '', secretKey: vector.secretKey ?? '' },
      );

      // Assess: each value the vector gives
      expect(result.date).toBe(common.date);
      expect(result.canonicalRequest.split('\n').at(-1)).toBe(common.hashedPayload);
      expect(result.signedHeaders).toBe(vector.signedHeaders);
      expect(result.credentialScope).toBe(`${common.date}/${common.service}/tc3_request`);
      if (vector.canonicalHeaders !== undefined) {
        expect(result.canonicalRequest).toContain(`\n\n${vector.canonicalHeaders}\n`);
      }
      if (vector.canonicalRequest !== undefined)
        expect(result.canonicalRequest).toBe(vector.canonicalRequest);
      expect(result.hashedCanonicalRequest).toBe(vector.hashedCanonicalRequest);
      if (vector.stringToSign !== undefined) expect(result.stringToSign).toBe(vector.stringToSign);
      expect(result.signature).toBe(vector.signature);
      if (vector.authorization !== undefined) expect(result.authorization).toBe(vector.authorization);
    });
  }

  it('hashes the bytes sent: the same JSON with raw UTF-8 gives another payload hash', () => {
    const raw = common.payload.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    const result = signTc3(
      {
        method: 'POST',
        host: common.host,
        path: '/',
        query: '',
        headers: { 'content-type': common.contentType, host: common.host },
        payload: new TextEncoder().encode(raw),
        service: common.service,
        timestamp: common.timestamp,
      },
      { secretId: 'id', secretKey: 'key' },
    );
    expect(result.canonicalRequest.split('\n').at(-1)).toBe(
      '1e07682a01ae959704b7d77a9c0dd92ad8284fc90f9bb2ab5cc941be1d7ea716',
    );
  });
});

describe('parseTc3Authorization', () => {
  it('reads back the fields of a signed header', () => {
    const header = vectors.cases[0]?.authorization ?? '';
    expect(parseTc3Authorization(header)).toEqual({
      algorithm: 'TC3-HMAC-SHA256',
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host'],
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
  });

  it.each([
    '',
    'TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm/tc3_request, SignedHeaders=host',
    'TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=xyz',
    'q-sign-algorithm=sha1&q-ak=id',
  ])('refuses a malformed header %j', (header) => {
    expect(parseTc3Authorization(header)).toBeUndefined();
  });
});
