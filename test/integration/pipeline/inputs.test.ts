/**
 * Every kind of input ends in its documented state (README table "Input states"), through the real
 * upload handler on the emulator: bad input is refused with an actionable status and no job; keys
 * with spaces, unicode, '+' and '%' are found, transcribed and named deterministically; '..' is
 * resolved by COS on upload, and a key whose outputs COS could not store is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  INPUT_BUCKET,
  jobsOf,
  OUTPUT_BUCKET,
  type PipelineKit,
  silentWav,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
beforeAll(async () => {
  kit = await startPipeline();
});
afterAll(() => kit.stop());

async function finalStatus(key: string) {
  return eventually(async () => {
    const status = await kit.ledger.readStatus(INPUT_BUCKET, key);
    return status && ['done', 'failed', 'skipped'].includes(status.state) ? status : undefined;
  }, 60_000);
}

describe('bad input', () => {
  it('a .txt file is skipped as UnsupportedType, with no job', async () => {
    // Act
    await kit.upload('input/notes.txt', 'not audio');
    const status = await finalStatus('input/notes.txt');

    // Assess
    expect(status).toMatchObject({ state: 'skipped', jobId: null, error: { code: 'UnsupportedType' } });
    expect(status.error?.message).toMatch(/not audio or video; upload one of .*\.wav/);
    expect(await jobsOf(kit.ledger, 'input/notes.txt')).toEqual([]);
  });

  it('an empty file fails as EmptyFile, with no job', async () => {
    // Act
    await kit.upload('input/empty.wav', Buffer.alloc(0));
    const status = await finalStatus('input/empty.wav');

    // Assess
    expect(status).toMatchObject({ state: 'failed', jobId: null, error: { code: 'EmptyFile' } });
    expect(await jobsOf(kit.ledger, 'input/empty.wav')).toEqual([]);
  });

  it('a 2 GB object fails as TooLarge from its HEAD alone, with no job', async () => {
    // Prepare: COS reports size in HEAD, and the pipeline reads nothing else of an object this big,
    // so the emulator's stored size is raised to 2 GiB instead of writing 2 GiB (trigger paused meanwhile).
    const resume = kit.pauseTrigger();
    await kit.upload('input/huge.mp4', Buffer.from('stand-in bytes'));
    await kit.fakeHeadSize(INPUT_BUCKET, 'input/huge.mp4', 2 * 1024 ** 3);
    resume();

    // Act
    await kit.deliver('input/huge.mp4');
    await kit.settle();
    const status = await finalStatus('input/huge.mp4');

    // Assess
    expect(status).toMatchObject({ state: 'failed', jobId: null, error: { code: 'TooLarge' } });
    expect(status.error?.message).toMatch(
      /2\.00 GB is over the asr limit of 1\.00 GB; split the recording or compress it/,
    );
    expect(await jobsOf(kit.ledger, 'input/huge.mp4')).toEqual([]);
  });

  it('bad metadata overrides fail as BadMetadata, naming the header', async () => {
    // Act
    await kit.upload('input/meta.wav', silentWav(500), { 'x-cos-meta-asr-engine': 'whisper' });
    const status = await finalStatus('input/meta.wav');

    // Assess
    expect(status).toMatchObject({ state: 'failed', jobId: null, error: { code: 'BadMetadata' } });
    expect(status.error?.message).toContain('x-cos-meta-asr-engine');
  });

  it('a file the engine cannot decode fails as EngineFailed, said in plain words, with the engine code kept', async () => {
    // Act: not a WAV inside, so the engine's own decoder refuses it.
    await kit.upload('input/broken.mp3', Buffer.from('this is not mpeg audio at all '.repeat(40)));
    const status = await finalStatus('input/broken.mp3');

    // Assess
    expect(status).toMatchObject({ state: 'failed', engine: 'asr', error: { code: 'EngineFailed' } });
    expect(status.error?.message).toMatch(
      /^the file could not be decoded as audio: check it plays .*\(asr task \d+ failed\)$/,
    );
    // DescribeTaskStatus, which the callback confirms with, reports a failure as Status 3 and a text.
    expect(status.error?.engineCode).toBe('3 failed');
    expect(status.error?.engineMessage).toMatch(/^Invalid audio file: /);
    expect(status.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(status.outputs).toEqual([]);
  }, 60_000);
});

describe('unusual keys', () => {
  it.each([
    ['spaces', 'input/my talk  two.wav', 'sentence'],
    ['unicode', 'input/会议/录音 ü.wav', 'sentence'],
    ['plus', 'input/a+b.wav', 'sentence'],
    ['percent', 'input/100% sure%20x.wav', 'sentence'],
  ])(
    'a key with %s ends done, outputs named after the key',
    async (_name, key, engine) => {
      // Act
      await kit.upload(key, silentWav(800));
      const status = await finalStatus(key);

      // Assess
      expect(status).toMatchObject({ state: 'done', engine, error: null });
      const srt = `output/${key.slice('input/'.length)}.srt`;
      expect(status.outputs).toContain(srt);
      expect(await kit.storage.head({ bucket: OUTPUT_BUCKET, key: srt })).toBeDefined();
    },
    60_000,
  );

  it('a key with dot segments is stored under its resolved name, and transcribed as that', async () => {
    // Act: COS resolves "a/.." (the emulator's documented assumption), so no such key can exist.
    await kit.upload('input/dots/a/../b.wav', silentWav(800));
    const status = await finalStatus('input/dots/b.wav');

    // Assess
    expect(status).toMatchObject({ state: 'done', input: { key: 'input/dots/b.wav' } });
    expect(status.outputs).toContain('output/dots/b.wav.srt');
  }, 60_000);

  it('an 848-byte key, whose outputs would pass 850 bytes, fails as KeyTooLong at upload, with no job', async () => {
    // Prepare
    const key = `input/${'长'.repeat(279)}.wav`;

    // Act
    await kit.upload(key, silentWav(800));
    const status = await finalStatus(key);

    // Assess
    expect(Buffer.byteLength(key)).toBe(847);
    expect(status).toMatchObject({ state: 'failed', jobId: null, error: { code: 'KeyTooLong' } });
    expect(status.error?.message).toMatch(
      /would be 857 bytes, over COS's 850-byte limit; shorten .* by at least 7 bytes/,
    );
    expect(await jobsOf(kit.ledger, key)).toEqual([]);
  }, 60_000);

  it('a key delivered percent-encoded in the event is found under its raw name', async () => {
    // Prepare
    const key = 'input/encoded name ü.wav';
    const resume = kit.pauseTrigger();
    await kit.upload(key, silentWav(600));
    resume();

    // Act
    await kit.deliver(key, { encodeKey: true });
    await kit.settle();
    const status = await finalStatus(key);

    // Assess
    expect(status).toMatchObject({ state: 'done', input: { key } });
  }, 60_000);
});
