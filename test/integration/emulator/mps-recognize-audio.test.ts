import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiKit, jsonShape, rawApiCall, startApiKit } from './asr-kit.js';
import { LIBRIVOX_DIR, librivoxClips } from './recognizer-librivox.js';

const SLOW = 240_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const clip = librivoxClips().find((c) => c.id.endsWith('0880'));

/** The clip as MPS's default input: headerless 16 kHz mono 16-bit PCM. */
function clipAsPcm(): Buffer {
  if (!clip) throw new Error('pocketsphinx-testdata is not installed');
  return execFileSync('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-i',
    path.join(LIBRIVOX_DIR, `${clip.id}.wav`),
    '-f',
    's16le',
    '-ar',
    '16000',
    '-ac',
    '1',
    'pipe:1',
  ]);
}

describe('MPS RecognizeAudio with the official SDK', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  it(
    'recognises PCM synchronously with times in seconds',
    async () => {
      // Prepare
      const pcm = clipAsPcm();

      // Act
      const answer = await kit
        .mps()
        .RecognizeAudio({ AudioData: pcm.toString('base64'), Source: 'en', AudioFormat: 'pcm' });

      // Assess: 95,680 bytes of 16 kHz 16-bit samples are 2.99 s.
      expect(answer.AudioLength).toBe(2.99);
      expect(answer.Text).toMatch(/^He was not/);
      let previousEnd = 0;
      for (const sentence of answer.Sentence ?? []) {
        expect(sentence.Start).toBeGreaterThanOrEqual(previousEnd);
        for (const word of sentence.WordsInfo ?? []) {
          expect(word.Start).toBeGreaterThanOrEqual(previousEnd);
          expect(word.End).toBeGreaterThan(word.Start ?? Number.POSITIVE_INFINITY);
          previousEnd = word.End ?? 0;
        }
        expect(sentence.End).toBe(previousEnd);
      }
      expect(previousEnd).toBeLessThanOrEqual(2.99);
    },
    SLOW,
  );

  it(
    'answers in the recorded shape, RequestId beside Response included',
    async () => {
      // Act
      const answer = await rawApiCall(kit.emulator.port, {
        service: 'mps',
        version: '2019-06-12',
        action: 'RecognizeAudio',
        body: JSON.stringify({ AudioData: clipAsPcm().toString('base64') }),
      });

      // Assess
      const recorded = JSON.parse(
        readFileSync(path.resolve(here, '../../fixtures/tencent/recognize-audio.response.json'), 'utf8'),
      );
      expect(jsonShape(JSON.parse(answer))).toEqual(jsonShape(recorded));
    },
    SLOW,
  );

  it('refuses a sample rate PCM does not support', async () => {
    // Act
    const error = await kit
      .mps()
      .RecognizeAudio({ AudioData: 'AAAA', AudioFormat: 'pcm', SampleRate: 8000 })
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );

    // Assess
    expect(error?.code).toBe('InvalidParameterValue.SampleRate');
  });

  it('refuses a request without AudioData', async () => {
    const error = await kit
      .mps()
      .RecognizeAudio({} as never)
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
    expect(error?.code).toBe('MissingParameter');
  });
});
