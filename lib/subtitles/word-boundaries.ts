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

const TWO_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

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
 * True when the segment has CJK text but no token holds two CJK characters: the engine gave
 * characters, not words.
 */
function perCharacter(segment: TranscriptSegment): boolean {
  let cjk = false;
  for (const word of segment.words) {
    if (TWO_CJK.test(word.text)) return false;
    cjk ||= CJK.test(word.text);
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
