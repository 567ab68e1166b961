import { describe, expect, it } from 'vitest';
import { cosUrlEncode, parseCosAuthorization, presignCosUrl, signCos } from '../../../lib/sign/cos-sign.js';

const credentials = { secretId: 'AKIDpresign0001', secretKey: 'presign-secret-key' };
const host = 'input-1250000000.cos.ap-guangzhou.myqcloud.com';

describe('presignCosUrl', () => {
  it('yields a URL a verifier can check from the URL alone, as COS does', () => {
    // Prepare
    const key = 'in/会议 (1)/a+b&c=d.mp4';
    const query = { 'response-content-type': 'audio/mp4', 'response-cache-control': undefined };

    // Act
    const url = new URL(presignCosUrl({ host, key, query, keyTime: { start: 100, end: 700 } }, credentials));

    // Assess: decode what a server sees and recompute over the listed headers and parameters.
    const auth = parseCosAuthorization(url.search);
    expect(auth).toMatchObject({ keyTime: '100;700', headerList: ['host'] });
    expect(auth?.urlParamList).toEqual(['response-cache-control', 'response-content-type']);
    const signedQuery = Object.fromEntries(
      (auth?.urlParamList ?? []).map((name) => [name, url.searchParams.get(name) ?? undefined]),
    );
    const expected = signCos(
      {
        method: 'GET',
        pathname: decodeURIComponent(url.pathname),
        query: signedQuery,
        headers: { host: url.host },
        keyTime: { start: 100, end: 700 },
      },
      credentials,
    );
    expect(decodeURIComponent(url.pathname)).toBe(`/${key}`);
    expect(auth?.signature).toBe(expected.signature);
  });

  it('leaves the session token out of the signature and %-encodes it, so "+" and "/" survive', () => {
    const token = 'a+b/c=d';
    const withToken = presignCosUrl(
      { host, key: 'k', keyTime: { start: 1, end: 2 } },
      { ...credentials, token },
    );
    const without = presignCosUrl({ host, key: 'k', keyTime: { start: 1, end: 2 } }, credentials);

    expect(new URL(withToken).searchParams.get('x-cos-security-token')).toBe(token);
    expect(withToken.startsWith(without)).toBe(true);
    expect(withToken).not.toContain(credentials.secretKey);
  });

  it('treats "/key" and "key" as the same object, as the SDK does', () => {
    const keyTime = { start: 1, end: 2 };
    expect(presignCosUrl({ host, key: '/a/b.mp3', keyTime }, credentials)).toBe(
      presignCosUrl({ host, key: 'a/b.mp3', keyTime }, credentials),
    );
  });
});

describe('cosUrlEncode', () => {
  it.each([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ["!'()*", '%21%27%28%29%2A'],
    [' /?#&=+', '%20%2F%3F%23%26%3D%2B'],
    ['腾讯云', '%E8%85%BE%E8%AE%AF%E4%BA%91'],
  ])('encodes %j as %j', (raw, encoded) => {
    expect(cosUrlEncode(raw)).toBe(encoded);
  });
});
