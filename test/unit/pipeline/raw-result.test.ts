/**
 * `.raw.json` is the engine's result as received (README, Outputs): the bytes the engine sent, with
 * fields this project does not know and ids as the numbers they were. It used to be the zod-parsed
 * answer stringified again, which dropped unknown fields and turned ASR's numeric TaskId into a string.
 * Runs the callback's pull (pullAndFinish) over the in-memory storage, against a loopback API 3.0
 * server answering with the recorded fixtures plus a field no schema names.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { createAsrClient } from '../../../lib/engines/asr/asr-client.js';
import { createMpsClient } from '../../../lib/engines/mps/mps-client.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import { pullAndFinish } from '../../../lib/pipeline/complete.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import type { Credentials } from '../../../lib/tencent/credentials.js';
import { MemoryStorage } from '../jobs/memory-storage.js';
import { type FakeApi3Server, startFakeApi3Server } from '../tencent-api3/fake-api3-server.js';
import { memoryConfig } from './memory-config.js';

const now = 1_800_000_000_000;
const config = memoryConfig;
const credentials: Credentials = { secretId: 'AKIDrawresult0001', secretKey: 'raw-result-secret-key' };
/** A recorded answer (sources in test/fixtures/tencent/README.md) with a field no schema names. */
const withUnknownField = (name: string) =>
  readFileSync(new URL(`../../fixtures/tencent/${name}`, import.meta.url), 'utf8').replace(
    /"Response":\s*\{/,
    (opening) => `${opening}"NewFieldTencentAdded": {"Kept": true, "Id": 18446744073709551615}, `,
  );

let server: FakeApi3Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A job submitted to `engine`, and the deps that reach the fake API 3.0 server answering `body`. */
async function submittedJob(engine: 'asr' | 'sentence' | 'mps', key: string, body: string) {
  server = await startFakeApi3Server(
    { [credentials.secretId]: credentials.secretKey },
    { kind: 'json', body },
  );
  const clientOptions = { credentials, connectTo: server.origin, retry: { sleep: async () => {} } };
  const storage = new MemoryStorage(() => now);
  await storage.put(
    { bucket: config.input.bucket, key },
    { body: Buffer.from('audio'), contentType: 'audio/wav' },
  );
  const ledger = new JobLedger({ storage, place: config.ledger, now: () => now });
  const deps = {
    config,
    storage,
    ledger,
    asr: createAsrClient(clientOptions),
    mps: createMpsClient(clientOptions),
    logger: createLogger({ sink: () => undefined }),
    now: () => now,
  } as unknown as PipelineDeps;
  const jobId = '0123456789abcdef0123456789abcdef';
  const head = await storage.head({ bucket: config.input.bucket, key });
  const input = { bucket: config.input.bucket, key, etag: head?.etag ?? '', size: 5 };
  const profile = effectiveProfile(config, key, { 'asr-engine': engine });
  const claim = await ledger.claim(jobId, { input, profile, by: 'test' });
  if (claim.outcome !== 'claimed') throw new Error('job claimed before');
  await ledger.record(claim.view, 'submitted', { engine, taskId: '9266418' }, 'test');
  const view = await ledger.read(jobId);
  return { deps, storage, view: view as NonNullable<typeof view> };
}

describe('the raw result output', () => {
  it.each([
    ['asr', 'input/talk.wav', 'describe-task-status.success.json'],
    ['sentence', 'input/talk.wav', 'sentence-recognition.response.json'],
    ['mps', 'input/talk.pcm', 'recognize-audio.response.json'],
  ] as const)(
    'of %s holds the bytes the engine sent, unknown fields and number types kept',
    async (engine, key, fixture) => {
      // Prepare
      const sent = withUnknownField(fixture);
      expect(sent).toContain('NewFieldTencentAdded');
      const { deps, storage, view } = await submittedJob(engine, key, sent);

      // Act
      const outcome = await pullAndFinish(deps, view, 'callback');

      // Assess
      expect(outcome).toBe('done');
      const raw = await storage.get({ bucket: config.output.bucket, key: `output/${key.slice(6)}.raw.json` });
      expect(raw?.body.equals(Buffer.from(sent, 'utf8'))).toBe(true);
    },
  );

  it('keeps ASR TaskId a JSON number', async () => {
    // Prepare
    const sent = withUnknownField('describe-task-status.success.json');
    const { deps, storage, view } = await submittedJob('asr', 'input/talk.wav', sent);

    // Act
    await pullAndFinish(deps, view, 'callback');

    // Assess
    const raw = await storage.get({ bucket: config.output.bucket, key: 'output/talk.wav.raw.json' });
    expect(raw?.body.toString('utf8')).toContain('"TaskId": 9266418,');
  });
});
