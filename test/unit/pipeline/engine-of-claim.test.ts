/**
 * The engine a file's job is routed to is stored with its claim (issue 14): resubmitting a claim
 * (the reconciler, `replay`) reads it there, where it used to download the WAV again to route it
 * afresh. A claim written before the engine was recorded is still routed from the file.
 */
import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { engineOfClaim } from '../../../lib/pipeline/engine-of-claim.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { silentWav } from '../../integration/pipeline/pipeline-kit.js';
import { MemoryStorage } from '../jobs/memory-storage.js';
import { memoryConfig } from './memory-config.js';

const now = 1_800_000_000_000;
const config = memoryConfig;
const key = 'input/short-clip.wav';

/** A 5-second WAV (which `auto` routes to SentenceRecognition) claimed with engine `auto`. */
async function claimedClip(engine: 'sentence' | undefined) {
  const storage = new MemoryStorage(() => now);
  const wav = silentWav(5_000);
  await storage.put({ bucket: config.input.bucket, key }, { body: wav, contentType: 'audio/wav' });
  const ledger = new JobLedger({ storage, place: config.ledger, now: () => now });
  const input = { bucket: config.input.bucket, key, etag: 'e', size: wav.length };
  const jobId = '0123456789abcdef0123456789abcdef';
  const profile = effectiveProfile(config, key, {});
  await ledger.claim(jobId, { input, profile, engine, by: 'upload' });
  const view = await ledger.read(jobId);
  storage.calls.get = 0;
  const deps = { config, storage, ledger, now: () => now } as unknown as PipelineDeps;
  return { deps, storage, view: view as NonNullable<typeof view> };
}

describe('the engine of a claim', () => {
  it('is the one the claim recorded, read without fetching the file again', async () => {
    // Prepare
    const { deps, storage, view } = await claimedClip('sentence');

    // Act
    const engine = await engineOfClaim(deps, view);

    // Assess
    expect(view.profile.engine).toBe('auto');
    expect(view.engine).toBe('sentence');
    expect(engine).toBe('sentence');
    expect(storage.calls.get).toBe(0);
  });

  it('of a claim that recorded none is routed again from the file, as when it was claimed', async () => {
    // Prepare
    const { deps, storage, view } = await claimedClip(undefined);

    // Act
    const engine = await engineOfClaim(deps, view);

    // Assess
    expect(view.engine).toBeUndefined();
    expect(engine).toBe('sentence');
    expect(storage.calls.get).toBe(1);
  });
});
