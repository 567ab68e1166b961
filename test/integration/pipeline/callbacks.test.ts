/**
 * Callbacks are believed only when genuine and about the recorded task; lost ones are recovered by
 * the reconciler. The engine's own callback is dropped (emulator fault) so the job stays submitted
 * while forged, expired, misdirected and foreign-task callbacks are tried against the real API
 * Gateway route; each is refused with 4xx and writes nothing. Then the reconciler finishes the job
 * by the same path, a late genuine callback changes nothing, a claim whose submit failed on every
 * SCF attempt is submitted by the reconcile timer, a job past the hard limit is failed, and a
 * callback that arrives before its job's submission is recorded waits for the record (or, with none
 * in time, asks the engine to call again).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecretValue } from '../../../lib/config/secret-value.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import type { JobView } from '../../../lib/jobs/job-view.js';
import { signedCallbackUrl } from '../../../lib/pipeline/callback-token.js';
import { dependenciesFromEnv } from '../../../lib/pipeline/from-environment.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { reconcile } from '../../../lib/pipeline/reconcile.js';
import { DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { dialLocal } from '../../../local/send-callback.js';
import {
  CALLBACK_SECRET,
  eventually,
  INPUT_BUCKET,
  keysUnder,
  OUTPUT_BUCKET,
  type PipelineKit,
  silentWav,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
const key = 'input/lost/call.wav';
const stem = 'output/lost/';
let jobId = '';
let taskId = '';
/** Every log line the handlers wrote (SCF collects stdout). */
const lines: string[] = [];

beforeAll(async () => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
  kit = await startPipeline({ scfRetryDelaysMs: [100, 200] });
  kit.emulator.faults.set({ dropCallbacks: 1 });
  await kit.upload(key, silentWav(800), { 'x-cos-meta-asr-engine': 'asr' });
  const status = await eventually(async () => {
    const s = await kit.ledger.readStatus(INPUT_BUCKET, key);
    return s?.state === 'submitted' ? s : undefined;
  });
  jobId = status.jobId ?? '';
  taskId = status.taskId ?? '';
  // Let the task finish on the engine, so a refused callback is refused for its own reason.
  const deps = dependenciesFromEnv();
  await eventually(async () => {
    const answer = await deps.asr.describeTaskStatus({ TaskId: taskId });
    return answer.response.Data.Status >= 2 ? true : undefined;
  });
}, 60_000);
afterAll(() => kit.stop());

/** POSTs to the callback's function URL with the given token query and body. */
async function post(
  query: Record<string, string>,
  body: string,
  contentType = 'application/x-www-form-urlencoded',
  method = 'POST',
) {
  const url = new URL(kit.callbackUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  // The function URL names its tencentscf.com host: dial the emulator, keeping that Host.
  const response = await dialLocal(
    kit.emulator.port,
    url,
    method,
    { 'content-type': contentType },
    Buffer.from(body),
    30_000,
  );
  return {
    status: response.status,
    body: JSON.parse(response.body.toString('utf8')) as { code: number; message: string },
  };
}

function token(forJob: string, expiresAtMs: number): Record<string, string> {
  const url = new URL(
    signedCallbackUrl(kit.callbackUrl, forJob, expiresAtMs, new SecretValue(CALLBACK_SECRET)),
  );
  return Object.fromEntries(url.searchParams);
}

const asrBody = (requestId: string) =>
  `code=0&requestId=${requestId}&appid=1250000000&projectid=0&text=&audioTime=0.8&message=&resultDetail=`;
const ciBody = (ciJob: string, userData: string) =>
  `<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>${ciJob}</JobId><State>Success</State><Operation><UserData>${userData}</UserData></Operation></JobsDetail></Response>`;
const otherJob = 'f'.repeat(32);
const inAnHour = () => Date.now() + 3_600_000;

/** Skewed-clock dependencies: the reconciler sees the ledger as `aheadMs` older. */
function depsAhead(aheadMs: number): PipelineDeps {
  const deps = dependenciesFromEnv();
  const now = () => Date.now() + aheadMs;
  return { ...deps, now, ledger: new JobLedger({ storage: deps.storage, place: deps.config.ledger, now }) };
}

describe('a callback', () => {
  it.each([
    [
      'a bad signature',
      () => ({ ...token(jobId, inAnHour()), sig: '0'.repeat(64) }),
      () => asrBody(taskId),
      403,
      'forged',
    ],
    ['an expired token', () => token(jobId, Date.now() - 5_000), () => asrBody(taskId), 403, 'expired'],
    [
      "another job's token (CI UserData names ours)",
      () => token(otherJob, inAnHour()),
      () => ciBody('s123', jobId),
      403,
      'wrong-job',
    ],
    [
      "another job's token (unknown job)",
      () => token(otherJob, inAnHour()),
      () => asrBody(taskId),
      404,
      'unknown job',
    ],
    [
      'a task id that is not ours',
      () => token(jobId, inAnHour()),
      () => asrBody('987654321'),
      409,
      'task id does not match',
    ],
    ['no token at all', () => ({}), () => asrBody(taskId), 400, 'malformed'],
  ])('with %s is refused and writes nothing', async (_name, query, body, status, reason) => {
    // Act
    const answer = await post(query(), body());

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body.message).toContain(reason);
    expect((await kit.ledger.read(jobId))?.state).toBe('submitted');
    expect(await keysUnder(kit.storage, OUTPUT_BUCKET, stem)).toEqual([]);
  });

  it('with a genuine token but sent with GET (a function URL takes any method) is refused 405', async () => {
    // Act
    const answer = await post(token(jobId, inAnHour()), asrBody(taskId), 'text/plain', 'GET');

    // Assess
    expect(answer.status).toBe(405);
    expect(answer.body.message).toContain('POST');
    expect((await kit.ledger.read(jobId))?.state).toBe('submitted');
  });
});

describe('a lost callback', () => {
  it('is recovered by the reconciler, and a late genuine callback changes nothing', async () => {
    // Act: two minutes later (past RECONCILE_STALE_AFTER, 1 minute here), as the timer would run then.
    const summary = await reconcile(depsAhead(2 * 60_000 + 5_000));
    const outputs = await kit.storage.list(OUTPUT_BUCKET, stem);
    const late = await post(token(jobId, inAnHour()), asrBody(taskId));

    // Assess
    expect(summary).toMatchObject({ polled: 1, completed: 1, errors: 0 });
    expect((await kit.ledger.read(jobId))?.state).toBe('done');
    expect(outputs.map((o) => o.key).sort()).toEqual(
      ['json', 'qc.json', 'raw.json', 'srt', 'txt', 'vtt'].map((s) => `${stem}call.wav.${s}`),
    );
    expect(late).toEqual({ status: 200, body: { code: 0, message: 'success' } });
    expect(await kit.storage.list(OUTPUT_BUCKET, stem)).toEqual(outputs);
  });
});

describe('the reconcile timer', () => {
  it('submits a claim whose submission failed on every SCF attempt', async () => {
    // Prepare: ASR fails every request while the upload and its two SCF retries run.
    kit.emulator.faults.reset();
    kit.emulator.faults.set({ errorRate: { asr: 1 } });
    const stuck = 'input/stuck.wav';
    await kit.upload(stuck, silentWav(700), { 'x-cos-meta-asr-engine': 'asr' });
    await kit.settle();
    expect(kit.emulator.scf.deadLetters.map((d) => d.functionName)).toEqual(['upload']);
    kit.emulator.faults.reset();

    // Act
    await kit.reconcile();
    const status = await eventually(async () => {
      const s = await kit.ledger.readStatus(INPUT_BUCKET, stuck);
      return s?.state === 'done' ? s : undefined;
    });

    // Assess
    expect(status).toMatchObject({ state: 'done', engine: 'asr' });
  }, 60_000);

  it('submits an input whose trigger was lost', async () => {
    // Prepare
    const resume = kit.pauseTrigger();
    await kit.upload('input/no-event.wav', silentWav(600));
    resume();

    // Act
    await kit.reconcile();
    const status = await eventually(async () => {
      const s = await kit.ledger.readStatus(INPUT_BUCKET, 'input/no-event.wav');
      return s?.state === 'done' ? s : undefined;
    });

    // Assess
    expect(status.jobId).toMatch(/^[0-9a-f]{32}$/);
  }, 60_000);

  it('fails a job past the hard limit with a clear message', async () => {
    // Prepare
    kit.emulator.faults.set({ dropCallbacks: 1 });
    const slow = 'input/never.wav';
    await kit.upload(slow, silentWav(500), { 'x-cos-meta-asr-engine': 'asr' });
    await eventually(async () => {
      const s = await kit.ledger.readStatus(INPUT_BUCKET, slow);
      return s?.state === 'submitted' ? s : undefined;
    });

    // Act: seven hours on (RECONCILE_HARD_LIMIT defaults to 6 h).
    const summary = await reconcile(depsAhead(7 * 3_600_000));
    const status = await kit.ledger.readStatus(INPUT_BUCKET, slow);

    // Assess
    expect(summary.timedOut).toBe(1);
    expect(status).toMatchObject({ state: 'failed', error: { code: 'TimedOut' } });
    expect(status?.error?.message).toMatch(
      /^no result within 6 h of the upload \(asr task \d+\); upload the file again/,
    );
  }, 60_000);
});

describe('a callback that overtakes its submission record', () => {
  /**
   * Claims a second job for the lost-callback input, as an upload still waiting on its submit would.
   * Last but one, because the reconciler would pick these claims up.
   */
  async function claimAnother(racingJobId: string): Promise<JobView> {
    const original = await kit.ledger.read(jobId);
    if (!original) throw new Error('the first job is gone');
    const claim = await kit.ledger.claim(racingJobId, {
      input: original.input,
      profile: original.profile,
      by: 'test',
    });
    if (claim.outcome !== 'claimed') throw new Error(`${racingJobId} was claimed already`);
    return claim.view;
  }

  it('waits for the record and then completes the job', async () => {
    // Prepare: the submission is recorded 600 ms after the engine calls.
    const racing = 'e'.repeat(32);
    const claim = await claimAnother(racing);
    const recordLater = sleep(600).then(() =>
      kit.ledger.record(claim, 'submitted', { engine: 'asr', taskId }, 'upload'),
    );

    // Act
    const answer = await post(token(racing, inAnHour()), asrBody(taskId));
    await recordLater;

    // Assess
    expect(answer.status).toBe(200);
    expect((await kit.ledger.read(racing))?.state).toBe('done');
  });

  it('is asked to call again when no submission is recorded in time, and writes nothing', async () => {
    // Prepare
    const racing = 'd'.repeat(32);
    await claimAnother(racing);
    const before = await kit.storage.list(OUTPUT_BUCKET, stem);

    // Act
    const answer = await post(token(racing, inAnHour()), asrBody(taskId));

    // Assess
    expect(answer).toMatchObject({
      status: 503,
      body: { message: expect.stringContaining('not recorded yet') },
    });
    expect((await kit.ledger.read(racing))?.state).toBe('claimed');
    expect(await kit.storage.list(OUTPUT_BUCKET, stem)).toEqual(before);
  });
});

describe('the reconciler scanning for lost triggers', () => {
  it('keeps to TRIGGER_SUFFIX and to RECONCILE_MAX_SUBMISSIONS per run, deferring the rest', async () => {
    // Prepare: three uploads whose events are lost; the trigger only delivers keys ending in .wav.
    const resume = kit.pauseTrigger();
    await kit.upload('input/suffix/left-out.mp3', silentWav(400));
    await kit.upload('input/suffix/lost-1.wav', silentWav(400));
    await kit.upload('input/suffix/lost-2.wav', silentWav(400));
    resume();
    const deps = dependenciesFromEnv({
      ...process.env,
      TRIGGER_SUFFIX: '.wav',
      RECONCILE_MAX_SUBMISSIONS: '1',
    });

    // Act
    const first = await reconcile(deps);
    const second = await reconcile(deps);

    // Assess
    expect([first.recovered, first.deferred]).toEqual([1, 1]);
    expect([second.recovered, second.deferred]).toEqual([1, 0]);
    expect(await kit.ledger.readStatus(INPUT_BUCKET, 'input/suffix/left-out.mp3')).toBeUndefined();
    for (const key of ['input/suffix/lost-1.wav', 'input/suffix/lost-2.wav']) {
      expect(await kit.ledger.readStatus(INPUT_BUCKET, key)).toBeDefined();
    }
  }, 60_000);
});

describe('the logs of all of the above', () => {
  it('are JSON lines with a step, and carry no secret, token signature or presigned URL signature', () => {
    // Prepare
    const text = lines.join('');
    const entries = text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));

    // Assess
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((entry) => typeof entry.step === 'string' && typeof entry.time === 'string')).toBe(
      true,
    );
    expect(entries.some((entry) => entry.step === 'job.submitted' && entry.jobId && entry.inputKey)).toBe(
      true,
    );
    expect(text).not.toContain(CALLBACK_SECRET);
    expect(text).not.toContain(DEFAULT_SECRET_KEY);
    expect(text).not.toMatch(/q-signature=[0-9a-f]{40}/);
    expect(text).not.toMatch(/sig=[0-9a-f]{64}/);
  });
});
