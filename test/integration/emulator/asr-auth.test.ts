import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTc3 } from '../../../lib/sign/tc3.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type ApiKit, DEFAULT_CREDENTIAL, sdkErrorCode as errorCode, startApiKit } from './asr-kit.js';

/** Sends a hand-signed API 3.0 request so a test can change it after signing. */
async function rawCall(
  port: number,
  options: {
    action: string;
    body: string;
    sentBody?: string;
    timestamp?: number;
    tamper?: (headers: Record<string, string>) => void;
  },
): Promise<{
  status: number;
  json: { Response: { Error?: { Code: string; Message: string }; RequestId: string } };
}> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signedHeaders = {
    'content-type': 'application/json',
    host: 'asr.tencentcloudapi.com',
    'x-tc-action': options.action.toLowerCase(),
  };
  const signature = signTc3(
    {
      method: 'POST',
      host: 'asr.tencentcloudapi.com',
      path: '/',
      query: '',
      headers: signedHeaders,
      payload: options.body,
      service: 'asr',
      timestamp,
    },
    { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: 'asr.tencentcloudapi.com',
    'x-tc-action': options.action,
    'x-tc-version': '2019-06-14',
    'x-tc-timestamp': String(timestamp),
    authorization: signature.authorization,
  };
  options.tamper?.(headers);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
      );
    });
    req.on('error', reject);
    req.end(options.sentBody ?? options.body);
  });
}

describe('ASR authentication with the official SDK', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  it('accepts a correctly signed request (and answers an unknown TaskId with NoSuchTask)', async () => {
    expect(await errorCode(kit.asr().DescribeTaskStatus({ TaskId: 1 }))).toBe('FailedOperation.NoSuchTask');
  });

  it('verifies GET requests too, signing the query string and reading parameters from it', async () => {
    // Prepare: the SDK's GET form (`reqMethod: 'GET'`) flattens parameters into the query string.
    const client = kit.asr(DEFAULT_CREDENTIAL, 'GET');

    // Act
    const created = await client.CreateRecTask({
      EngineModelType: '16k_en',
      ChannelNum: 1,
      ResTextFormat: 0,
      SourceType: 0,
      Url: 'http://127.0.0.1:1/unreachable.wav',
      KeyWordLibIdList: ['a', 'b'],
    });
    const status = await client.DescribeTaskStatus({ TaskId: created.Data?.TaskId ?? 0 });

    // Assess
    expect(status.Data?.TaskId).toBe(created.Data?.TaskId);
    expect(
      await errorCode(
        kit.asr({ ...DEFAULT_CREDENTIAL, secretKey: 'wrong' }, 'GET').DescribeTaskStatus({ TaskId: 1 }),
      ),
    ).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a wrong secret key with AuthFailure.SignatureFailure', async () => {
    // Prepare
    const client = kit.asr({ ...DEFAULT_CREDENTIAL, secretKey: 'not-the-key' });

    // Act / Assess
    expect(await errorCode(client.DescribeTaskStatus({ TaskId: 1 }))).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const client = kit.asr({
      secretId: 'AKIDunknown000000000000000000000000',
      secretKey: DEFAULT_SECRET_KEY,
    });
    expect(await errorCode(client.DescribeTaskStatus({ TaskId: 1 }))).toBe('AuthFailure.SecretIdNotFound');
  });

  it('verifies over the headers the client chose to sign, and rejects one changed after signing', async () => {
    // Prepare: x-tc-action is signed too (as in the doc's second worked example).
    const body = '{"TaskId":1}';

    // Act
    const honest = await rawCall(kit.emulator.port, { action: 'DescribeTaskStatus', body });
    const tampered = await rawCall(kit.emulator.port, {
      action: 'DescribeTaskStatus',
      body,
      tamper: (headers) => {
        headers['x-tc-action'] = 'CreateRecTask';
      },
    });

    // Assess
    expect(honest.status).toBe(200);
    expect(honest.json.Response.Error?.Code).toBe('FailedOperation.NoSuchTask');
    expect(tampered.status).toBe(200);
    expect(tampered.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a body changed after signing', async () => {
    // Act: signed over TaskId 1, sent with TaskId 2.
    const result = await rawCall(kit.emulator.port, {
      action: 'DescribeTaskStatus',
      body: '{"TaskId":1}',
      sentBody: '{"TaskId":2}',
    });

    // Assess
    expect(result.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a malformed Authorization header with AuthFailure.InvalidAuthorization', async () => {
    const result = await rawCall(kit.emulator.port, {
      action: 'DescribeTaskStatus',
      body: '{"TaskId":1}',
      tamper: (headers) => {
        headers.authorization = 'Bearer something';
      },
    });
    expect(result.json.Response.Error?.Code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('answers an unknown action with InvalidAction', async () => {
    const client = kit.common('asr.tencentcloudapi.com', '2019-06-14');
    expect(await errorCode(client.request('DescribeNothing', {}))).toBe('InvalidAction');
  });

  it('answers an undocumented parameter with UnknownParameter and a missing one with MissingParameter', async () => {
    const client = kit.common('asr.tencentcloudapi.com', '2019-06-14');
    expect(await errorCode(client.request('DescribeTaskStatus', { TaskId: 1, Extra: 1 }))).toBe(
      'UnknownParameter',
    );
    expect(await errorCode(client.request('DescribeTaskStatus', {}))).toBe('MissingParameter');
  });
});

describe('ASR clock skew', () => {
  it('rejects a request more than 5 minutes away from the server clock with AuthFailure.SignatureExpire', async () => {
    // Prepare: the emulator's clock runs 6 minutes ahead of the client's.
    const kit = await startApiKit({ now: () => Date.now() + 6 * 60_000 });
    try {
      // Act / Assess
      expect(await errorCode(kit.asr().DescribeTaskStatus({ TaskId: 1 }))).toBe(
        'AuthFailure.SignatureExpire',
      );
    } finally {
      await kit.close();
    }
  });

  it('accepts a request 4 minutes away', async () => {
    const kit = await startApiKit({ now: () => Date.now() - 4 * 60_000 });
    try {
      expect(await errorCode(kit.asr().DescribeTaskStatus({ TaskId: 1 }))).toBe('FailedOperation.NoSuchTask');
    } finally {
      await kit.close();
    }
  });
});

describe('ASR rate limits', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  // An unsupported engine is refused after admission, so no recognition starts and nothing costs CPU.
  const bogusTask = {
    EngineModelType: 'nope',
    ChannelNum: 1,
    ResTextFormat: 0,
    SourceType: 0,
    Url: 'http://x/a.wav',
  };

  it('answers RequestLimitExceeded past 20 CreateRecTask calls in one second', async () => {
    // Prepare
    const client = kit.asr();

    // Act: 25 calls at once.
    const codes = await Promise.all(
      Array.from({ length: 25 }, () => errorCode(client.CreateRecTask(bogusTask as never))),
    );

    // Assess
    expect(codes.filter((c) => c === 'InvalidParameterValue')).toHaveLength(20);
    expect(codes.filter((c) => c === 'RequestLimitExceeded')).toHaveLength(5);
  });

  it('admits again once the window has slid past, and honours a tighter limit set at run time', async () => {
    // Prepare
    const client = kit.asr();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    kit.emulator.faults.set({ rateLimits: { CreateRecTask: 2 } });

    // Act
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push(await errorCode(client.CreateRecTask(bogusTask as never)));
    kit.emulator.faults.reset();

    // Assess
    expect(codes).toEqual(['InvalidParameterValue', 'InvalidParameterValue', 'RequestLimitExceeded']);
  });
});
