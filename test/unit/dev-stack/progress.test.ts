/**
 * The dev stack's progress follower over a real JobLedger on in-memory storage: it reports every
 * input whose status object appears in the ledger, whoever uploaded it (the inbox or the CLI), each
 * step once and in order, a sign of life while a job is unfinished, and nothing for what was there
 * before it started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type InputStatus, refusedInputStatus } from '../../../lib/jobs/input-status.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { statusFolder } from '../../../lib/jobs/ledger-keys.js';
import { followProgress, type Progress, type ProgressStep } from '../../../local/dev-stack/progress.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

const place = { bucket: 'output-1250000000', prefix: 'cos-transcribe/' };
const inputBucket = 'input-1250000000';

function status(key: string, state: InputStatus['state'], extra: Partial<InputStatus> = {}): InputStatus {
  return {
    version: 1,
    input: { bucket: inputBucket, key, etag: 'e1', size: 100 },
    jobId: 'a'.repeat(32),
    state,
    engine: state === 'claimed' ? null : 'asr',
    model: '16k_en',
    taskId: state === 'claimed' ? null : '42',
    timings: {
      startedAt: 1_000,
      submittedAt: state === 'claimed' ? null : 1_200,
      finishedAt: null,
      elapsedMs: null,
    },
    outputs: [],
    error: null,
    note: null,
    ...extra,
  };
}

let progress: Progress | undefined;
afterEach(() => progress?.close());

/** A follower over fresh storage, collecting `step key` lines; `clock` drives its sense of time. */
function follower(clock = { now: 0 }, lifeSignMs = 60_000) {
  const storage = new MemoryStorage();
  const ledger = new JobLedger({ storage, place });
  const steps: string[] = [];
  const seen: ProgressStep[] = [];
  progress = followProgress({
    ledger,
    storage,
    statusFolder: { bucket: place.bucket, prefix: statusFolder(place.prefix) },
    inputBucket,
    onStep: (step) => {
      seen.push(step);
      steps.push(`${step.step} ${step.key}`);
    },
    onError: (key, error) => steps.push(`error ${key} ${String(error)}`),
    intervalMs: 5,
    lifeSignMs,
    now: () => clock.now,
  });
  return { ledger, steps, seen };
}

const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the progress follower', () => {
  it('reports an input it was never told about, as soon as its status object appears', async () => {
    // Prepare
    const { ledger, steps } = follower();
    await settle();

    // Act: what the upload function writes for a CLI upload, then the callback's outcome.
    await ledger.writeStatus(status('input/cli.wav', 'submitted'));
    await settle();
    await ledger.writeStatus(
      status('input/cli.wav', 'done', {
        outputs: ['output/cli.wav.srt'],
        timings: { startedAt: 1_000, submittedAt: 1_200, finishedAt: 9_000, elapsedMs: 8_000 },
      }),
    );
    await settle();

    // Assess
    expect(steps).toEqual([
      'claimed input/cli.wav',
      'submitted input/cli.wav',
      'recognising input/cli.wav',
      'finished input/cli.wav',
    ]);
  });

  it('reports another upload of a key it expects, when that upload has other bytes', async () => {
    // Prepare: the inbox uploaded bytes with ETag e1 and expects that upload's steps.
    const { ledger, steps } = follower();
    await settle();
    progress?.follow('input/talk.wav', 'e1');
    await ledger.writeStatus(status('input/talk.wav', 'done'));
    await settle();

    // Act: the CLI uploads other bytes (ETag e2) under the same key: a new job.
    await ledger.writeStatus(
      status('input/talk.wav', 'submitted', {
        jobId: 'b'.repeat(32),
        input: { bucket: inputBucket, key: 'input/talk.wav', etag: 'e2', size: 200 },
      }),
    );
    await settle();

    // Assess
    expect(steps).toEqual([
      'claimed input/talk.wav',
      'submitted input/talk.wav',
      'recognising input/talk.wav',
      'finished input/talk.wav',
      'claimed input/talk.wav',
      'submitted input/talk.wav',
      'recognising input/talk.wav',
    ]);
  });

  it('reports an input refused before any job once, as finished', async () => {
    // Prepare
    const { ledger, steps } = follower();
    await settle();

    // Act
    await ledger.writeStatus(
      refusedInputStatus({
        bucket: inputBucket,
        key: 'input/notes.txt',
        state: 'skipped',
        error: { code: 'UnsupportedType', message: '".txt" is not audio or video' },
        at: 5_000,
      }),
    );
    await settle();
    await settle();

    // Assess
    expect(steps).toEqual(['finished input/notes.txt']);
  });

  it('says an unfinished job is still going every lifeSignMs', async () => {
    // Prepare
    const clock = { now: 0 };
    const { ledger, seen } = follower(clock, 15_000);
    await settle();
    await ledger.writeStatus(status('input/long.wav', 'submitted'));
    await settle();

    // Act
    clock.now = 15_000;
    await settle();
    clock.now = 31_000;
    await settle();

    // Assess
    const signs = seen.filter((step) => step.step === 'still-working');
    expect(signs.map((step) => (step.step === 'still-working' ? step.sinceMs : 0))).toEqual([15_000, 31_000]);
  });

  it('keeps quiet about statuses written before it started', async () => {
    // Prepare: an earlier session's finished job.
    const storage = new MemoryStorage();
    await new JobLedger({ storage, place }).writeStatus(status('input/old.wav', 'failed'));
    const steps: string[] = [];

    // Act
    progress = followProgress({
      ledger: new JobLedger({ storage, place }),
      storage,
      statusFolder: { bucket: place.bucket, prefix: statusFolder(place.prefix) },
      inputBucket,
      onStep: (step) => {
        steps.push(step.step);
      },
      onError: () => {},
      intervalMs: 5,
    });
    await settle();

    // Assess
    expect(steps).toEqual([]);
  });
});
