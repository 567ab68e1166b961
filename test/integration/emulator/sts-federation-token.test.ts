import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiKit, sdkErrorCode as errorCode, type SdkCredential, startApiKit } from './asr-kit.js';

const POLICY = encodeURIComponent(
  JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: ['asr:*'], resource: ['*'] }] }),
);

interface FederationToken {
  Credentials: { Token: string; TmpSecretId: string; TmpSecretKey: string };
  ExpiredTime: number;
  Expiration: string;
}

describe('STS GetFederationToken', () => {
  let kit: ApiKit;
  let issued: FederationToken;
  beforeAll(async () => {
    kit = await startApiKit();
    issued = (await kit.common('sts.tencentcloudapi.com', '2018-08-13').request('GetFederationToken', {
      Name: 'pipeline',
      Policy: POLICY,
      DurationSeconds: 900,
    })) as FederationToken;
  });
  afterAll(async () => kit.close());

  it('issues temporary credentials that expire after the requested duration', () => {
    // Assess
    const now = Math.floor(Date.now() / 1000);
    expect(issued.Credentials.TmpSecretId).toMatch(/^AKID/);
    expect(issued.Credentials.Token.length).toBeGreaterThan(32);
    expect(issued.ExpiredTime).toBeGreaterThanOrEqual(now + 895);
    expect(issued.ExpiredTime).toBeLessThanOrEqual(now + 901);
    expect(issued.Expiration).toBe(new Date(issued.ExpiredTime * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('lets ASR accept the temporary credentials with their token', async () => {
    // Prepare
    const credential: SdkCredential = {
      secretId: issued.Credentials.TmpSecretId,
      secretKey: issued.Credentials.TmpSecretKey,
      token: issued.Credentials.Token,
    };

    // Act / Assess: authentication passes, so the answer is about the TaskId.
    expect(await errorCode(kit.asr(credential).DescribeTaskStatus({ TaskId: 1 }))).toBe(
      'FailedOperation.NoSuchTask',
    );
  });

  it('rejects the temporary credentials without their token, or with another one, with AuthFailure.TokenFailure', async () => {
    // Prepare
    const bare = { secretId: issued.Credentials.TmpSecretId, secretKey: issued.Credentials.TmpSecretKey };

    // Act / Assess
    expect(await errorCode(kit.asr(bare).DescribeTaskStatus({ TaskId: 1 }))).toBe('AuthFailure.TokenFailure');
    expect(await errorCode(kit.asr({ ...bare, token: 'forged' }).DescribeTaskStatus({ TaskId: 1 }))).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it('rejects temporary credentials once they have expired with AuthFailure.TokenFailure', async () => {
    // Prepare: credentials for one second.
    const short = (await kit.common('sts.tencentcloudapi.com', '2018-08-13').request('GetFederationToken', {
      Name: 'brief',
      Policy: POLICY,
      DurationSeconds: 1,
    })) as FederationToken;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const credential: SdkCredential = {
      secretId: short.Credentials.TmpSecretId,
      secretKey: short.Credentials.TmpSecretKey,
      token: short.Credentials.Token,
    };

    // Act / Assess
    expect(await errorCode(kit.asr(credential).DescribeTaskStatus({ TaskId: 1 }))).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it('refuses to issue credentials from temporary credentials', async () => {
    // Prepare
    const credential: SdkCredential = {
      secretId: issued.Credentials.TmpSecretId,
      secretKey: issued.Credentials.TmpSecretKey,
      token: issued.Credentials.Token,
    };

    // Act / Assess
    const client = kit.common('sts.tencentcloudapi.com', '2018-08-13', credential);
    expect(await errorCode(client.request('GetFederationToken', { Name: 'again', Policy: POLICY }))).toBe(
      'InvalidParameter.AccessKeyNotSupport',
    );
  });

  it('refuses a duration beyond 7200 s and a policy that is not a policy', async () => {
    const client = kit.common('sts.tencentcloudapi.com', '2018-08-13');
    expect(
      await errorCode(
        client.request('GetFederationToken', { Name: 'n', Policy: POLICY, DurationSeconds: 7201 }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await errorCode(client.request('GetFederationToken', { Name: 'n', Policy: 'nope' }))).toBe(
      'InvalidParameterValue',
    );
  });
});
