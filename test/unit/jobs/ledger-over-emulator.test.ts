// The ledger's guarantees hold only if the real storage adapter and COS keep create-if-absent
// atomic. This runs the ledger over lib/tencent/cos (cos-nodejs-sdk-v5) against the local emulator
// on a loopback port the test starts: the same races as job-ledger.test.ts, over real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/config/config-error.js';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { jobIdFor } from '../../../lib/pipeline/job-id.js';
import { createCosStorage } from '../../../lib/tencent/cos/cos-storage.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Emulator, startEmulator } from '../../../local/emulator.js';
import { cosClient } from '../../integration/emulator/cos-harness.js';

const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://example.com/callback',
  CALLBACK_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
});

let emulator: Emulator;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ledger-emulator-'));
  emulator = await startEmulator({ port: 0, quiet: true, buckets: ['media', 'versioned'], dataDir });
});

afterAll(async () => {
  await emulator?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function storage() {
  return createCosStorage({
    region: 'ap-guangzhou',
    credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    endpoint: { ip: `127.0.0.1:${emulator.port}` },
  });
}

function ledger(place = config.ledger): JobLedger {
  return new JobLedger({ storage: storage(), place });
}

describe('JobLedger over COS (emulator, official SDK)', () => {
  it('lets exactly one of several concurrent claimers win, each with its own connection', async () => {
    // Prepare
    const input = { bucket: 'media-1250000000', key: 'input/race 一+%.wav', etag: 'e1', size: 10 };
    const jobId = jobIdFor({ ...input, profile: effectiveProfile(config, input.key, {}) });
    const claimers = Array.from({ length: 6 }, () => ledger());

    // Act
    const results = await Promise.all(
      claimers.map((l, i) =>
        l.claim(jobId, { input, profile: effectiveProfile(config, input.key, {}), by: `u${i}` }),
      ),
    );

    // Assess
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    expect((await ledger().read(jobId))?.state).toBe('claimed');
  });

  it('keeps one outcome when a callback and the reconciler race, and reports it in the status', async () => {
    // Prepare
    const input = { bucket: 'media-1250000000', key: 'input/outcome.wav', etag: 'e2', size: 10 };
    const profile = effectiveProfile(config, input.key, {});
    const jobId = jobIdFor({ ...input, profile });
    const [callback, reconciler] = [ledger(), ledger()];
    const claim = await callback.claim(jobId, { input, profile, by: 'upload' });
    if (claim.outcome !== 'claimed') throw new Error('job claimed before');
    const submitted = await callback.record(
      claim.view,
      'submitted',
      { engine: 'asr', taskId: '1234567890123' },
      'upload',
    );
    if (submitted.outcome !== 'recorded') throw new Error('submission lost');

    // Act
    const [done, failed] = await Promise.all([
      callback.record(submitted.view, 'done', { outputs: ['output/outcome.srt'] }, 'callback'),
      reconciler.record(
        submitted.view,
        'failed',
        { error: { code: 'HardLimit', message: 'gave up' } },
        'reconcile',
      ),
    ]);
    const view = await ledger().read(jobId);
    if (!view) throw new Error('job missing');

    // Assess
    expect([done.outcome, failed.outcome].sort()).toEqual(['lost', 'recorded']);
    const winner = done.outcome === 'recorded' ? 'done' : 'failed';
    expect(view.state).toBe(winner);
    expect((await ledger().readStatus(input.bucket, input.key))?.state).toBe(winner);
    expect(await ledger().list({ phases: ['final'] })).toEqual([
      expect.objectContaining({ jobId, phase: 'final' }),
    ]);
  });
});

describe('a ledger bucket with versioning', () => {
  it('lets forbid-overwrite through (as COS does), so the ledger refuses it before its first claim', async () => {
    // Prepare: versioning enabled, then suspended: "ever enabled" is what matters.
    const bucket = 'versioned-1250000000';
    const cos = cosClient(emulator.port);
    const before = await storage().versioning(bucket);
    for (const Status of ['Enabled', 'Suspended'] as const) {
      await cos.putBucketVersioning({
        Bucket: bucket,
        Region: 'ap-guangzhou',
        VersioningConfiguration: { Status },
      });
    }
    const place = { bucket, prefix: 'cos-transcribe/' };
    const raw = storage();
    const first = await raw.put(
      { bucket, key: 'k' },
      { body: 'a', contentType: 'text/plain', ifAbsent: true },
    );
    const second = await raw.put(
      { bucket, key: 'k' },
      { body: 'b', contentType: 'text/plain', ifAbsent: true },
    );
    const input = { bucket: 'media-1250000000', key: 'input/v.wav', etag: 'e', size: 1 };

    // Act
    const claim = ledger(place)
      .claim('0123456789abcdef0123456789abcdef', {
        input,
        profile: effectiveProfile(config, input.key, {}),
        by: 'u',
      })
      .catch((error: unknown) => error);

    // Assess
    expect(before).toBeUndefined();
    expect(await raw.versioning(bucket)).toBe('Suspended');
    expect([first, second]).toEqual(['created', 'created']);
    const error = await claim;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        variable: 'LEDGER_BUCKET',
        message:
          'bucket versioned-1250000000 has versioning suspended (it was enabled), and COS then ignores x-cos-forbid-overwrite, so duplicate uploads would each claim and submit the job; point LEDGER_BUCKET at a bucket that never had versioning (it can only be suspended, never turned off)',
      },
    ]);
    expect(await raw.list(bucket, 'cos-transcribe/')).toEqual([]);
  });
});
