/**
 * The LibriVox clips Debian's pocketsphinx-testdata ships (five sentences of "Sense and Sensibility",
 * 16 kHz mono wav) with their reference transcripts, for word-error-rate tests of the offline recognizer.
 * `.ci/run` installs the package; `sudo apt-get install -y pocketsphinx-testdata` does it by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `dpkg -L pocketsphinx-testdata` puts the clips. */
export const LIBRIVOX_DIR = '/usr/share/pocketsphinx/test/data/librivox';

/**
 * pocketsphinx_continuous with the Debian en-us model scores 36.6% pooled WER on these five clips
 * (26 errors in 71 words, measured here; the issue quotes "about 37%"). The bound leaves a little room
 * for ffmpeg versions, not for a broken pipeline (dropped sentences or words push it past 50%).
 */
export const LIBRIVOX_WER_BOUND = 0.4;

/** One clip: its id, the wav bytes and the reference words. */
export interface LibrivoxClip {
  readonly id: string;
  readonly wav: Buffer;
  readonly reference: string;
}

/** Reads the clips listed in `transcription` (lines `<s> words </s> (id)`). */
export function librivoxClips(): LibrivoxClip[] {
  const transcription = readFileSync(join(LIBRIVOX_DIR, 'transcription'), 'utf8');
  return transcription
    .split('\n')
    .map((line) => /^<s> (.*) <\/s> \((.+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, reference = '', id = '']) => ({
      id,
      reference,
      wav: readFileSync(join(LIBRIVOX_DIR, `${id}.wav`)),
    }));
}

/** The clip whose id ends in `idSuffix` (e.g. '0880'); throws when the test data lacks it. */
export function librivoxClip(idSuffix: string): LibrivoxClip {
  const clip = librivoxClips().find((c) => c.id.endsWith(idSuffix));
  if (!clip) throw new Error(`pocketsphinx-testdata is not installed (no librivox clip *${idSuffix})`);
  return clip;
}
