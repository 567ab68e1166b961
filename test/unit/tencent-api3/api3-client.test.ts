import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi3Client, hasTencentCode } from '../../../lib/tencent/api3/api3-client.js';
import type { Credentials } from '../../../lib/tencent/credentials.js';
import { TencentApiError, TencentNetworkError } from '../../../lib/tencent/errors.js';
import { type Answer, errorBody, type FakeApi3Server, startFakeApi3Server } from './fake-api3-server.js';

const longTerm: Credentials = { secretId: 'AKIDlongterm0001', secretKey: 'long-term-secret-key' };
const temporary: Credentials = {
  secretId: 'AKIDtemporary0002',
  secretKey: 'temporary-secret-key',
  token: 'session-token-for-tests',
};
const keys = { [longTerm.secretId]: longTerm.secretKey, [temporary.secretId]: temporary.secretKey };
const ok = (extra: object = {}): Answer => ({
  kind: 'json',
  body: JSON.stringify({ Response: { RequestId: 'req-ok', ...extra } }),
});
const resultSchema = z.object({ RequestId: z.string() });

let server: FakeApi3Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A caller wired to the fake, with a recording no-wait sleep and fixed jitter. */
function clientFor(
  fake: FakeApi3Server,
  overrides: { credentials?: Credentials | (() => Credentials); attemptTimeoutMs?: number } = {},
) {
  const sleeps: number[] = [];
  const client = createApi3Client({
    endpoint: 'asr.tencentcloudapi.com',
    version: '2019-06-14',
    region: 'ap-guangzhou',
    credentials: overrides.credentials ?? longTerm,
    connectTo: fake.origin,
    attemptTimeoutMs: overrides.attemptTimeoutMs ?? 5_000,
    retry: {
      maxAttempts: 6,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
  return { client, sleeps };
}

describe('the API 3.0 caller', () => {
  it('signs for the real host while dialling the emulator, and the server verifies the signature', async () => {
    // Prepare
    server = await startFakeApi3Server(keys, ok());
    const { client } = clientFor(server);

    // Act
    const result = await client.call('DescribeTaskStatus', { TaskId: 1 }, resultSchema);

    // Assess
    expect(result.RequestId).toBe('req-ok');
    const [seen] = server.requests;
    expect(seen?.signatureValid).toBe(true);
    expect(seen?.headers.host).toBe('asr.tencentcloudapi.com');
    expect(seen?.headers['x-tc-action']).toBe('DescribeTaskStatus');
    expect(seen?.headers['x-tc-version']).toBe('2019-06-14');
    expect(seen?.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['x-tc-token']).toBeUndefined();
    expect(seen?.body).toBe('{"TaskId":1}');
  });

  it('sends X-TC-Token with temporary credentials, and still signs correctly', async () => {
    server = await startFakeApi3Server(keys, ok());
    const { client } = clientFor(server, { credentials: temporary });

    await client.call('CreateRecTask', {}, resultSchema);

    expect(server.requests[0]?.headers['x-tc-token']).toBe('session-token-for-tests');
    expect(server.requests[0]?.signatureValid).toBe(true);
  });

  it('asks a credentials provider before every attempt, so rotated role keys are used at once', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script({ kind: 'json', body: errorBody('InternalError') });
    const handedOut = [longTerm, temporary];
    const { client } = clientFor(server, { credentials: () => handedOut.shift() ?? temporary });

    await client.call('CreateRecTask', {}, resultSchema);

    expect(server.requests.map((r) => r.headers.authorization?.split('/')[0])).toEqual([
      `TC3-HMAC-SHA256 Credential=${longTerm.secretId}`,
      `TC3-HMAC-SHA256 Credential=${temporary.secretId}`,
    ]);
    expect(server.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('retries a burst of RequestLimitExceeded with growing backoff and then succeeds', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script(
      { kind: 'json', body: errorBody('RequestLimitExceeded') },
      { kind: 'json', body: errorBody('RequestLimitExceeded.UinLimitExceeded') },
      { kind: 'json', body: errorBody('RequestLimitExceeded') },
    );
    const { client, sleeps } = clientFor(server);

    const result = await client.call('CreateRecTask', {}, resultSchema);

    expect(result.RequestId).toBe('req-ok');
    expect(server.requests).toHaveLength(4);
    // Full jitter with random() = 0.5: half of 200, 400, 800 ms.
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it.each([
    ['AuthFailure.SignatureFailure'],
    ['AuthFailure.SecretIdNotFound'],
    ['InvalidParameter'],
    ['InvalidParameterValue.ErrorInvalidUrl'],
    ['FailedOperation.NoSuchTask'],
  ])('does not retry %s and reports it as a typed error', async (code) => {
    server = await startFakeApi3Server(keys, ok());
    server.script({ kind: 'json', body: errorBody(code, 'explained by Tencent') });
    const { client, sleeps } = clientFor(server);

    const error = await client.call('CreateRecTask', {}, resultSchema).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentApiError);
    expect(error).toMatchObject({
      action: 'CreateRecTask',
      code,
      requestId: `req-${code}`,
      httpStatus: 200,
      retryable: false,
    });
    expect((error as Error).message).toBe(`CreateRecTask failed: ${code}: explained by Tencent`);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('tells onFailedAttempt of each failed attempt, with the typed error', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script({ kind: 'json', body: errorBody('InternalError') }, { kind: 'reset' });
    const failures: { action: string; attempt: number; error: unknown }[] = [];
    const client = createApi3Client({
      endpoint: 'asr.tencentcloudapi.com',
      version: '2019-06-14',
      credentials: longTerm,
      connectTo: server.origin,
      retry: { sleep: async () => {} },
      onFailedAttempt: (failure) => failures.push(failure),
    });

    await client.call('DescribeTaskStatus', {}, resultSchema);

    expect(failures.map((f) => [f.action, f.attempt, (f.error as Error).name])).toEqual([
      ['DescribeTaskStatus', 1, 'TencentApiError'],
      ['DescribeTaskStatus', 2, 'TencentNetworkError'],
    ]);
  });

  it('retries HTTP 5xx answers, with or without a Tencent body', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script(
      { kind: 'json', status: 502, body: '<html>Bad Gateway</html>' },
      { kind: 'json', status: 503, body: errorBody('InternalError.FailAccessDatabase') },
    );
    const { client } = clientFor(server);

    await expect(client.call('CreateRecTask', {}, resultSchema)).resolves.toEqual({ RequestId: 'req-ok' });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a connection reset', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script({ kind: 'reset' }, { kind: 'reset' });
    const { client } = clientFor(server);

    await expect(client.call('CreateRecTask', {}, resultSchema)).resolves.toEqual({ RequestId: 'req-ok' });
    expect(server.requests).toHaveLength(3);
  });

  it('cuts an attempt that gets no answer and retries it', async () => {
    server = await startFakeApi3Server(keys, ok());
    server.script({ kind: 'hang' });
    const { client } = clientFor(server, { attemptTimeoutMs: 300 });

    await expect(client.call('CreateRecTask', {}, resultSchema)).resolves.toEqual({ RequestId: 'req-ok' });
    // At least one more attempt (on a loaded machine a later answer may also miss 300 ms).
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('gives up with a network error naming the timeout when every attempt hangs', async () => {
    // Prepare: count attempts through the credentials provider (a cut request may never reach the server).
    server = await startFakeApi3Server(keys, { kind: 'hang' });
    let attempts = 0;
    const client = createApi3Client({
      endpoint: 'asr.tencentcloudapi.com',
      version: '2019-06-14',
      credentials: () => {
        attempts++;
        return longTerm;
      },
      connectTo: server.origin,
      attemptTimeoutMs: 100,
      retry: { maxAttempts: 2, sleep: async () => {} },
    });

    // Act
    const error = await client.call('CreateRecTask', {}, resultSchema).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentNetworkError);
    expect((error as Error).message).toMatch(
      /CreateRecTask failed: network error: no complete answer within 100 ms/,
    );
    expect(attempts).toBe(2);
  });

  it('holds the overall deadline: no attempt starts after it, whatever maxAttempts allows', async () => {
    // Prepare: a fake clock that only moves when the caller sleeps.
    server = await startFakeApi3Server(keys, { kind: 'json', body: errorBody('InternalError') });
    let clock = 1_700_000_000_000;
    const sleeps: number[] = [];
    const client = createApi3Client({
      endpoint: 'asr.tencentcloudapi.com',
      version: '2019-06-14',
      credentials: longTerm,
      connectTo: server.origin,
      retry: {
        deadlineMs: 3_000,
        maxAttempts: 100,
        baseDelayMs: 200,
        maxDelayMs: 5_000,
        now: () => clock,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
      },
    });

    // Act
    const error = await client.call('CreateRecTask', {}, resultSchema).catch((e: unknown) => e);

    // Assess: 100 + 200 + 400 + 800 = 1500 ms slept; the next sleep (1600 ms) would cross 3000 ms.
    // (The margin also leaves the last attempt real time: its timeout is cut to the time left.)
    expect(error).toMatchObject({ code: 'InternalError', retryable: true });
    expect(sleeps).toEqual([100, 200, 400, 800]);
    expect(clock - 1_700_000_000_000).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(5);
    // Every attempt was signed with the injected clock.
    expect(server.requests.map((r) => r.headers['x-tc-timestamp'])).toEqual([
      '1700000000',
      '1700000000',
      '1700000000',
      '1700000000',
      '1700000001',
    ]);
  });

  it('cuts a hanging attempt at the overall deadline even when the attempt timeout is longer', async () => {
    server = await startFakeApi3Server(keys, { kind: 'hang' });
    const client = createApi3Client({
      endpoint: 'asr.tencentcloudapi.com',
      version: '2019-06-14',
      credentials: longTerm,
      connectTo: server.origin,
      attemptTimeoutMs: 60_000,
      retry: { deadlineMs: 200 },
    });
    const startedAt = Date.now();

    const error = await client.call('CreateRecTask', {}, resultSchema).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('refuses a success answer that does not match the action schema, without retrying', async () => {
    server = await startFakeApi3Server(keys, ok({ Data: { TaskId: 'not-a-number' } }));
    const { client } = clientFor(server);

    const error = await client
      .call('CreateRecTask', {}, z.object({ RequestId: z.string(), Data: z.object({ TaskId: z.number() }) }))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'InvalidResponse', retryable: false, requestId: 'req-ok' });
    expect((error as Error).message).toMatch(/Data\.TaskId/);
    expect(server.requests).toHaveLength(1);
  });

  it('never puts the secret key or the session token in an error', async () => {
    server = await startFakeApi3Server(keys, { kind: 'json', body: errorBody('AuthFailure.TokenFailure') });
    const { client } = clientFor(server, { credentials: temporary });

    const error = await client.call('CreateRecTask', {}, resultSchema).catch((e: unknown) => e);

    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(text).not.toContain(temporary.secretKey);
    expect(text).not.toContain(temporary.token);
  });
});

describe('hasTencentCode', () => {
  const error = new TencentApiError({
    action: 'DescribeTaskStatus',
    code: 'FailedOperation.NoSuchTask',
    message: 'x',
  });

  it.each([
    [['FailedOperation.NoSuchTask'], true],
    [['FailedOperation'], true],
    [['Failed'], false],
    [['InvalidParameter', 'FailedOperation.NoSuchTask'], true],
  ])('matches %j exactly or as a dotted prefix: %s', (codes, expected) => {
    expect(hasTencentCode(error, ...codes)).toBe(expected);
  });

  it('is false for anything that is not a TencentApiError', () => {
    expect(hasTencentCode(new Error('FailedOperation'), 'FailedOperation')).toBe(false);
  });
});

describe('HTTP answers without the Tencent envelope', () => {
  it.each([
    [429, 'Too Many Requests', true],
    [404, '<html>Not Found</html>', false],
    [403, '{"message":"forbidden"}', false],
    [504, '', true],
  ])('HTTP %i becomes a typed error whose retryable is %s', async (status, body, retryable) => {
    server = await startFakeApi3Server(keys, { kind: 'json', status, body });
    const client = createApi3Client({
      endpoint: 'asr.tencentcloudapi.com',
      version: '2019-06-14',
      credentials: longTerm,
      connectTo: server.origin,
      retry: { maxAttempts: 1 },
    });

    const error = await client.call('DescribeTaskStatus', {}, resultSchema).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentApiError);
    expect(error).toMatchObject({ code: `HTTP${status}`, httpStatus: status, retryable });
  });
});
