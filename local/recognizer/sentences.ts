/**
 * Groups recognised words into sentences the way a transcription engine does: a new sentence at
 * every utterance the voice detector separated, and inside one at any pause long enough to hear.
 */
import type { DecodedUtterance } from './pocketsphinx-output.js';
import type { RecognizedSentence, RecognizedWord } from './recognition.js';

/** Tuning for sentence splitting. */
export interface SentenceOptions {
  /** A silence at least this long between two words starts a new sentence. */
  readonly pauseMs: number;
  /** A sentence longer than this is cut at its longest inner pause, so subtitles stay readable. */
  readonly maxSentenceMs: number;
}

/**
 * 500 ms is where listeners hear a sentence break in read speech; 15 s keeps a sentence within what
 * Tencent's engines emit for continuous speech (their sentences rarely pass 15-20 s).
 */
export const DEFAULT_SENTENCE_OPTIONS: SentenceOptions = { pauseMs: 500, maxSentenceMs: 15_000 };

/** Drops fillers, keeps word timings monotonic and within the audio, and splits at pauses. */
export function toSentences(
  utterances: readonly DecodedUtterance[],
  durationMs: number,
  options: SentenceOptions = DEFAULT_SENTENCE_OPTIONS,
): RecognizedSentence[] {
  const sentences: RecognizedSentence[] = [];
  let lastEnd = 0;
  for (const utterance of utterances) {
    let run: RecognizedWord[] = [];
    for (const segment of utterance) {
      if (segment.filler) continue;
      // Clamp so that words never overlap nor run past the end of the audio, whatever the decoder printed.
      const startMs = Math.min(Math.max(segment.startMs, lastEnd), durationMs);
      const endMs = Math.min(Math.max(segment.endMs, startMs), durationMs);
      const word: RecognizedWord = {
        text: segment.word.toLowerCase(),
        startMs,
        endMs,
        confidence: clampConfidence(segment.posterior),
      };
      const previous = run.at(-1);
      if (previous && word.startMs - previous.endMs >= options.pauseMs) {
        sentences.push(...splitLong(run, options.maxSentenceMs));
        run = [];
      }
      run.push(word);
      lastEnd = endMs;
    }
    if (run.length > 0) sentences.push(...splitLong(run, options.maxSentenceMs));
  }
  return sentences;
}

function splitLong(words: RecognizedWord[], maxSentenceMs: number): RecognizedSentence[] {
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last) return [];
  if (last.endMs - first.startMs <= maxSentenceMs || words.length < 2) return [sentenceOf(words)];
  // Cut at the widest gap (ties: the one nearest the middle) and recurse on both halves.
  let cut = 1;
  let widest = -1;
  const middle = words.length / 2;
  for (let i = 1; i < words.length; i++) {
    const gap = (words[i]?.startMs ?? 0) - (words[i - 1]?.endMs ?? 0);
    if (gap > widest || (gap === widest && Math.abs(i - middle) < Math.abs(cut - middle))) {
      widest = gap;
      cut = i;
    }
  }
  return [...splitLong(words.slice(0, cut), maxSentenceMs), ...splitLong(words.slice(cut), maxSentenceMs)];
}

function sentenceOf(words: RecognizedWord[]): RecognizedSentence {
  return {
    startMs: words[0]?.startMs ?? 0,
    endMs: words.at(-1)?.endMs ?? 0,
    text: words.map((w) => w.text).join(' '),
    words,
  };
}

function clampConfidence(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, Math.round(value * 10_000) / 10_000));
}
