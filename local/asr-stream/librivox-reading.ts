/**
 * A reading for live-stream demos and tests: the LibriVox clips of Debian's pocketsphinx-testdata
 * ("Sense and Sensibility", 16 kHz mono WAV) joined with pauses into one WAV, as a stream's audio.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where `dpkg -L pocketsphinx-testdata` puts the clips. */
export const LIBRIVOX_CLIPS_DIR = '/usr/share/pocketsphinx/test/data/librivox';

/**
 * The clips whose names end in `idSuffixes` (e.g. '0880'), in that order and repeated as given (every
 * clip once, in name order, by default), each followed by `pauseMs` of silence, after a first pause.
 */
export function librivoxReading(idSuffixes?: readonly string[], pauseMs = 1_200): Buffer {
  const names = readdirSync(LIBRIVOX_CLIPS_DIR)
    .filter((name) => name.endsWith('.wav'))
    .sort();
  const chosen = (idSuffixes ?? names.map((name) => name.slice(-8, -4))).map((suffix) => {
    const name = names.find((candidate) => candidate.endsWith(`${suffix}.wav`));
    if (!name) throw new Error(`no LibriVox clip *${suffix} (install pocketsphinx-testdata)`);
    return name;
  });
  const pause = Buffer.alloc(Math.round(pauseMs * 16) * 2);
  const pcm = chosen.flatMap((name) => [pcmOf(readFileSync(path.join(LIBRIVOX_CLIPS_DIR, name))), pause]);
  return pcmWav(Buffer.concat([pause, ...pcm]));
}

function pcmOf(file: Buffer): Buffer {
  const at = file.indexOf('data', 12, 'ascii');
  return file.subarray(at + 8, at + 8 + file.readUInt32LE(at + 4));
}

/** 16 kHz mono 16-bit PCM with its 44-byte WAV header. */
export function pcmWav(pcm: Buffer): Buffer {
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
