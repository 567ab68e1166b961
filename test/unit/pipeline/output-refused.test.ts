/**
 * A write COS refuses for good (a key it will not store) ends the job with a message saying so
 * (issue 12 item 4), where it used to answer 503 to every callback until the hard limit. Runs
 * finishWithResult over the in-memory storage with one output key refused as COS refuses it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import { finishWithResult } from '../../../lib/pipeline/finish-job.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { TencentApiError } from '../../../lib/tencent/errors.js';
import type { ObjectLocation, PutBody } from '../../../lib/tencent/object-storage.js';
import { MemoryStorage } from '../jobs/memory-storage.js';
import { memoryConfig } from './memory-config.js';

const now = 1_800_000_000_000;
const config = memoryConfig;
const raw = readFileSync(
  path.resolve(import.meta.dirname, '../../fixtures/tencent/describe-task-status.success.json'),
  'utf8',
);

/** Storage that refuses one key the way COS answers a key it will not store. */
class RefusingStorage extends MemoryStorage {
  constructor(readonly refusedSuffix: string) {
    super(() => now);
  }

  override async put(location: ObjectLocation, body: PutBody): Promise<'created' | 'exists'> {
    if (location.key.endsWith(this.refusedSuffix)) {
      throw new TencentApiError({
        action: 'PutObject',
        code: 'KeyTooLong',
        message: 'Your key is 858 bytes; the limit is 850.',
        httpStatus: 400,
        requestId: 'r-1',
      });
    }
    return super.put(location, body);
  }
}

describe('an output COS refuses for good', () => {
  it('fails the job as OutputRefused, naming the key and COS answer, instead of asking for a retry', async () => {
    // Prepare
    const storage = new RefusingStorage('.raw.json');
    const ledger = new JobLedger({ storage, place: config.ledger, now: () => now });
    const deps = {
      config,
      storage,
      ledger,
      logger: createLogger({ sink: () => undefined }),
      now: () => now,
    } as unknown as PipelineDeps;
    const jobId = '0123456789abcdef0123456789abcdef';
    const key = 'input/talk.wav';
    const input = { bucket: config.input.bucket, key, etag: 'e', size: 10 };
    const claim = await ledger.claim(jobId, {
      input,
      profile: effectiveProfile(config, key, {}),
      by: 'test',
    });
    if (claim.outcome !== 'claimed') throw new Error('job claimed before');
    await ledger.record(claim.view, 'submitted', { engine: 'asr', taskId: '9266418' }, 'test');
    const view = await ledger.read(jobId);

    // Act
    const outcome = await finishWithResult(
      deps,
      view as NonNullable<typeof view>,
      { engine: 'asr', raw, rawType: 'json' },
      'callback',
    );

    // Assess
    expect(outcome).toBe('failed');
    const final = await ledger.read(jobId);
    expect(final?.state).toBe('failed');
    expect(final?.error).toEqual({
      code: 'OutputRefused',
      message:
        'COS refused to store output/talk.wav.raw.json (PutObject failed: KeyTooLong: Your key is 858 bytes; the limit is 850.); fix what it names (key length, the output bucket) and upload the file again',
    });
  });
});
