/**
 * The emulator checks signatures with arithmetic of its own (local/api3/tc3-expected.ts,
 * local/cos/q-sign.ts), not the pipeline's signer, so that a mistake in one cannot hide in the other.
 * Here its arithmetic meets the official worked examples; the emulator suites prove it further on
 * requests signed by the official SDKs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedTc3Signature, readTc3Header } from '../../../local/api3/tc3-expected.js';
import { expectedQSignature, qSignEncode, readQSign } from '../../../local/cos/q-sign.js';

const tc3 = JSON.parse(readFileSync(new URL('../../fixtures/vectors/tc3.json', import.meta.url), 'utf8')) as {
  common: {
    host: string;
    service: string;
    action: string;
    date: string;
    timestamp: number;
    contentType: string;
    payload: string;
  };
  cases: Array<{
    name: string;
    secretId: string;
    secretKey: string;
    signedHeaders: string;
    signature: string;
    authorization: string;
  }>;
};
const cos = JSON.parse(readFileSync(new URL('../../fixtures/vectors/cos.json', import.meta.url), 'utf8')) as {
  credentials: { secretId: string; secretKey: string };
  cases: Array<{
    name: string;
    method: string;
    decodedPath: string;
    headers: Record<string, string>;
    query: Record<string, string>;
    keyTime: string;
    headerList: string;
    urlParamList: string;
    sha1HttpString: string;
    signature: string;
  }>;
};

describe("the emulator's TC3 check on the official worked examples", () => {
  for (const vector of tc3.cases) {
    it(`reads the header and recomputes the signature of ${vector.name}`, () => {
      // Prepare: the case's own Authorization, or the one its fields make where it gives none.
      const header = readTc3Header(
        vector.authorization ??
          `TC3-HMAC-SHA256 Credential=${vector.secretId}/${tc3.common.date}/${tc3.common.service}/tc3_request, ` +
            `SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
      );
      const sent: Record<string, string> = {
        'content-type': tc3.common.contentType,
        host: tc3.common.host,
        'x-tc-action': tc3.common.action,
      };

      // Act
      const signature = expectedTc3Signature({
        method: 'POST',
        query: '',
        signedValues: (header?.signedHeaders ?? []).map((name) => [name, sent[name] ?? ''] as const),
        body: tc3.common.payload,
        service: header?.service ?? '',
        timestamp: tc3.common.timestamp,
        secretKey: vector.secretKey,
      });

      // Assess
      expect(header?.secretId).toBe(vector.secretId);
      expect(header?.signedHeaders.join(';')).toBe(vector.signedHeaders);
      expect(signature).toBe(vector.signature);
    });
  }

  it('refuses a header that is not in the TC3 shape', () => {
    expect(
      readTc3Header('TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, Signature=00'),
    ).toBeUndefined();
  });
});

describe("the emulator's COS q-sign check on the official worked examples", () => {
  for (const vector of cos.cases) {
    it(`recomputes the signature of "${vector.name}" from the lists the client sent`, () => {
      // Prepare: the Authorization the client would send, read back as the server reads it.
      const sent = readQSign(
        `q-sign-algorithm=sha1&q-ak=${cos.credentials.secretId}&q-sign-time=${vector.keyTime}` +
          `&q-key-time=${vector.keyTime}&q-header-list=${vector.headerList}` +
          `&q-url-param-list=${vector.urlParamList}&q-signature=${vector.signature}`,
      );
      const lower = (record: Record<string, string>) =>
        new Map(Object.entries(record).map(([name, value]) => [name.toLowerCase(), value]));

      // Act
      const expected = expectedQSignature(
        {
          method: vector.method,
          path: vector.decodedPath,
          headers: lower(vector.headers),
          params: lower(vector.query),
          keyTime: vector.keyTime,
        },
        cos.credentials.secretKey,
      );

      // Assess
      expect(sent?.headerList.join(';')).toBe(vector.headerList);
      expect(createHash('sha1').update(expected.httpString).digest('hex')).toBe(vector.sha1HttpString);
      expect(expected.signature).toBe(vector.signature);
    });
  }

  it('encodes every byte but A-Z a-z 0-9 - _ . ~, as COS UrlEncode does', () => {
    expect(qSignEncode("a b+c/d(腾)!*'~._-")).toBe('a%20b%2Bc%2Fd%28%E8%85%BE%29%21%2A%27~._-');
  });

  it('refuses an Authorization with a field twice or one missing', () => {
    expect(readQSign('q-sign-algorithm=sha1&q-sign-algorithm=sha1')).toBeUndefined();
    expect(readQSign('q-sign-algorithm=sha1&q-ak=AKID')).toBeUndefined();
  });
});
