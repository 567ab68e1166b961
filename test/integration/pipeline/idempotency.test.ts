/**
 * Exactly once: the same COS event delivered three times at once gives one job and one set of
 * outputs; new content under the same key is a new job; an object carrying the pipeline's output
 * marker inside the watched prefix is ignored (no job, no status), so outputs cannot loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  INPUT_BUCKET,
  jobsOf,
  keysUnder,
  OUTPUT_BUCKET,
  type PipelineKit,
  silentWav,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
beforeAll(async () => {
  kit = await startPipeline({ scfRetryDelaysMs: [1500, 3000] });
});
afterAll(() => kit.stop());

async function doneStatus(key: string, jobIdNot?: string) {
  return eventually(async () => {
    const status = await kit.ledger.readStatus(INPUT_BUCKET, key);
    return status?.state === 'done' && status.jobId !== jobIdNot ? status : undefined;
  }, 60_000);
}

describe('the same event delivered three times, concurrently', () => {
  it('makes one job and one set of outputs', async () => {
    // Prepare
    const key = 'input/dup/thrice.wav';
    const resume = kit.pauseTrigger();
    await kit.upload(key, silentWav(900));
    resume();
    const before = kit.emulator.scf.invocations.length;

    // Act
    await Promise.all([kit.deliver(key), kit.deliver(key), kit.deliver(key)]);
    await kit.settle();
    const status = await doneStatus(key);

    // Assess
    expect(await jobsOf(kit.ledger, key)).toEqual([status.jobId]);
    expect(await keysUnder(kit.storage, OUTPUT_BUCKET, 'output/dup/')).toEqual(
      ['json', 'qc.json', 'raw.json', 'srt', 'txt', 'vtt'].map((s) => `output/dup/thrice.wav.${s}`),
    );
    const runs = kit.emulator.scf.invocations.slice(before).filter((i) => i.functionName === 'upload');
    expect(runs.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(kit.emulator.scf.deadLetters).toEqual([]);
  }, 60_000);
});

describe('a submission that failed transiently', () => {
  it("is taken over by SCF's retry at once, making one job", async () => {
    // Prepare: ASR fails every request until the first attempt has failed.
    const key = 'input/retry/once.wav';
    const before = kit.emulator.scf.invocations.length;
    kit.emulator.faults.set({ errorRate: { asr: 1 } });

    // Act
    await kit.upload(key, silentWav(700), { 'x-cos-meta-asr-engine': 'asr' });
    await eventually(async () =>
      kit.emulator.scf.invocations.slice(before).some((i) => i.outcome === 'error') ? true : undefined,
    );
    kit.emulator.faults.reset();
    await kit.settle();
    const status = await doneStatus(key);

    // Assess: the retry came long before the claim lease ran out (100 s): the release let it through.
    const runs = kit.emulator.scf.invocations.slice(before).filter((i) => i.functionName === 'upload');
    expect(runs.map((r) => r.outcome)).toEqual(['error', 'ok']);
    expect(await jobsOf(kit.ledger, key)).toEqual([status.jobId]);
    expect(status.engine).toBe('asr');
  }, 60_000);
});

describe('re-uploading changed content', () => {
  it('makes a new job, and the status follows it', async () => {
    // Prepare
    const key = 'input/again.wav';
    await kit.upload(key, silentWav(600));
    const first = await doneStatus(key);

    // Act
    await kit.upload(key, silentWav(700));
    const second = await doneStatus(key, first.jobId ?? undefined);

    // Assess
    expect(second.jobId).not.toBe(first.jobId);
    expect((await jobsOf(kit.ledger, key)).sort()).toEqual([first.jobId, second.jobId].sort());
  }, 60_000);
});

describe('an output written into the watched prefix', () => {
  it('does not trigger a job or a status', async () => {
    // Prepare
    const key = 'input/echo.wav';

    // Act
    await kit.upload(key, silentWav(500), {
      'x-cos-meta-cos-transcribe-output': '0123456789abcdef0123456789abcdef',
    });
    await kit.settle();

    // Assess
    expect(await kit.ledger.readStatus(INPUT_BUCKET, key)).toBeUndefined();
    expect(await jobsOf(kit.ledger, key)).toEqual([]);
    expect(await keysUnder(kit.storage, OUTPUT_BUCKET, 'output/echo')).toEqual([]);
  });
});
