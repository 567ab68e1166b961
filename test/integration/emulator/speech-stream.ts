/**
 * Speech for live-stream tests: LibriVox clips (Debian's pocketsphinx-testdata, see
 * recognizer-librivox.ts) joined with silences into one 16 kHz mono WAV, as a stream's audio.
 */
import { librivoxClip } from './recognizer-librivox.js';

/** The clips (by id suffix, in order, repeated as given) with `pauseMs` of silence after each. */
export function speechStreamWav(idSuffixes: readonly string[], pauseMs: number): Buffer {
  const silence = Buffer.alloc(Math.round(pauseMs * 16) * 2);
  const parts = idSuffixes.flatMap((suffix) => [pcmOf(librivoxClip(suffix).wav), silence]);
  return wav(Buffer.concat([silence, ...parts]));
}

function pcmOf(file: Buffer): Buffer {
  const at = file.indexOf('data', 12, 'ascii');
  return file.subarray(at + 8, at + 8 + file.readUInt32LE(at + 4));
}

function wav(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
