import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCosAuthorization, signCos } from '../../../lib/sign/cos-sign.js';

/** Official COS signature worked examples (source inside the file). */
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/cos.json', import.meta.url), 'utf8'),
) as {
  credentials: { secretId: string; secretKey: string };
  cases: Array<{
    name: string;
    method: string;
    decodedPath: string;
    headers: Record<string, string>;
    query: Record<string, string>;
    keyTime: string;
    signKey: string;
    headerList: string;
    httpHeaders?: string;
    urlParamList: string;
    httpParameters?: string;
    sha1HttpString: string;
    signature: string;
  }>;
};

describe('signCos on the official worked examples', () => {
  for (const vector of vectors.cases) {
    it(`reproduces every intermediate value of "${vector.name}"`, async () => {
      // Prepare
      const [start, end] = vector.keyTime.split(';').map(Number);
      const { createHash } = await import('node:crypto');

      // Act
      const result = signCos(
        {
          method: vector.method,
          pathname: vector.decodedPath,
          query: vector.query,
          headers: vector.headers,
          keyTime: { start: start ?? 0, end: end ?? 0 },
        },
        vectors.credentials,
      );

      // Assess
      const [method, path, httpParameters, httpHeaders, trailing] = result.httpString.split('\n');
      expect(method).toBe(vector.method.toLowerCase());
      expect(path).toBe(vector.decodedPath);
      expect(trailing).toBe('');
      expect(result.signKey).toBe(vector.signKey);
      expect(result.headerList).toBe(vector.headerList);
      if (vector.httpHeaders !== undefined) expect(httpHeaders).toBe(vector.httpHeaders);
      expect(result.urlParamList).toBe(vector.urlParamList);
      if (vector.httpParameters !== undefined) expect(httpParameters).toBe(vector.httpParameters);
      expect(createHash('sha1').update(result.httpString).digest('hex')).toBe(vector.sha1HttpString);
      expect(result.stringToSign).toBe(`sha1\n${vector.keyTime}\n${vector.sha1HttpString}\n`);
      expect(result.signature).toBe(vector.signature);
      expect(result.authorization).toBe(
        `q-sign-algorithm=sha1&q-ak=${vectors.credentials.secretId}&q-sign-time=${vector.keyTime}&q-key-time=${vector.keyTime}` +
          `&q-header-list=${vector.headerList}&q-url-param-list=${vector.urlParamList}&q-signature=${vector.signature}`,
      );
    });
  }
});

describe('parseCosAuthorization', () => {
  it('reads the q-* fields of a header value', () => {
    const value =
      'q-sign-algorithm=sha1&q-ak=AKIDx&q-sign-time=1;2&q-key-time=1;2&q-header-list=date;host&q-url-param-list=&q-signature=abc';
    expect(parseCosAuthorization(value)).toEqual({
      algorithm: 'sha1',
      secretId: 'AKIDx',
      signTime: '1;2',
      keyTime: '1;2',
      headerList: ['date', 'host'],
      urlParamList: [],
      signature: 'abc',
    });
  });

  it('decodes the %-encoded form of a presigned URL query', () => {
    const query =
      'q-sign-algorithm=sha1&q-ak=AKIDx&q-sign-time=1%3B2&q-key-time=1%3B2&q-header-list=host&q-url-param-list=acl%3buploads&q-signature=abc&x-cos-security-token=t';
    expect(parseCosAuthorization(query)?.urlParamList).toEqual(['acl', 'uploads']);
    expect(parseCosAuthorization(query)?.keyTime).toBe('1;2');
  });

  it.each([
    [
      'a missing signature',
      'q-sign-algorithm=sha1&q-ak=a&q-sign-time=1;2&q-key-time=1;2&q-header-list=&q-url-param-list=',
    ],
    [
      'a repeated field',
      'q-sign-algorithm=sha1&q-ak=a&q-ak=b&q-sign-time=1;2&q-key-time=1;2&q-header-list=&q-url-param-list=&q-signature=x',
    ],
    ['a TC3 header', 'TC3-HMAC-SHA256 Credential=id/2019-02-25/cvm/tc3_request'],
  ])('refuses %s', (_, value) => {
    expect(parseCosAuthorization(value)).toBeUndefined();
  });
});
