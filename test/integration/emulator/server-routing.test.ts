/**
 * The server routes by Host: a host no service claims gets a clear error, a test can put its own
 * service first, and the engines' input downloads (`context.fetchInput`) serve presigned URLs for the
 * emulator's own COS host straight from the store after checking them like COS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignCosUrl } from '../../../lib/sign/cos-sign.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Harness, HOST, rawRequest, signedRequest, startHarness } from './cos-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    services: () => [
      {
        name: 'probe',
        handles: (host) => host === 'probe.test',
        handle: async (request) => ({
          status: 200,
          body: `${request.method} ${request.host} ${request.rawPath}?${request.rawQuery}`,
        }),
      },
    ],
  });
  await signedRequest(harness.emulator.port, {
    method: 'PUT',
    key: 'media/talk 1.wav',
    body: 'RIFF-audio',
    headers: { 'content-type': 'audio/wav' },
  });
});
afterAll(() => harness.stop());

const nowSeconds = () => Math.floor(Date.now() / 1000);
const credentials = { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY };

describe('routing by Host', () => {
  it('answers an unknown host with a 400 that names the hosts it serves', async () => {
    // Act
    const answer = await rawRequest(harness.emulator.port, { method: 'GET', host: 'example.com', path: '/' });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("no service answers host 'example.com'");
    expect(answer.body).toContain('.cos.<region>.myqcloud.com');
  });

  it('routes to an extra service, ignoring the port in Host and keeping the raw path and query', async () => {
    // Act
    const answer = await rawRequest(harness.emulator.port, {
      method: 'GET',
      host: 'probe.test:8080',
      path: '/a%20b?x=1&y',
    });

    // Assess
    expect(answer.body).toBe('GET probe.test /a%20b?x=1&y');
  });
});

describe('context.fetchInput', () => {
  it('serves a presigned URL for the emulator own COS host from the store, over http or https', async () => {
    // Prepare
    const keyTime = { start: nowSeconds() - 1, end: nowSeconds() + 600 };
    const https = presignCosUrl({ host: HOST, key: 'media/talk 1.wav', keyTime }, credentials);
    const http = presignCosUrl(
      { host: HOST, key: 'media/talk 1.wav', keyTime, protocol: 'http:' },
      credentials,
    );

    // Act
    const viaHttps = await harness.emulator.context.fetchInput(https);
    const viaHttp = await harness.emulator.context.fetchInput(http);

    // Assess
    expect(viaHttps).toEqual({ ok: true, body: Buffer.from('RIFF-audio'), contentType: 'audio/wav' });
    expect(viaHttp.ok).toBe(true);
  });

  it('fails expired, tampered, unsigned and missing inputs the way COS would', async () => {
    // Prepare
    const expired = presignCosUrl(
      { host: HOST, key: 'media/talk 1.wav', keyTime: { start: nowSeconds() - 900, end: nowSeconds() - 10 } },
      credentials,
    );
    const valid = presignCosUrl(
      { host: HOST, key: 'media/talk 1.wav', keyTime: { start: nowSeconds() - 1, end: nowSeconds() + 600 } },
      credentials,
    );
    const missing = presignCosUrl(
      { host: HOST, key: 'media/none.wav', keyTime: { start: nowSeconds() - 1, end: nowSeconds() + 600 } },
      credentials,
    );

    // Act
    const late = await harness.emulator.context.fetchInput(expired);
    const tampered = await harness.emulator.context.fetchInput(valid.replace('talk%201.wav', 'talk%202.wav'));
    const unsigned = await harness.emulator.context.fetchInput(`https://${HOST}/media/talk%201.wav`);
    const absent = await harness.emulator.context.fetchInput(missing);

    // Assess
    expect(late).toMatchObject({ ok: false, status: 403, reason: 'AccessDenied: Request has expired' });
    expect(tampered).toMatchObject({
      ok: false,
      status: 403,
      reason: expect.stringContaining('SignatureDoesNotMatch'),
    });
    expect(unsigned).toMatchObject({ ok: false, status: 403 });
    expect(absent).toMatchObject({ ok: false, status: 404 });
  });

  it('dials other hosts the emulator serves on its own port', async () => {
    // Act
    const fetched = await harness.emulator.context.fetchInput('http://probe.test/clip?x=1');

    // Assess
    expect(fetched).toMatchObject({ ok: true });
    expect(fetched.ok && fetched.body.toString()).toBe('GET probe.test /clip?x=1');
  });
});
