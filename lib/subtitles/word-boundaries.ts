/**
 * Where the words of a segment start, for engines that give Chinese one token per character. Engines
 * that segment Chinese into words (Tencent's word lists give 腾讯云, 的, 了) are trusted: their
 * tokens are words. Only a segment with no token of two CJK characters is run through
 * `Intl.Segmenter`, once per sentence, never per token: ICU's dictionary lookup costs microseconds per
 * character, which on a five-hour transcript is a large share of a rendering.
 */
import type { TranscriptSegment } from '../transcript/transcript.js';
import { cleanText } from './clean-text.js';
import { chineseSegmenter } from './sentence-pieces.js';
import { isCjkChar } from './text-width.js';

/**
 * Per segment, so that the three walks of one rendering (segmentation, TXT, QC) ask ICU once. Null
 * for a segment whose tokens are words already. Keyed weakly: a cache entry goes with its transcript.
 */
const cache = new WeakMap<TranscriptSegment, Uint8Array | null>();

/**
 * `starts[offset] === 1` where a word starts in the segment's joined token texts (each token's text
 * whitespace-collapsed by `cleanText`, as units show it); undefined when the engine gave words.
 */
export function chineseWordStarts(segment: TranscriptSegment): Uint8Array | undefined {
  let starts = cache.get(segment);
  if (starts === undefined) {
    starts = perCharacter(segment) ? wordStarts(segment) : null;
    cache.set(segment, starts);
  }
  return starts ?? undefined;
}

/**
 * True when the segment has CJK text but no token holds two CJK characters in a row: the engine gave
 * characters, not words.
 */
function perCharacter(segment: TranscriptSegment): boolean {
  let cjk = false;
  for (const word of segment.words) {
    let run = 0;
    for (let i = 0; i < word.text.length; i++) {
      const code = word.text.codePointAt(i) ?? 0;
      if (code > 0xffff) i++;
      run = isCjkChar(code) ? run + 1 : 0;
      if (run === 2) return false;
      if (run === 1) cjk = true;
    }
  }
  return cjk;
}

function wordStarts(segment: TranscriptSegment): Uint8Array {
  let joined = '';
  for (const word of segment.words) joined += cleanText(word.text);
  const starts = new Uint8Array(joined.length + 1);
  // From boundary to boundary with containing(): iterating the segments builds an object per word.
  const segments = chineseSegmenter().segment(joined);
  for (let at = 0; at < joined.length; ) {
    starts[at] = 1;
    const piece = segments.containing(at) as Intl.SegmentData;
    at = piece.index + piece.segment.length;
  }
  return starts;
}
