/**
 * Inputs that are not fine say so (issue 12 item 12). Silence ends done with empty subtitles, a QC
 * report flagging `noSpeech` and a status note in plain words; speech has neither. A WAV whose header
 * shows 8 kHz goes to the engine's 8k model where it has one, and is warned about where it has not;
 * stereo into a mono model is warned about. Each through the real functions over the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputStatus } from '../../../lib/jobs/input-status.js';
import {
  eventually,
  INPUT_BUCKET,
  OUTPUT_BUCKET,
  type PipelineKit,
  silentWav,
  speech,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;

beforeAll(async () => {
  kit = await startPipeline();
});
afterAll(() => kit.stop());

/** Uploads `body` to `key` with engine asr (and `headers`), and waits for it to end. */
async function transcribe(key: string, body: Buffer, headers: Record<string, string> = {}) {
  await kit.upload(key, body, { 'x-cos-meta-asr-engine': 'asr', ...headers });
  return eventually<InputStatus>(async () => {
    const status = await kit.ledger.readStatus(INPUT_BUCKET, key);
    return status && ['done', 'failed', 'skipped'].includes(status.state) ? status : undefined;
  }, 60_000);
}

async function qcOf(status: InputStatus) {
  const key = status.outputs.find((k) => k.endsWith('.qc.json')) ?? '';
  const stored = await kit.storage.get({ bucket: OUTPUT_BUCKET, key });
  return JSON.parse(stored?.body.toString('utf8') ?? '{}') as { noSpeech?: boolean };
}

describe('a file of silence', () => {
  it('ends done with a note and a QC flag saying no speech was found', async () => {
    // Act
    const status = await transcribe('input/audio/silence.wav', silentWav(12_000));

    // Assess
    expect(status).toMatchObject({ state: 'done', error: null });
    expect(status.note).toBe(
      'no speech found in 12.0 s of audio; check the file has sound, and that its language matches the model',
    );
    expect(await qcOf(status)).toMatchObject({ noSpeech: true });
  }, 60_000);
});

describe('a file of speech', () => {
  it('ends done with no note and no QC flag', async () => {
    // Act
    const status = await transcribe('input/audio/speech.wav', await speech('0880'));

    // Assess
    expect(status).toMatchObject({ state: 'done', note: null, model: '16k_en' });
    expect(await qcOf(status)).toMatchObject({ noSpeech: false });
  }, 60_000);
});

describe('an 8 kHz telephone recording', () => {
  it('goes to the 8k model of its language, and the status says so', async () => {
    // Act
    const status = await transcribe('input/audio/call.wav', silentWav(2_000, { sampleRate: 8_000 }));

    // Assess
    expect(status).toMatchObject({ state: 'done', model: '8k_en' });
    expect(status.note).toMatch(
      /^8 kHz audio: recognised with the 8k_en telephone model instead of 16k_en; /,
    );
  }, 60_000);

  it('is warned about where the engine has no 8k model for the language', async () => {
    // Act
    const status = await transcribe('input/audio/call-large.wav', silentWav(2_000, { sampleRate: 8_000 }), {
      'x-cos-meta-asr-language': '16k_en_large',
    });

    // Assess
    expect(status).toMatchObject({ state: 'done', model: '16k_en_large' });
    expect(status.note).toMatch(
      /^8 kHz audio through the 16k_en_large model, made for 16 kHz, and asr has no 8k_en_large model: results may be poor; /,
    );
  }, 60_000);
});

describe('a stereo recording for a mono model', () => {
  it('is warned about, naming how to keep one speaker per channel', async () => {
    // Act
    const status = await transcribe('input/audio/stereo.wav', silentWav(2_000, { channels: 2 }));

    // Assess
    expect(status.state).toBe('done');
    expect(status.note).toMatch(/^2-channel audio recognised as one mixed channel; .*"channels": 2/);
  }, 60_000);
});
