/**
 * Reads what `pocketsphinx_continuous -time yes` prints on stdout. For every utterance the voice
 * detector finds it prints the hypothesis on one line, then one line per segment:
 * `<word> <start s> <end s> <posterior>`, bracketed by `<s>` and `</s>`, with fillers such as `<sil>`,
 * `[NOISE]`, `[SPEECH]` or `++UH++` in between. Times count from the start of the stream (checked
 * against two clips joined by a 2 s pause) in 10 ms frames; the end time is the START of the last
 * frame, so a word really ends one frame later. Alternative pronunciations carry a suffix: `was(2)`.
 */

/** A word (or filler) as pocketsphinx saw it, times in integer ms. */
export interface DecodedSegment {
  readonly word: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly posterior: number;
  readonly filler: boolean;
}

/** Segments of one utterance, in order. */
export type DecodedUtterance = DecodedSegment[];

// pocketsphinx's frame rate is 100 frames/s (`-frate 100`), so one frame is 10 ms.
const FRAME_MS = 10;
const SEGMENT_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;

/** Splits stdout into utterances of segments; hypothesis lines are ignored (the segments say it all). */
export function parsePocketsphinxOutput(stdout: string): DecodedUtterance[] {
  const utterances: DecodedUtterance[] = [];
  let current: DecodedSegment[] | undefined;
  for (const line of stdout.split('\n')) {
    const match = SEGMENT_LINE.exec(line.trim());
    if (!match) continue;
    const [, token = '', start = '0', end = '0', posterior = '0'] = match;
    if (token === '<s>') {
      current = [];
      continue;
    }
    if (token === '</s>') {
      if (current && current.length > 0) utterances.push(current);
      current = undefined;
      continue;
    }
    const segment: DecodedSegment = {
      word: token.replace(/\(\d+\)$/, ''),
      startMs: secondsToMs(start),
      endMs: secondsToMs(end) + FRAME_MS,
      posterior: Number(posterior),
      filler: isFiller(token),
    };
    // An utterance without `<s>` should not happen, but keep its words rather than lose them.
    if (current) current.push(segment);
    else utterances.push([segment]);
  }
  if (current && current.length > 0) utterances.push(current);
  return utterances;
}

/** `<sil>`, `[NOISE]`, `++UM++`: the noise dictionary's entries, never words of the transcript. */
export function isFiller(token: string): boolean {
  return /^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(token);
}

function secondsToMs(text: string): number {
  // Integer arithmetic on the printed digits avoids 0.29 * 1000 = 289.99999999999994.
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}
