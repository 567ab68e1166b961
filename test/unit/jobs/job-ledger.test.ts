import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { refusedInputStatus, statusOfJob } from '../../../lib/jobs/input-status.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { canTransition, jobStates } from '../../../lib/jobs/job-state.js';
import type { JobView } from '../../../lib/jobs/job-view.js';
import { statusKey } from '../../../lib/jobs/ledger-keys.js';
import { LedgerRecordError } from '../../../lib/jobs/ledger-record-error.js';
import type { ClaimRequest, RecordOutcome } from '../../../lib/jobs/ledger-requests.js';
import { jobIdFor } from '../../../lib/pipeline/job-id.js';
import { MemoryStorage } from './memory-storage.js';

const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://example.com/callback',
  CALLBACK_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
});
const ledgerBucket = config.ledger.bucket;
const input = { bucket: 'media-1250000000', key: 'input/talk one.wav', etag: 'abc123', size: 1234 };
const profile = effectiveProfile(config, input.key, {});
const jobId = jobIdFor({ ...input, profile });

function setup(start = 1_800_000_000_000) {
  let clock = start;
  const storage = new MemoryStorage(() => clock);
  const ledger = new JobLedger({ storage, place: config.ledger, now: () => clock });
  return { storage, ledger, advance: (ms: number) => (clock += ms), now: () => clock };
}

/** Claims job `id` and gives the job as the claim made it. */
async function claimed(
  ledger: JobLedger,
  id: string,
  request: ClaimRequest = { input, profile, by: 'upload' },
): Promise<JobView> {
  const claim = await ledger.claim(id, request);
  if (claim.outcome !== 'claimed') throw new Error(`${id} was claimed already`);
  return claim.view;
}

/** The job as a winning `record` made it. */
async function recorded(outcome: Promise<RecordOutcome>): Promise<JobView> {
  const result = await outcome;
  if (result.outcome !== 'recorded') throw new Error('the record lost its slot');
  return result.view;
}

describe('job states', () => {
  it('allow exactly the documented transitions', () => {
    // Act
    const allowed = jobStates.flatMap((from) =>
      jobStates.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );

    // Assess
    expect(allowed).toEqual([
      'claimed→submitted',
      'claimed→failed',
      'claimed→skipped',
      'submitted→done',
      'submitted→failed',
      'submitted→skipped',
    ]);
  });
});

describe('JobLedger', () => {
  it('lets exactly one of many concurrent claimers win', async () => {
    // Prepare
    const { ledger, storage } = setup();

    // Act
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ledger.claim(jobId, { input, profile, by: `upload-${i}` })),
    );

    // Assess
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'already-claimed')).toHaveLength(11);
    expect([...storage.objects.keys()]).toEqual([
      `${ledgerBucket}/cos-transcribe/jobs/${jobId}/00-claimed.json`,
    ]);
  });

  it('gives the winner of a claim the job as reading it back shows it, with no read', async () => {
    // Prepare
    const { ledger, storage } = setup();

    // Act
    const claim = await ledger.claim(jobId, { input, profile, engine: 'asr', by: 'upload', note: 'a note' });

    // Assess
    expect(claim.outcome).toBe('claimed');
    expect(storage.calls.get).toBe(0);
    expect(claim.outcome === 'claimed' ? claim.view : undefined).toEqual(await ledger.read(jobId));
  });

  it('folds a job through submitted to done with its timings and outputs', async () => {
    // Prepare
    const { ledger, advance, now } = setup();
    const claimedAt = now();
    const claim = await claimed(ledger, jobId);
    advance(1_500);
    const submitted = await recorded(
      ledger.record(
        claim,
        'submitted',
        { engine: 'asr', taskId: '18446744073709551615', callbackExpiresAt: now() + 60_000 },
        'upload',
      ),
    );
    advance(90_000);

    // Act
    const outcome = await ledger.record(
      submitted,
      'done',
      { outputs: ['output/talk one.srt'], audioDurationMs: 61_000 },
      'callback',
    );
    const view = await ledger.read(jobId);

    // Assess
    expect(outcome).toEqual({ outcome: 'recorded', view });
    expect(view).toMatchObject({
      jobId,
      state: 'done',
      input,
      claimedAt,
      submission: { engine: 'asr', taskId: '18446744073709551615', at: claimedAt + 1_500 },
      finishedAt: claimedAt + 91_500,
      outputs: ['output/talk one.srt'],
      audioDurationMs: 61_000,
      error: undefined,
    });
    expect(view?.profile).toMatchObject({
      engine: 'auto',
      model: '16k_zh',
      speakers: null,
      profilePrefix: null,
    });
  });

  it("writes the success path of a record with one PUT, and the input's first status with one more, and no reads", async () => {
    // Prepare
    const { ledger, storage } = setup();
    const claim = await claimed(ledger, jobId);
    const before = { ...storage.calls };

    // Act
    await ledger.record(
      claim,
      'submitted',
      { engine: 'ci', taskId: 's58ccb634149211ed84ce2b1cd7fbb14a' },
      'upload',
    );

    // Assess
    expect(storage.calls).toEqual({ ...before, put: before.put + 2 });
    expect((await ledger.readStatus(input.bucket, input.key))?.taskId).toBe(
      's58ccb634149211ed84ce2b1cd7fbb14a',
    );
  });

  it('writes the status of what it records, and no status when it loses', async () => {
    // Prepare
    const { ledger, advance } = setup();
    const claim = await claimed(ledger, jobId);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '42' }, 'upload'),
    );
    advance(5_000);

    // Act
    const done = await recorded(
      ledger.record(submitted, 'done', { outputs: ['output/a.srt'], note: 'no speech found' }, 'callback'),
    );
    const late = await ledger.record(
      submitted,
      'failed',
      { error: { code: 'TimedOut', message: 'no result after 6h' } },
      'reconcile',
    );

    // Assess
    expect(done).toEqual(await ledger.read(jobId));
    expect(late.outcome).toBe('lost');
    expect(await ledger.readStatus(input.bucket, input.key)).toEqual(statusOfJob(done));
  });

  it('lets a callback and the reconciler race for the outcome and keeps exactly one', async () => {
    // Prepare
    const { ledger } = setup();
    const claim = await claimed(ledger, jobId);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '42' }, 'upload'),
    );

    // Act
    const [done, failed] = await Promise.all([
      ledger.record(submitted, 'done', { outputs: ['output/a.srt'] }, 'callback'),
      ledger.record(
        submitted,
        'failed',
        { error: { code: 'HardLimit', message: 'no result after 6h' } },
        'reconcile',
      ),
    ]);
    const view = await ledger.read(jobId);

    // Assess: one recorded, the other lost and was told the winner
    const outcomes = [done.outcome, failed.outcome].sort();
    expect(outcomes).toEqual(['lost', 'recorded']);
    const loser = done.outcome === 'lost' ? done : failed;
    expect(loser.outcome === 'lost' && loser.current?.state).toBe(view?.state);
    expect(['done', 'failed']).toContain(view?.state);
  });

  it('lets a second delivery of the same outcome change nothing', async () => {
    // Prepare
    const { ledger, storage } = setup();
    const claim = await claimed(ledger, jobId);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '42' }, 'upload'),
    );
    await ledger.record(submitted, 'done', { outputs: ['output/a.srt'] }, 'callback');
    const snapshot = new Map(storage.objects);

    // Act
    const again = await ledger.record(submitted, 'done', { outputs: ['output/other.srt'] }, 'callback');

    // Assess
    expect(again).toMatchObject({ outcome: 'lost', current: { state: 'done', outputs: ['output/a.srt'] } });
    expect(storage.objects).toEqual(snapshot);
  });

  it('records a failure and a skip with the reason a person can act on', async () => {
    // Prepare
    const { ledger } = setup();
    const other = jobIdFor({ ...input, etag: 'def', profile });
    const claim = await claimed(ledger, jobId);
    const otherClaim = await claimed(ledger, other, {
      input: { ...input, etag: 'def' },
      profile,
      by: 'upload',
    });

    // Act
    await ledger.record(
      claim,
      'failed',
      { error: { code: 'FailedOperation.ErrorDownFile', message: 'ASR could not download the audio' } },
      'upload',
    );
    await ledger.record(
      otherClaim,
      'skipped',
      { reason: { code: 'NoAudio', message: 'the file has no audio stream' } },
      'upload',
    );

    // Assess
    expect((await ledger.read(jobId))?.error).toEqual({
      code: 'FailedOperation.ErrorDownFile',
      message: 'ASR could not download the audio',
    });
    expect(await ledger.read(other)).toMatchObject({ state: 'skipped', error: { code: 'NoAudio' } });
  });

  it('reads a job that was never claimed as undefined', async () => {
    // Act
    const view = await setup().ledger.read(jobId);

    // Assess
    expect(view).toBeUndefined();
  });

  it('lists jobs by phase and age for the reconciler from one listing', async () => {
    // Prepare
    const { ledger, storage, advance, now } = setup();
    const ids = ['a', 'b', 'c'].map((etag) => jobIdFor({ ...input, etag, profile }));
    const [stuckClaim = '', inFlight = '', finished = ''] = ids;
    const claims = new Map<string, JobView>();
    for (const id of ids) claims.set(id, await claimed(ledger, id));
    const claimOf = (id: string) => claims.get(id) as JobView;
    await ledger.record(claimOf(inFlight), 'submitted', { engine: 'asr', taskId: '1' }, 'upload');
    const submitted = await recorded(
      ledger.record(claimOf(finished), 'submitted', { engine: 'asr', taskId: '2' }, 'upload'),
    );
    await ledger.record(submitted, 'done', { outputs: [] }, 'callback');
    const cutoff = now() + 1;
    advance(60_000);
    const fresh = jobIdFor({ ...input, etag: 'fresh', profile });
    await ledger.claim(fresh, { input, profile, by: 'upload' });
    const calls = storage.calls.list + storage.calls.get;

    // Act
    const stale = await ledger.list({ phases: ['claimed', 'submitted'], updatedBefore: cutoff });
    const all = await ledger.list();

    // Assess
    expect(stale.map((j) => [j.jobId, j.phase]).sort()).toEqual(
      [
        [inFlight, 'submitted'],
        [stuckClaim, 'claimed'],
      ].sort(),
    );
    expect(all).toHaveLength(4);
    expect(all.find((j) => j.jobId === finished)?.phase).toBe('final');
    expect(storage.calls.list + storage.calls.get).toBe(calls + 2);
  });

  it('lists jobs by final state, reading only the finished ones', async () => {
    // Prepare
    const { ledger } = setup();
    const [okId = '', badId = '', openId = ''] = ['ok', 'bad', 'open'].map((etag) =>
      jobIdFor({ ...input, etag, profile }),
    );
    const [ok, bad] = [await claimed(ledger, okId), await claimed(ledger, badId)];
    await claimed(ledger, openId);
    const submitted = await recorded(
      ledger.record(ok, 'submitted', { engine: 'asr', taskId: '1' }, 'upload'),
    );
    await ledger.record(submitted, 'done', { outputs: ['output/a.srt'] }, 'callback');
    await ledger.record(
      bad,
      'failed',
      { error: { code: 'EmptyFile', message: 'the object is 0 bytes' } },
      'upload',
    );

    // Act
    const failed = await ledger.listByState(['failed']);
    const open = await ledger.listByState(['claimed', 'done']);

    // Assess
    expect(failed.map((j) => [j.jobId, j.error?.code])).toEqual([[badId, 'EmptyFile']]);
    expect(open.map((j) => j.jobId).sort()).toEqual([okId, openId].sort());
  });

  it('refuses to trust a hand-edited record', async () => {
    // Prepare
    const { ledger, storage } = setup();
    await ledger.claim(jobId, { input, profile, by: 'upload' });
    const key = `cos-transcribe/jobs/${jobId}/01-submitted.json`;
    await storage.put(
      { bucket: ledgerBucket, key },
      { body: '{"state":"submitted"}', contentType: 'application/json' },
    );

    // Act
    const reading = ledger.read(jobId);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(LedgerRecordError);
    await expect(reading).rejects.toThrow(
      `ledger object ${key} is unreadable (not a record this version understands)`,
    );
  });
});

describe('input status objects', () => {
  it('live at a fixed key derived from the input, whatever characters the key holds', async () => {
    // Prepare
    const awkward = ['input/a b+c%20.wav', 'input/../etc/passwd.wav', 'input/访谈 一.mp3'];

    // Act
    const keys = awkward.map((key) => statusKey('cos-transcribe/', input.bucket, key));

    // Assess
    for (const key of keys) expect(key).toMatch(/^cos-transcribe\/status\/[0-9a-f]{40}\.json$/);
    expect(new Set(keys).size).toBe(3);
    expect(statusKey('cos-transcribe/', input.bucket, awkward[0] ?? '')).toBe(keys[0]);
  });

  it('show what became of an input: engine, task id, timings, outputs', async () => {
    // Prepare
    const { ledger, advance } = setup();
    const claim = await claimed(ledger, jobId);
    advance(2_000);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'ci', taskId: 'sabc' }, 'upload'),
    );
    advance(30_000);

    // Act
    const view = await recorded(
      ledger.record(
        submitted,
        'done',
        { outputs: ['output/talk one.srt', 'output/talk one.json'] },
        'callback',
      ),
    );
    const status = await ledger.readStatus(input.bucket, input.key);

    // Assess
    expect(status).toMatchObject({
      jobId,
      state: 'done',
      engine: 'ci',
      model: '16k_zh',
      taskId: 'sabc',
      outputs: ['output/talk one.srt', 'output/talk one.json'],
      error: null,
    });
    expect(status?.timings).toEqual({
      startedAt: view.claimedAt,
      submittedAt: view.claimedAt + 2_000,
      finishedAt: view.claimedAt + 32_000,
      elapsedMs: 32_000,
    });
  });

  it('never go back: a late "submitted" write keeps the stored "done"', async () => {
    // Prepare
    const { ledger } = setup();
    const claim = await claimed(ledger, jobId);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '7' }, 'upload'),
    );
    await ledger.record(submitted, 'done', { outputs: ['output/x.srt'] }, 'callback');

    // Act
    const late = await ledger.writeStatus(statusOfJob(submitted));

    // Assess
    expect(late).toBe('kept-newer');
    expect((await ledger.readStatus(input.bucket, input.key))?.state).toBe('done');
  });

  it('are corrected from the ledger when the stored one trails it', async () => {
    // Prepare: the status says submitted, then the callback records done but crashes before the status write
    const { ledger, storage } = setup();
    const claim = await claimed(ledger, jobId);
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '7' }, 'upload'),
    );
    const statusObject = `${ledgerBucket}/${statusKey('cos-transcribe/', input.bucket, input.key)}`;
    const submittedStatus = storage.objects.get(statusObject);
    await ledger.record(submitted, 'done', { outputs: ['output/x.srt'] }, 'callback');
    // The crash: the done status never reached COS.
    if (submittedStatus) storage.objects.set(statusObject, submittedStatus);

    // Act
    const status = await ledger.readStatus(input.bucket, input.key);

    // Assess
    expect(status).toMatchObject({ state: 'done', outputs: ['output/x.srt'] });
  });

  it('follow a re-upload: the newer job wins over a late write for the older one', async () => {
    // Prepare
    const { ledger, advance } = setup();
    await ledger.claim(jobId, { input, profile, by: 'upload' });
    const old = await ledger.read(jobId);
    advance(10_000);
    const newer = jobIdFor({ ...input, etag: 'v2', profile });
    await ledger.claim(newer, { input: { ...input, etag: 'v2' }, profile, by: 'upload' });
    const fresh = await ledger.read(newer);
    if (!old || !fresh) throw new Error('job missing');
    await ledger.writeStatus(statusOfJob(fresh));

    // Act
    const late = await ledger.writeStatus(statusOfJob(old));

    // Assess
    expect(late).toBe('kept-newer');
    expect((await ledger.readStatus(input.bucket, input.key))?.jobId).toBe(newer);
  });

  it("write a new input's first status in one request, and read before every later one", async () => {
    // Prepare
    const { ledger, storage } = setup();
    const claim = await claimed(ledger, jobId);
    const before = { ...storage.calls };

    // Act
    const submitted = await recorded(
      ledger.record(claim, 'submitted', { engine: 'asr', taskId: '7' }, 'upload'),
    );
    const afterFirst = { ...storage.calls };
    await ledger.record(submitted, 'done', { outputs: ['output/x.srt'] }, 'callback');
    const afterDone = { ...storage.calls };
    const again = await ledger.writeStatus(statusOfJob(submitted));

    // Assess: the record and the status, one PUT each; the later status reads first
    expect({ get: afterFirst.get - before.get, put: afterFirst.put - before.put }).toEqual({
      get: 0,
      put: 2,
    });
    expect({ get: afterDone.get - afterFirst.get, put: afterDone.put - afterFirst.put }).toEqual({
      get: 1,
      put: 2,
    });
    expect(again).toBe('kept-newer');
    expect((await ledger.readStatus(input.bucket, input.key))?.state).toBe('done');
  });

  it("never lets a first-status write replace a newer job's status stored before it", async () => {
    // Prepare: the re-upload's job already wrote its status when the older job's first write arrives
    const { ledger, advance } = setup();
    const old = await claimed(ledger, jobId);
    advance(10_000);
    const newer = jobIdFor({ ...input, etag: 'v2', profile });
    const fresh = await claimed(ledger, newer, { input: { ...input, etag: 'v2' }, profile, by: 'upload' });
    await ledger.record(fresh, 'submitted', { engine: 'ci', taskId: 'new' }, 'upload');

    // Act
    const late = await ledger.record(old, 'submitted', { engine: 'ci', taskId: 'old' }, 'upload');

    // Assess
    expect(late.outcome).toBe('recorded');
    expect((await ledger.readStatus(input.bucket, input.key))?.taskId).toBe('new');
  });

  it('go straight to the read for a job whose claimed status was shown, and follow it', async () => {
    // Prepare: an inline engine's claim is shown while it recognises
    const { ledger, storage } = setup();
    const claim = await claimed(ledger, jobId);
    await ledger.writeStatus(statusOfJob(claim));
    const before = { ...storage.calls };

    // Act
    await ledger.record(claim, 'submitted', { engine: 'sentence', taskId: 'inline-1' }, 'upload', {
      claimStatusWritten: true,
    });

    // Assess: the record, then the status read and written, with no create-if-absent attempt
    expect({ get: storage.calls.get - before.get, put: storage.calls.put - before.put }).toEqual({
      get: 1,
      put: 2,
    });
    expect((await ledger.readStatus(input.bucket, input.key))?.state).toBe('submitted');
  });

  it('record inputs refused before any job existed', async () => {
    // Prepare
    const { ledger, now } = setup();

    // Act
    await ledger.writeStatus(
      refusedInputStatus({
        bucket: input.bucket,
        key: 'input/notes.txt',
        state: 'skipped',
        error: {
          code: 'UnsupportedType',
          message: 'text/plain is not audio or video; upload wav, mp3, m4a, mp4, ...',
        },
        at: now(),
      }),
    );

    // Assess
    expect(await ledger.readStatus(input.bucket, 'input/notes.txt')).toMatchObject({
      jobId: null,
      state: 'skipped',
      error: { code: 'UnsupportedType' },
    });
  });
});

describe('stored profiles', () => {
  it('give back the settings the job id was made from, so a resubmission is the same job', async () => {
    // Prepare
    const { ledger } = setup();
    const tuned = effectiveProfile(config, input.key, {
      'asr-engine': 'asr',
      // auto (0), not a fixed count: ASR refuses fixed counts on the default 16k model.
      'asr-speakers': 'auto',
      'asr-hotwords': 'COS|11',
    });
    const id = jobIdFor({ ...input, profile: tuned });
    await ledger.claim(id, { input, profile: tuned, by: 'upload' });
    const view = await ledger.read(id);
    if (!view) throw new Error('job missing');

    // Act
    const again = jobIdFor({ ...view.input, profile: view.profile });

    // Assess
    expect(again).toBe(id);
  });
});
