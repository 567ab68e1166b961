/**
 * Real, tiny media for the suite: phrases spoken by espeak-ng (each under a second), so every upload
 * is genuine speech the recognizer hears, yet a burst of hundreds stays cheap. The emulator's
 * recognition cache (local/recognizer/recognition-cache.ts) recognises each distinct clip once;
 * identical audio gives identical results, so this changes no answer.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pcmWav } from '../../local/asr-stream/librivox-reading.js';

const run = promisify(execFile);

/** The phrases; short, common words the US English model knows. */
export const PHRASES = ['hello world', 'good morning', 'thank you', 'yes please', 'open the door'] as const;

/** WAV bytes of each phrase (espeak-ng at 200 words per minute: 0.7-0.95 s each). */
export async function speechClips(): Promise<Buffer[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-clips-'));
  try {
    return await Promise.all(
      PHRASES.map(async (phrase, index) => {
        const file = path.join(dir, `${index}.wav`);
        await run('espeak-ng', ['-s', '200', '-w', file, phrase]);
        return readFile(file);
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A WAV of `ms` milliseconds of silence, 16 kHz mono 16-bit. */
export function silentWav(ms: number): Buffer {
  return pcmWav(Buffer.alloc(Math.round((ms * 16_000) / 1000) * 2));
}
