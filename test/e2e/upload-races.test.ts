/**
 * Two races of one input key, over the whole local cloud (issue 12 items 1 and 5).
 *
 * A late result of an older upload: `interview.wav` is uploaded, then uploaded again with other
 * speech; the engine's callbacks are held back and then delivered newest first, as a slow engine
 * would. The outputs stay the newer upload's, the older job writes nothing public and says why.
 * Then each content is uploaded once more: the superseded one is transcribed by a successor job,
 * and the finished one, whose outputs that replaced, has them put back.
 *
 * A slow submission: CreateRecTask is throttled (the emulator refuses every request) while a COS
 * event is handled, so its submit keeps retrying; the same event is delivered again 35 s in, past
 * the old 30 s takeover. When the throttle lifts, exactly one ASR task has been created.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/config/secret-value.js';
import type { InputStatus } from '../../lib/jobs/input-status.js';
import { jobRecordSchema } from '../../lib/jobs/job-records.js';
import { recordKey } from '../../lib/jobs/ledger-keys.js';
import { signedCallbackUrl } from '../../lib/pipeline/callback-token.js';
import { dependenciesFromEnv } from '../../lib/pipeline/from-environment.js';
import { outputMarkerKey } from '../../lib/pipeline/output-naming.js';
import { dialLocal } from '../../local/send-callback.js';
import {
  CALLBACK_SECRET,
  INPUT_PREFIX,
  LEDGER_PREFIX,
  type LocalCloud,
  OUTPUT_BUCKET,
  OUTPUT_PREFIX,
  OUTPUT_SUFFIXES,
  startLocalCloud,
} from './local-cloud.js';
import { speechClips } from './speech-clips.js';

let cloud: LocalCloud;
let clips: Buffer[];

beforeAll(async () => {
  cloud = await startLocalCloud();
  clips = await speechClips();
});
afterAll(() => cloud?.stop());

/** Polls the status of `key` (read from the store) until `done` accepts it. */
async function statusOf(key: string, done: (s: InputStatus) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await cloud.state()).statuses.get(key);
    if (status && done(status)) return status;
    if (Date.now() > deadline) throw new Error(`${key}: status still ${JSON.stringify(status)}`);
    await sleep(200);
  }
}

async function storedText(key: string) {
  const found = await cloud.emulator.store.get(OUTPUT_BUCKET, key);
  return found && { body: found.body.toString('utf8'), marker: found.meta.userMeta[outputMarkerKey] };
}

async function finalRecord(jobId: string) {
  const found = await cloud.emulator.store.get(OUTPUT_BUCKET, recordKey(LEDGER_PREFIX, jobId, 'done'));
  return found && jobRecordSchema.parse(JSON.parse(found.body.toString('utf8')));
}

/** POSTs the ASR callback of `status`'s task to the real route, as ASR would. */
async function deliverCallback(status: InputStatus) {
  const url = signedCallbackUrl(
    cloud.callbackUrl,
    status.jobId ?? '',
    Date.now() + 3_600_000,
    new SecretValue(CALLBACK_SECRET),
  );
  // The callback's function URL names its tencentscf.com host: dial the emulator, keeping that Host.
  const response = await dialLocal(
    cloud.emulator.port,
    new URL(url),
    'POST',
    { 'content-type': 'application/x-www-form-urlencoded' },
    Buffer.from(
      `code=0&requestId=${status.taskId}&appid=1250000000&projectid=0&text=&audioTime=0.9&message=&resultDetail=`,
    ),
    30_000,
  );
  return response.status;
}

describe('an older upload whose result arrives after the newer one', () => {
  const key = `${INPUT_PREFIX}race/interview.wav`;
  const stem = `${OUTPUT_PREFIX}race/interview.wav`;
  let older: InputStatus;
  let newer: InputStatus;
  let outputWritesAfterNewer = 0;
  let outputWritesAfterOlder = 0;

  beforeAll(async () => {
    // Prepare: both uploads submitted, their engine callbacks held back, both tasks finished.
    cloud.emulator.faults.set({ dropCallbacks: 1 });
    await cloud.upload(key, clips[0] as Buffer);
    older = await statusOf(key, (s) => s.state === 'submitted');
    await cloud.upload(key, clips[1] as Buffer);
    newer = await statusOf(key, (s) => s.state === 'submitted' && s.jobId !== older.jobId);
    const { asr } = dependenciesFromEnv();
    for (const taskId of [older.taskId, newer.taskId]) {
      for (;;) {
        const answer = await asr.describeTaskStatus({ TaskId: taskId ?? '' });
        if (answer.response.Data.Status >= 2) break;
        await sleep(200);
      }
    }
    cloud.emulator.faults.reset();
    const outputWrites = () =>
      [...cloud.counter.writes]
        .filter(([path]) => path.startsWith(`${OUTPUT_BUCKET}/${stem}`))
        .reduce((sum, [, n]) => sum + n, 0);

    // Act: the newer upload's callback first, then the older one's.
    expect(await deliverCallback(newer)).toBe(200);
    outputWritesAfterNewer = outputWrites();
    expect(await deliverCallback(older)).toBe(200);
    outputWritesAfterOlder = outputWrites();
  }, 120_000);

  it("keeps the newer upload's outputs, each naming its job", async () => {
    // Assess
    const done = await finalRecord(newer.jobId ?? '');
    expect(done).toMatchObject({ state: 'done' });
    for (const suffix of OUTPUT_SUFFIXES) {
      expect((await storedText(`${stem}.${suffix}`))?.marker).toBe(newer.jobId);
    }
    expect((await storedText(`${stem}.raw.json`))?.body).toMatch(
      new RegExp(`"TaskId":"?${newer.taskId}"?[,}]`),
    );
  });

  it('has the older job write nothing to the public names', () => {
    // Assess
    expect(outputWritesAfterNewer).toBe(OUTPUT_SUFFIXES.length);
    expect(outputWritesAfterOlder).toBe(outputWritesAfterNewer);
  });

  it('ends the older job as skipped, saying in plain words why', async () => {
    // Assess
    expect(await finalRecord(older.jobId ?? '')).toMatchObject({
      state: 'skipped',
      reason: {
        code: 'Superseded',
        message: expect.stringContaining('was uploaded again'),
      },
    });
    expect((await cloud.state()).statuses.get(key)).toMatchObject({ jobId: newer.jobId, state: 'done' });
  });
});

describe('an upload whose outputs were replaced, uploaded once more', () => {
  const key = `${INPUT_PREFIX}race/interview.wav`;
  const stem = `${OUTPUT_PREFIX}race/interview.wav`;
  const markers = async () =>
    Promise.all(OUTPUT_SUFFIXES.map(async (suffix) => (await storedText(`${stem}.${suffix}`))?.marker));

  it('gets the superseded job a successor, whose outputs and status are the current ones', async () => {
    // Prepare: the older content's job was superseded above; the newer one's outputs stand.
    const before = (await cloud.state()).statuses.get(key);

    // Act: the older content again, exactly as before.
    await cloud.upload(key, clips[0] as Buffer);
    const status = await statusOf(key, (s) => s.state === 'done' && s.jobId !== before?.jobId);

    // Assess
    expect(status.input.etag).not.toBe(before?.input.etag);
    expect(await markers()).toEqual(OUTPUT_SUFFIXES.map(() => status.jobId));
  }, 60_000);

  it("puts a finished job's outputs back when its content is uploaded again", async () => {
    // Prepare: the newer content's job (done, its outputs replaced by the test above).
    const done = (await cloud.state()).statuses.get(key);
    const jobs = [...((await cloud.state()).jobsByInput.get(key) ?? [])];
    const newerJob = (
      await Promise.all(jobs.map(async (jobId) => ({ jobId, final: await finalRecord(jobId) })))
    ).find((j) => j.final?.state === 'done' && j.jobId !== done?.jobId)?.jobId;

    // Act: the newer content again; its job is done, so this delivery is a duplicate.
    await cloud.upload(key, clips[1] as Buffer);
    const status = await statusOf(key, (s) => s.jobId === newerJob);
    await cloud.emulator.scf.idle();

    // Assess
    expect(status.state).toBe('done');
    expect(await markers()).toEqual(OUTPUT_SUFFIXES.map(() => newerJob));
  }, 60_000);
});

describe('a duplicate event while the first submission is still being throttled', () => {
  const key = `${INPUT_PREFIX}race/throttled.wav`;
  let tasksCreated = 0;
  let duplicatesStopped = 0;
  let throttled = 0;

  beforeAll(async () => {
    // Prepare: the event is captured, CreateRecTask refuses everything.
    const held = cloud.holdEvents();
    await cloud.upload(key, clips[2] as Buffer);
    held.release();
    const [event] = held.events;
    const count = (name: string) => cloud.counter.events.get(name) ?? 0;
    const tasksBefore = count('asr.task.created');
    const throttledBefore = count('asr.error');
    const duplicatesBefore = cloud.pipelineLog.filter((l) => l.step === 'job.duplicate').length;
    cloud.emulator.faults.set({ rateLimits: { CreateRecTask: 0 } });

    // Act: the event, the same event 35 s later, and the throttle lifted 5 s after that.
    cloud.deliver(event);
    await sleep(35_000);
    cloud.deliver(event);
    await sleep(5_000);
    cloud.emulator.faults.set({ rateLimits: { CreateRecTask: 20 } });
    await statusOf(key, (s) => s.state === 'done', 60_000);
    await cloud.emulator.scf.idle();

    tasksCreated = count('asr.task.created') - tasksBefore;
    throttled = count('asr.error') - throttledBefore;
    duplicatesStopped = cloud.pipelineLog.filter((l) => l.step === 'job.duplicate').length - duplicatesBefore;
    console.log(
      `throttled submit: ${throttled} CreateRecTask refusals, ${tasksCreated} task created, ${duplicatesStopped} duplicate stopped`,
    );
  }, 150_000);

  it('makes exactly one CreateRecTask', () => {
    // Assess
    expect(throttled).toBeGreaterThan(3);
    expect(tasksCreated).toBe(1);
  });

  it('stops the duplicate as a duplicate', () => {
    // Assess
    expect(duplicatesStopped).toBe(1);
  });
});
