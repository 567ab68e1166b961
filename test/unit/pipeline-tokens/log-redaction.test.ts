// The logger lives in lib/log; its tests sit here because what it must protect are the tokens and
// signatures this area mints and verifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretValue } from '../../../lib/config/secret-value.js';
import { refusedInputStatus } from '../../../lib/jobs/input-status.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import { createRedactor } from '../../../lib/log/redact.js';
import { signedCallbackUrl } from '../../../lib/pipeline/callback-token.js';
import { releaseClaim } from '../../../lib/pipeline/claim-release.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { claimedView } from '../jobs/job-view-fixture.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

const hmacSecret = 'hmac-secret-0123456789abcdef0123456789abcdef';
const secretKey = 'roleSecretKeyAbCdEf0123456789xyz';
const sessionToken = 'sts+token/with=chars_0123456789abcdefghijklmnop';

function capture(now = () => 1_800_000_000_000) {
  const lines: string[] = [];
  const logger = createLogger({
    sink: (line) => lines.push(line),
    now,
    secrets: [hmacSecret, secretKey, sessionToken],
  });
  return { lines, logger };
}

describe('logger', () => {
  it('writes one JSON line per step with job id, input key and timing', async () => {
    // Prepare
    let clock = 1_800_000_000_000;
    const { lines, logger } = capture(() => clock);
    const job = logger.child({ jobId: '0123456789abcdef0123456789abcdef', inputKey: 'input/a b.wav' });

    // Act
    await job.time(
      'submit',
      async () => {
        clock += 250;
        return 'ok';
      },
      { engine: 'asr' },
    );

    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      jobId: '0123456789abcdef0123456789abcdef',
      inputKey: 'input/a b.wav',
      engine: 'asr',
      ok: true,
      durationMs: 250,
      time: '2027-01-15T08:00:00.250Z',
      level: 'info',
      step: 'submit',
    });
  });

  it('logs a failed step with its error and rethrows the same error', async () => {
    // Prepare
    const { lines, logger } = capture();
    const failure = Object.assign(
      new Error(`GET https://b.cos.ap-guangzhou.myqcloud.com/k?q-signature=deadbeef failed`),
      {
        code: 'NoSuchKey',
      },
    );

    // Act
    const run = logger.time('head', () => Promise.reject(failure));

    // Assess
    await expect(run).rejects.toBe(failure);
    const line = JSON.parse(lines[0] ?? '');
    expect(line).toMatchObject({
      step: 'head',
      ok: false,
      level: 'error',
      error: { name: 'Error', code: 'NoSuchKey' },
    });
    expect(line.error.message).toBe(
      'GET https://b.cos.ap-guangzhou.myqcloud.com/k?q-signature=[redacted] failed',
    );
  });

  it('never writes a secret, token or signature, wherever it hides', () => {
    // Prepare
    const { lines, logger } = capture();
    const presigned = `https://media-1250000000.cos.ap-guangzhou.myqcloud.com/input/a.wav?q-sign-algorithm=sha1&q-ak=AKIDx&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=&q-signature=0123abcd0123abcd0123abcd0123abcd01234567&x-cos-security-token=${encodeURIComponent(sessionToken)}`;
    const callbackUrl = signedCallbackUrl(
      'https://gw.example.com/cb',
      '0123456789abcdef0123456789abcdef',
      1_900_000_000_000,
      new SecretValue(hmacSecret),
    );
    const signature = new URL(callbackUrl).searchParams.get('sig') ?? '';

    // Act
    logger.step('everything', {
      url: presigned,
      callbackUrl,
      nested: { deeper: [{ note: `key is ${secretKey}` }] },
      credentials: { secretId: 'AKIDpublic', secretKey, token: 'other-token-value' },
      headers: {
        Authorization: 'q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=feedface',
        'x-cos-security-token': 'header-token',
        'X-TC-Token': 'tc-token',
      },
      tc3: 'TC3-HMAC-SHA256 Credential=AKIDx/2026-11-22/asr/tc3_request, SignedHeaders=content-type;host, Signature=1e6c40574f5e6eaface4a81de8064da7cb47a0cecdaf97ca47d4d5cb466c1638',
      env: { CALLBACK_SECRET: hmacSecret, TENCENTCLOUD_SESSIONTOKEN: sessionToken },
      message: `callback for ${callbackUrl} with secret ${hmacSecret}`,
    });

    // Assess
    const line = lines[0] ?? '';
    for (const leaked of [
      hmacSecret,
      secretKey,
      sessionToken,
      encodeURIComponent(sessionToken),
      signature,
      '0123abcd0123abcd',
      'feedface',
      'other-token-value',
      'header-token',
      'tc-token',
      '1e6c40574f5e6eaf',
    ]) {
      expect(line).not.toContain(leaked);
    }
    expect(line).toContain('AKIDpublic');
    expect(line).toContain('input/a.wav');
    expect(JSON.parse(line).callbackUrl).toBe(
      'https://gw.example.com/cb?job=0123456789abcdef0123456789abcdef&exp=1900000000&sig=[redacted]',
    );
  });

  it('never lets a registered secret through, whatever surrounds it (property)', () => {
    // Prepare
    const redact = createRedactor([hmacSecret, secretKey, sessionToken]);

    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(hmacSecret, secretKey, sessionToken, encodeURIComponent(sessionToken)),
        fc.string(),
        fc.string({ minLength: 1, maxLength: 12 }),
        (before, secret, after, field) => {
          // Act
          const out = JSON.stringify(
            redact({ [field]: `${before}${secret}${after}`, list: [before + secret] }),
          );
          // Assess
          return !out.includes(secret);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts any signature-shaped query parameter in any URL (property)', () => {
    // Prepare
    const redact = createRedactor();

    fc.assert(
      fc.property(
        fc.constantFrom('q-signature', 'sig', 'x-cos-security-token', 'x-ci-security-token', 'Signature'),
        fc.stringMatching(/^[A-Za-z0-9%+/=._~-]{12,64}$/),
        fc.stringMatching(/^(\/[a-z0-9._-]{1,8}){1,4}$/),
        (name, value, path) => {
          // Act
          const out = String(redact(`GET https://h.example.com${path}?a=1&${name}=${value}&b=2 -> 403`));
          // Assess
          return !out.includes(value) && out.includes(`${name}=[redacted]`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('redaction of what the review found getting through', () => {
  it('replaces STS and AWS-style secret field names', () => {
    // Prepare
    const redact = createRedactor();

    // Act
    const out = JSON.stringify(
      redact({
        Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmp-key-value-1', Token: 'tmp-token-1' },
        aws: { SecretAccessKey: 'aws-key-value-2', AccessKeySecret: 'oss-key-value-3' },
      }),
    );

    // Assess
    for (const leaked of ['tmp-key-value-1', 'tmp-token-1', 'aws-key-value-2', 'oss-key-value-3']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('AKIDtmp');
  });

  it('cuts a token inside JSON text inside a string, escaped or not', () => {
    // Prepare
    const redact = createRedactor();
    const json = JSON.stringify({ Credentials: { Token: 'json-token-1', TmpSecretKey: 'json-key-2' } });

    // Act
    const once = String(redact(`STS answered ${json}`));
    const twice = JSON.stringify(redact({ note: `body was ${JSON.stringify(json)}` }));

    // Assess
    for (const out of [once, twice]) {
      expect(out).not.toContain('json-token-1');
      expect(out).not.toContain('json-key-2');
    }
  });

  it('replaces a value listed right after a secret name in an array', () => {
    // Prepare
    const redact = createRedactor();

    // Act
    const out = JSON.stringify(
      redact({
        query: [
          ['job', '0123'],
          ['sig', 'pair-signature-1'],
        ],
        rawHeaders: ['Host', 'b.cos', 'x-cos-security-token', 'raw-token-2', 'Authorization', 'auth-3'],
      }),
    );

    // Assess
    for (const leaked of ['pair-signature-1', 'raw-token-2', 'auth-3']) expect(out).not.toContain(leaked);
    expect(out).toContain('"job","0123"');
  });

  it('cuts the signature and token of a presigned URL percent-encoded inside another URL', () => {
    // Prepare
    const redact = createRedactor();
    const presigned =
      'https://m-1250000000.cos.ap-guangzhou.myqcloud.com/in/a.wav?q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=abcdef0123456789abcdef&x-cos-security-token=sts%2Btoken%2F9';
    const once = `GET https://proxy.example/fetch?url=${encodeURIComponent(presigned)} failed`;
    const twice = `GET https://a.example/?next=${encodeURIComponent(`https://b.example/?u=${encodeURIComponent(presigned)}`)}`;

    // Act
    const out = [once, twice].map((text) => String(redact(text)));

    // Assess
    for (const text of out) {
      expect(text).not.toContain('abcdef0123456789abcdef');
      expect(text).not.toContain('sts');
      expect(text).toContain('AKIDx');
    }
  });
});

describe('stored records', () => {
  const secret = 'stored-secret-0123456789abcdefghijklmnopqrstuv';
  const message = `ASR refused https://m-1250000000.cos.ap-guangzhou.myqcloud.com/a.wav?q-signature=feedfacefeedface0000&x-cos-security-token=sts-token-9 signed with ${secret}`;

  it('keep no secret in failed records, the statuses they write, status objects or claim release markers', async () => {
    // Prepare
    const storage = new MemoryStorage(() => 1_800_000_000_000);
    const withSecret = createLogger({ sink: () => undefined, secrets: [secret] });
    const place = { bucket: 'results-1250000000', prefix: 'cos-transcribe/' };
    const ledger = new JobLedger({ storage, place, redact: withSecret.redact });
    const jobId = '0123456789abcdef0123456789abcdef';
    const deps = {
      storage,
      logger: withSecret,
      now: () => 1,
      config: { ledger: place },
    } as unknown as PipelineDeps;

    // Act
    await ledger.record(
      claimedView({ jobId }),
      'failed',
      { error: { code: 'EngineRefused', message } },
      'test',
    );
    await ledger.writeStatus(
      refusedInputStatus({
        bucket: 'media-1250000000',
        key: 'input/a.wav',
        state: 'failed',
        error: { code: 'EngineRefused', message },
        at: 1,
      }),
    );
    await releaseClaim(deps, jobId, message);

    // Assess
    const stored = [...storage.objects.values()].map((object) => object.body.toString('utf8'));
    expect(stored).toHaveLength(4);
    for (const text of stored) {
      for (const leaked of [secret, 'feedfacefeedface0000', 'sts-token-9'])
        expect(text).not.toContain(leaked);
      expect(text).toContain('ASR refused https://m-1250000000.cos.ap-guangzhou.myqcloud.com/a.wav?');
    }
  });
});
