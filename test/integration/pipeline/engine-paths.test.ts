/**
 * Upload to outputs through each engine path, with the real handlers on the emulator: the CI speech
 * job path, the ASR CreateRecTask path (presigned URL, signed callback) and the short-clip path
 * (SentenceRecognition, completed inside the upload function). Real LibriVox speech, recognised by
 * the emulator's pocketsphinx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  INPUT_BUCKET,
  OUTPUT_BUCKET,
  type PipelineKit,
  speech,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
beforeAll(async () => {
  // Filters on, so the test can see them reach the engine.
  kit = await startPipeline({ env: { FILTER_DIRTY: '2', FILTER_MODAL: '1' } });
});
afterAll(() => kit.stop());

async function finalStatus(key: string) {
  return eventually(async () => {
    const status = await kit.ledger.readStatus(INPUT_BUCKET, key);
    return status && ['done', 'failed', 'skipped'].includes(status.state) ? status : undefined;
  }, 90_000);
}

/** LibriVox WAVs are 16 kHz mono 16-bit: past the 44-byte header they are exactly the PCM MPS takes. */
async function pcmSpeech(clip: '0880'): Promise<Buffer> {
  return (await speech(clip)).subarray(44);
}

describe.each([
  { engine: 'sentence', key: 'input/short/clip one.wav', clip: '0880', headers: {} },
  { engine: 'asr', key: 'input/asr/talk.wav', clip: '0930', headers: { 'x-cos-meta-asr-engine': 'asr' } },
  { engine: 'ci', key: 'input/ci/talk.wav', clip: '0880', headers: { 'x-cos-meta-asr-engine': 'ci' } },
  { engine: 'mps', key: 'input/mps/talk.pcm', clip: '0880', headers: { 'x-cos-meta-asr-engine': 'mps' } },
] as const)('an upload through the $engine path', ({ engine, key, clip, headers }) => {
  it('ends done with every format, the QC report and the raw result in the output bucket', async () => {
    // Prepare
    const audio = engine === 'mps' ? await pcmSpeech(clip) : await speech(clip);

    // Act
    await kit.upload(key, audio, headers);
    const status = await finalStatus(key);

    // Assess
    expect(status).toMatchObject({ state: 'done', engine, error: null });
    const stem = key.replace(/^input\//, 'output/');
    const expected = ['srt', 'vtt', 'txt', 'json', 'qc.json', `raw.${engine === 'ci' ? 'xml' : 'json'}`].map(
      (suffix) => `${stem}.${suffix}`,
    );
    expect([...status.outputs].sort()).toEqual([...expected].sort());
    const srt = await kit.storage.get({ bucket: OUTPUT_BUCKET, key: `${stem}.srt` });
    expect(srt?.contentType).toBe('application/x-subrip; charset=utf-8');
    expect(srt?.metadata['cos-transcribe-output']).toBe(status.jobId);
    expect(srt?.body.toString('utf8')).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> /);
    const vtt = await kit.storage.get({ bucket: OUTPUT_BUCKET, key: `${stem}.vtt` });
    expect(vtt?.contentType).toBe('text/vtt; charset=utf-8');
    expect(vtt?.body.toString('utf8')).toMatch(/^WEBVTT/);
    const txt = await kit.storage.get({ bucket: OUTPUT_BUCKET, key: `${stem}.txt` });
    expect(txt?.body.toString('utf8').trim().length).toBeGreaterThan(5);
    if (engine === 'ci') {
      // CI echoes the job's parameters in its result: the configured filters were sent.
      const raw = (await kit.storage.get({ bucket: OUTPUT_BUCKET, key: `${stem}.raw.xml` }))?.body.toString();
      expect(raw).toContain('<FilterDirty>2</FilterDirty>');
      expect(raw).toContain('<FilterModal>1</FilterModal>');
    }
  }, 150_000);
});
