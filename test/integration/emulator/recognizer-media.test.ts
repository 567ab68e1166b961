import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Recognition, RecognitionError, recognizeSpeech } from '../../../local/recognizer/index.js';
import { wordErrorRate } from '../../../local/recognizer/word-error-rate.js';
import { LIBRIVOX_DIR, LIBRIVOX_WER_BOUND, librivoxClips } from './recognizer-librivox.js';

const clips = librivoxClips();
const work = mkdtempSync(join(tmpdir(), 'recognizer-media-'));
// pocketsphinx needs about half the audio's duration of one core; on a busy 2-core machine it queues.
const SLOW = 240_000;

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

function expectMonotonic(recognition: Recognition): void {
  let previousEnd = 0;
  for (const sentence of recognition.sentences) {
    expect(sentence.startMs).toBe(sentence.words[0]?.startMs);
    expect(sentence.endMs).toBe(sentence.words.at(-1)?.endMs);
    for (const word of sentence.words) {
      expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(word.endMs).toBeGreaterThan(word.startMs);
      previousEnd = word.endMs;
    }
  }
  expect(previousEnd).toBeLessThanOrEqual(recognition.durationMs);
}

async function failureOf(promise: Promise<unknown>): Promise<RecognitionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RecognitionError))
    throw new Error(`expected a RecognitionError, got ${String(error)}`);
  return error;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('recognizeSpeech on real speech', () => {
  it(
    'recognises the five LibriVox clips within the word error rate pocketsphinx really reaches',
    async () => {
      // Act: all five at once; the recognizer queues them.
      const recognitions = await Promise.all(clips.map((clip) => recognizeSpeech(clip.wav)));

      // Assess
      const pairs = clips.map((clip, i) => ({
        reference: clip.reference,
        hypothesis: (recognitions[i]?.sentences ?? []).map((s) => s.text).join(' '),
      }));
      expect(wordErrorRate(pairs)).toBeLessThan(LIBRIVOX_WER_BOUND);
      for (const recognition of recognitions) expectMonotonic(recognition);
      // 0880 is 2.99 s of 16 kHz audio: 95,680 bytes of samples after the 44-byte header.
      expect(recognitions[1]?.durationMs).toBe(2990);
    },
    SLOW,
  );

  it(
    'recognises the sound track of a video',
    async () => {
      // Prepare: a tiny mp4 (black picture, AAC sound) made from one clip.
      const wav = join(work, 'clip.wav');
      const mp4 = join(work, 'clip.mp4');
      const clip = clips[1];
      if (!clip) throw new Error('pocketsphinx-testdata is not installed');
      execFileSync('cp', [join('/usr/share/pocketsphinx/test/data/librivox', `${clip.id}.wav`), wav]);
      ffmpeg(
        '-f',
        'lavfi',
        '-i',
        'color=c=black:s=64x64:r=10',
        '-i',
        wav,
        '-shortest',
        '-c:v',
        'libx264',
        '-c:a',
        'aac',
        mp4,
      );

      // Act
      const recognition = await recognizeSpeech(readFileSync(mp4), { language: '16k_en' });

      // Assess
      expectMonotonic(recognition);
      expect(
        wordErrorRate([
          { reference: clip.reference, hypothesis: recognition.sentences.map((s) => s.text).join(' ') },
        ]),
      ).toBeLessThan(0.5);
    },
    SLOW,
  );
});

describe('recognizeSpeech on a stereo telephone call', () => {
  it(
    'recognises each channel on its own when asked for two channels, and mixes down otherwise',
    async () => {
      // Prepare: 0880 on the left; 0930 on the right, starting 4 s in (16 kHz: the en-us model is wideband,
      // real 8 kHz telephone audio defeats it).
      const left = clips.find((c) => c.id.endsWith('0880'));
      const right = clips.find((c) => c.id.endsWith('0930'));
      if (!left || !right) throw new Error('pocketsphinx-testdata is not installed');
      const stereo = join(work, 'call.wav');
      ffmpeg(
        '-i',
        join(LIBRIVOX_DIR, `${left.id}.wav`),
        '-i',
        join(LIBRIVOX_DIR, `${right.id}.wav`),
        '-filter_complex',
        '[0:a]apad=whole_dur=8[l];[1:a]adelay=4000,apad=whole_dur=8[r];[l][r]join=inputs=2:channel_layout=stereo[out]',
        '-map',
        '[out]',
        stereo,
      );

      // Act
      const recognition = await recognizeSpeech(readFileSync(stereo), { channels: 2 });

      // Assess: alone (mono), pocketsphinx scores 25% WER on 0880 and 75% on 0930.
      const side = (channel: number) =>
        recognition.sentences
          .filter((s) => s.channel === channel)
          .map((s) => s.text)
          .join(' ');
      expect(wordErrorRate([{ reference: left.reference, hypothesis: side(0) }])).toBeLessThan(0.5);
      expect(wordErrorRate([{ reference: right.reference, hypothesis: side(1) }])).toBeLessThanOrEqual(0.75);
      expect(recognition.sentences.map((s) => s.startMs)).toEqual(
        [...recognition.sentences.map((s) => s.startMs)].sort((a, b) => a - b),
      );
      expect(recognition.sentences.find((s) => s.channel === 1)?.startMs).toBeGreaterThanOrEqual(4000);
    },
    SLOW,
  );
});

describe('recognizeSpeech on input that is not speech', () => {
  it(
    'fails with DecodeFailed for bytes that are not media',
    async () => {
      // Act
      const error = await failureOf(
        recognizeSpeech(Buffer.from('%PDF-1.4 definitely not audio\n'.repeat(50))),
      );

      // Assess
      expect(error.code).toBe('DecodeFailed');
      expect(error.message).not.toContain(tmpdir());
    },
    SLOW,
  );

  it(
    'fails with UnsupportedMedia for a video without sound',
    async () => {
      // Prepare
      const silentVideo = join(work, 'picture-only.mp4');
      ffmpeg('-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=10:d=1', '-c:v', 'libx264', silentVideo);

      // Act
      const error = await failureOf(recognizeSpeech(readFileSync(silentVideo)));

      // Assess
      expect(error).toMatchObject({ code: 'UnsupportedMedia', message: 'the file has no audio track' });
    },
    SLOW,
  );

  it(
    'fails with EmptyAudio for an empty file and TooLong past the limit',
    async () => {
      // Prepare
      const clip = clips[1];
      if (!clip) throw new Error('pocketsphinx-testdata is not installed');

      // Act
      const empty = await failureOf(recognizeSpeech(Buffer.alloc(0)));
      const tooLong = await failureOf(recognizeSpeech(clip.wav, { maxDurationMs: 1000 }));

      // Assess
      expect(empty.code).toBe('EmptyAudio');
      expect(tooLong).toMatchObject({ code: 'TooLong', message: 'audio is longer than the limit of 1 s' });
    },
    SLOW,
  );

  it(
    'reads headerless PCM when told its sample rate',
    async () => {
      // Prepare: the clip's samples without the wav header, at 8 kHz like phone audio.
      const pcm = join(work, 'clip.pcm');
      const clip = clips[1];
      if (!clip) throw new Error('pocketsphinx-testdata is not installed');
      execFileSync('cp', [
        join('/usr/share/pocketsphinx/test/data/librivox', `${clip.id}.wav`),
        join(work, 'in.wav'),
      ]);
      ffmpeg('-i', join(work, 'in.wav'), '-f', 's16le', '-ar', '8000', '-ac', '1', pcm);

      // Act
      const recognition = await recognizeSpeech(readFileSync(pcm), { rawPcm: { sampleRate: 8000 } });

      // Assess
      expect(recognition.durationMs).toBe(2990);
      expectMonotonic(recognition);
    },
    SLOW,
  );
});
