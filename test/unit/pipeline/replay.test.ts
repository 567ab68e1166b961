/**
 * Replay is a use case of the pipeline (lib/pipeline/replay.ts, issue 14), run here over in-memory
 * ports with no CLI: it finds a job by key or id and refuses, in words that say what to do, what it
 * cannot replay.
 */
import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { refusedInputStatus, statusOfJob } from '../../../lib/jobs/input-status.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { findJob, ReplayError, resubmitJob } from '../../../lib/pipeline/replay.js';
import { MemoryStorage } from '../jobs/memory-storage.js';
import { memoryConfig } from './memory-config.js';

const now = 1_800_000_000_000;
const config = memoryConfig;
const jobId = '0123456789abcdef0123456789abcdef';

/** A job claimed for input/talk.wav with an ETag its object no longer has, and its status. */
async function jobOfChangedInput() {
  const storage = new MemoryStorage(() => now);
  const ledger = new JobLedger({ storage, place: config.ledger, now: () => now });
  const key = 'input/talk.wav';
  await storage.put(
    { bucket: config.input.bucket, key },
    { body: Buffer.from('new'), contentType: 'audio/wav' },
  );
  const input = { bucket: config.input.bucket, key, etag: 'the-old-etag', size: 3 };
  await ledger.claim(jobId, {
    input,
    profile: effectiveProfile(config, key, {}),
    engine: 'asr',
    by: 'upload',
  });
  const view = await ledger.read(jobId);
  await ledger.writeStatus(statusOfJob(view as NonNullable<typeof view>));
  const deps = { config, storage, ledger, now: () => now } as unknown as PipelineDeps;
  return { deps, ledger, view: view as NonNullable<typeof view> };
}

describe('the replay use case', () => {
  it('finds the job of a key given without the input prefix, as by its id', async () => {
    // Prepare
    const { deps } = await jobOfChangedInput();

    // Act
    const byKey = await findJob(deps, 'talk.wav');
    const byId = await findJob(deps, jobId);

    // Assess
    expect(byKey.jobId).toBe(jobId);
    expect(byId.jobId).toBe(jobId);
  });

  it('refuses an input refused before any job, saying why', async () => {
    // Prepare
    const { deps, ledger } = await jobOfChangedInput();
    const error = { code: 'UnsupportedType', message: '".txt" is not audio or video' };
    await ledger.writeStatus(
      refusedInputStatus({
        bucket: config.input.bucket,
        key: 'input/notes.txt',
        state: 'skipped',
        error,
        at: now,
      }),
    );

    // Act
    const refused = await findJob(deps, 'notes.txt').catch((e: unknown) => e);

    // Assess
    expect(refused).toBeInstanceOf(ReplayError);
    expect((refused as Error).message).toBe(
      'input/notes.txt was refused before a job was made (UnsupportedType: ".txt" is not audio or video); fix it and upload again',
    );
  });

  it('does not resubmit an input that changed since its job', async () => {
    // Prepare
    const { deps, view } = await jobOfChangedInput();

    // Act
    const refused = await resubmitJob(deps, view).catch((e: unknown) => e);

    // Assess
    expect(refused).toBeInstanceOf(ReplayError);
    expect((refused as Error).message).toContain('input/talk.wav has changed since job');
  });
});
