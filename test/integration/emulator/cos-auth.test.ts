/**
 * The emulator checks COS signatures as COS does: over the client's own q-header-list, within the
 * key-time window, with the session token temporary keys need, and answers with Tencent's codes.
 */
import COS from 'cos-nodejs-sdk-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignCosUrl } from '../../../lib/sign/cos-sign.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import {
  BUCKET,
  cosClient,
  errorCode,
  errorMessage,
  type Harness,
  HOST,
  REGION,
  rawRequest,
  sdkErrorCode,
  signedRequest,
  startHarness,
} from './cos-harness.js';

let harness: Harness;
let port: number;

beforeAll(async () => {
  harness = await startHarness();
  port = harness.emulator.port;
  await cosClient(port).putObject({
    Bucket: BUCKET,
    Region: REGION,
    Key: 'private.txt',
    Body: 'secret stuff',
  });
});
afterAll(() => harness.stop());

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('COS signature checks', () => {
  it('accepts a correctly signed raw request (the control for every rejection below)', async () => {
    // Act
    const answer = await signedRequest(port, { method: 'GET', key: 'private.txt' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('secret stuff');
  });

  it('rejects the official client with a wrong secret key as SignatureDoesNotMatch', async () => {
    // Prepare
    const cos = cosClient(port, { SecretKey: `${DEFAULT_SECRET_KEY}x` });

    // Act
    const code = await sdkErrorCode(cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'private.txt' }));

    // Assess
    expect(code).toBe('SignatureDoesNotMatch');
  });

  it('rejects an unknown SecretId as InvalidAccessKeyId', async () => {
    // Prepare
    const cos = cosClient(port, { SecretId: 'AKIDnobodyknowsthisone000000000000000' });

    // Act
    const code = await sdkErrorCode(cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'private.txt' }));
    const raw = await signedRequest(port, {
      method: 'GET',
      key: 'private.txt',
      secretId: 'AKIDnobodyknowsthisone000000000000000',
    });

    // Assess
    expect(code).toBe('InvalidAccessKeyId');
    expect(raw.status).toBe(403);
    expect(errorCode(raw.body)).toBe('InvalidAccessKeyId');
  });

  it('rejects a request whose signed header was changed after signing', async () => {
    // Act
    const answer = await signedRequest(port, {
      method: 'PUT',
      key: 'private.txt',
      headers: { 'x-cos-meta-owner': 'alice', 'content-length': '4' },
      unsignedHeaders: { 'x-cos-meta-owner': 'mallory' },
      body: 'evil',
    });
    const still = await signedRequest(port, { method: 'GET', key: 'private.txt' });

    // Assess
    expect(answer.status).toBe(403);
    expect(errorCode(answer.body)).toBe('SignatureDoesNotMatch');
    expect(still.body).toBe('secret stuff');
  });

  it('rejects a signature whose key time has ended with AccessDenied "Request has expired"', async () => {
    // Act
    const answer = await signedRequest(port, {
      method: 'GET',
      key: 'private.txt',
      keyTime: { start: nowSeconds() - 3600, end: nowSeconds() - 1800 },
    });

    // Assess
    expect(answer.status).toBe(403);
    expect(errorCode(answer.body)).toBe('AccessDenied');
    expect(errorMessage(answer.body)).toBe('Request has expired');
  });

  it('rejects a key time starting well in the future (a fast client clock) with RequestTimeTooSkewed', async () => {
    // Act
    const answer = await signedRequest(port, {
      method: 'GET',
      key: 'private.txt',
      keyTime: { start: nowSeconds() + 3600, end: nowSeconds() + 4500 },
    });

    // Assess
    expect(answer.status).toBe(403);
    expect(errorCode(answer.body)).toBe('RequestTimeTooSkewed');
  });

  it('rejects a Date header more than 15 minutes off with RequestTimeTooSkewed', async () => {
    // Act
    const answer = await signedRequest(port, {
      method: 'GET',
      key: 'private.txt',
      headers: { date: new Date(Date.now() - 3_600_000).toUTCString() },
    });

    // Assess
    expect(errorCode(answer.body)).toBe('RequestTimeTooSkewed');
  });

  it('answers a skewed client with its own clock in Date, which the official client uses to correct itself', async () => {
    // Prepare: an emulator whose clock runs two hours ahead, so the SDK's window has already ended.
    const skewed = await startHarness({ now: () => Date.now() + 2 * 3_600_000 });
    const options: COS.COSOptions = {
      SecretId: DEFAULT_SECRET_ID,
      SecretKey: DEFAULT_SECRET_KEY,
      Ip: `127.0.0.1:${skewed.emulator.port}`,
      Protocol: 'http:',
      AutoSwitchHost: false,
    };
    const strict = new COS({ ...options, CorrectClockSkew: false });
    const lenient = new COS(options);

    try {
      // Act
      const first = await sdkErrorCode(
        strict.putObject({ Bucket: BUCKET, Region: REGION, Key: 'k', Body: 'v' }),
      );
      const corrected = await lenient.putObject({ Bucket: BUCKET, Region: REGION, Key: 'k', Body: 'v' });

      // Assess
      expect(first).toBe('AccessDenied');
      expect(corrected.statusCode).toBe(200);
    } finally {
      await skewed.stop();
    }
  });

  it('refuses unsigned requests to a private bucket with AccessDenied', async () => {
    // Act
    const answer = await rawRequest(port, { method: 'GET', host: HOST, path: '/private.txt' });

    // Assess
    expect(answer.status).toBe(403);
    expect(errorCode(answer.body)).toBe('AccessDenied');
  });

  it('rejects a presigned URL after it expires and when its path is changed', async () => {
    // Prepare
    const credentials = { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY };
    const expired = new URL(
      presignCosUrl(
        {
          host: HOST,
          key: 'private.txt',
          protocol: 'http:',
          keyTime: { start: nowSeconds() - 900, end: nowSeconds() - 60 },
        },
        credentials,
      ),
    );
    const valid = new URL(
      presignCosUrl(
        {
          host: HOST,
          key: 'private.txt',
          protocol: 'http:',
          keyTime: { start: nowSeconds() - 1, end: nowSeconds() + 300 },
        },
        credentials,
      ),
    );

    // Act
    const late = await rawRequest(port, {
      method: 'GET',
      host: HOST,
      path: `${expired.pathname}${expired.search}`,
    });
    const moved = await rawRequest(port, { method: 'GET', host: HOST, path: `/other.txt${valid.search}` });
    const fine = await rawRequest(port, {
      method: 'GET',
      host: HOST,
      path: `${valid.pathname}${valid.search}`,
    });

    // Assess
    expect(errorMessage(late.body)).toBe('Request has expired');
    expect(errorCode(moved.body)).toBe('SignatureDoesNotMatch');
    expect(fine.body).toBe('secret stuff');
  });
});

describe('temporary credentials', () => {
  it('work with their token and are refused without it or after they expire', async () => {
    // Prepare
    const temporary = harness.emulator.accounts.issueTemporary(1800);
    const withToken = cosClient(port, {
      SecretId: temporary.secretId,
      SecretKey: temporary.secretKey,
      SecurityToken: temporary.token,
    });
    const withoutToken = cosClient(port, { SecretId: temporary.secretId, SecretKey: temporary.secretKey });
    const shortLived = harness.emulator.accounts.issueTemporary(1);

    // Act
    const ok = await withToken.getObject({ Bucket: BUCKET, Region: REGION, Key: 'private.txt' });
    const missing = await sdkErrorCode(
      withoutToken.getObject({ Bucket: BUCKET, Region: REGION, Key: 'private.txt' }),
    );
    const wrongToken = await sdkErrorCode(
      cosClient(port, {
        SecretId: temporary.secretId,
        SecretKey: temporary.secretKey,
        SecurityToken: 'forged',
      }).getObject({
        Bucket: BUCKET,
        Region: REGION,
        Key: 'private.txt',
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await sdkErrorCode(
      cosClient(port, {
        SecretId: shortLived.secretId,
        SecretKey: shortLived.secretKey,
        SecurityToken: shortLived.token,
      }).getObject({
        Bucket: BUCKET,
        Region: REGION,
        Key: 'private.txt',
      }),
    );

    // Assess
    expect(ok.Body.toString()).toBe('secret stuff');
    expect(missing).toBe('InvalidAccessKeyId');
    expect(wrongToken).toBe('InvalidAccessKeyId');
    expect(expired).toBe('InvalidAccessKeyId');
  });
});

describe('the emulator log', () => {
  it('never carries a secret key, a session token or a signature from a rejected request', async () => {
    // Prepare
    const lines: string[] = [];
    const logged = await startHarness({
      log: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
    });
    const temporary = logged.emulator.accounts.issueTemporary(600);

    // Act: a temporary key that signs its own token header, with the wrong secret.
    const answer = await signedRequest(logged.emulator.port, {
      method: 'GET',
      key: 'private.txt',
      secretId: temporary.secretId,
      secretKey: 'not-the-key',
      headers: { 'x-cos-security-token': temporary.token },
    });
    await logged.stop();

    // Assess
    expect(errorCode(answer.body)).toBe('SignatureDoesNotMatch');
    const text = lines.join('\n');
    expect(text).toContain('cos.auth.rejected');
    expect(text).not.toContain(temporary.token);
    expect(text).not.toContain(temporary.secretKey);
    expect(text).not.toMatch(/q-signature=[0-9a-f]{40}/);
  });
});
