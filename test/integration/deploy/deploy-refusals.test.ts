/**
 * What stops `npm run deploy` before it changes anything, each with one line naming the fix: an
 * environment the functions would refuse, a missing bucket, buckets in another region than
 * serverless.yml's, refused credentials, and credentials without the SCF permission (an SCF stand-in
 * answering as Tencent does for a CAM denial). Run against the emulator, reading serverless.yml
 * through serverless@3 like the command does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeployError } from '../../../deploy/deploy-error.js';
import { runDeploy } from '../../../deploy/run-deploy.js';
import { api3Failure } from '../../../local/api3/envelope.js';
import { type Emulator, startEmulator } from '../../../local/emulator.js';

let emulator: Emulator;
let denying: Emulator;
let dataDir: string;
let home: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'deploy-refusals-'));
  home = mkdtempSync(path.join(tmpdir(), 'deploy-refusals-home-'));
  emulator = await startEmulator({
    port: 0,
    dataDir: path.join(dataDir, 'a'),
    quiet: true,
    buckets: ['input', 'output'],
  });
  await emulator.store.inner.createBucketIn('far-1250000000', 'ap-shanghai');
  denying = await startEmulator({
    port: 0,
    dataDir: path.join(dataDir, 'b'),
    quiet: true,
    buckets: ['input', 'output'],
    services: () => [
      {
        name: 'scf-denying',
        handles: (host) => host === 'scf.tencentcloudapi.com',
        handle: async (request) =>
          api3Failure(
            'req-1',
            'UnauthorizedOperation.CAM',
            `no permission for ${String(request.headers['x-tc-action'])}`,
          ),
      },
    ],
  });
});
afterAll(async () => {
  await emulator?.close();
  await denying?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function refusal(cloud: () => Emulator, env: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  try {
    await runDeploy({
      env: { PATH: process.env.PATH ?? '', HOME: home, COS_TRANSCRIBE_LOCAL_CLOUD: cloud().url, ...env },
      artifact: path.join(dataDir, 'never-read.zip'),
      say: (line) => lines.push(line),
    });
  } catch (error) {
    if (error instanceof DeployError) return error.message;
    throw error;
  }
  throw new Error(`the deploy went on: ${lines.join(' | ')}`);
}

describe('npm run deploy stops before any change', () => {
  it.each([
    [
      'an environment the functions would refuse',
      () => emulator,
      { CALLBACK_SECRET: 'short' },
      'the functions would refuse the environment serverless.yml gives them: CALLBACK_SECRET: is shorter than 32 characters; use a random value, e.g. openssl rand -hex 32',
    ],
    [
      'a bucket that does not exist',
      () => emulator,
      { OUTPUT_BUCKET: 'nowhere-1250000000' },
      'bucket nowhere-1250000000 (OUTPUT_BUCKET) does not exist in ap-guangzhou: create it there (COS console, or coscli mb cos://nowhere-1250000000 -e cos.ap-guangzhou.myqcloud.com) or set OUTPUT_BUCKET to an existing bucket',
    ],
    [
      "a bucket in another region than serverless.yml's",
      () => emulator,
      { INPUT_BUCKET: 'far-1250000000' },
      "bucket far-1250000000 (INPUT_BUCKET) is in ap-shanghai but serverless.yml deploys to ap-guangzhou: set REGION=ap-shanghai, the buckets' region (COS triggers fire only in their own region)",
    ],
    [
      'credentials Tencent does not know',
      () => emulator,
      { TENCENTCLOUD_SECRETID: 'AKIDunknown00000000000000000000000000', TENCENTCLOUD_SECRETKEY: 'wrong' },
      'Tencent refused the credentials (COS InvalidAccessKeyId): check TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)',
    ],
    [
      'credentials without the SCF permission',
      () => denying,
      {},
      'the credentials may not call scf:GetFunction (UnauthorizedOperation.CAM): attach QcloudSCFFullAccess (or a policy allowing scf:GetFunction) to this user in CAM',
    ],
  ])('for %s, with one line naming the fix', async (_case, cloud, env, line) => {
    // Act
    const message = await refusal(cloud, env);

    // Assess
    expect(message).toBe(line);
    expect(emulator.functions.journal).toEqual([]);
  });
});
