import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedSegment } from '../../../local/recognizer/pocketsphinx-output.js';
import { toSentences } from '../../../local/recognizer/sentences.js';

function seg(word: string, startMs: number, endMs: number, filler = false): DecodedSegment {
  return { word, startMs, endMs, posterior: 0.9, filler };
}

describe('toSentences', () => {
  it('starts a new sentence at every utterance and at a pause of 500 ms or more', () => {
    // Prepare
    const utterances = [
      [seg('he', 0, 200), seg('was', 200, 400), seg('<sil>', 400, 1000, true), seg('not', 1000, 1300)],
      [seg('man', 2000, 2400)],
    ];

    // Act
    const sentences = toSentences(utterances, 3000);

    // Assess
    expect(sentences.map((s) => [s.text, s.startMs, s.endMs])).toEqual([
      ['he was', 0, 400],
      ['not', 1000, 1300],
      ['man', 2000, 2400],
    ]);
  });

  it('keeps a short pause inside one sentence and drops fillers', () => {
    // Prepare
    const utterances = [[seg('he', 0, 200), seg('[NOISE]', 200, 300, true), seg('was', 400, 600)]];

    // Act
    const [sentence] = toSentences(utterances, 1000);

    // Assess
    expect(sentence?.words.map((w) => w.text)).toEqual(['he', 'was']);
  });

  it('cuts a sentence longer than the maximum at its widest pause', () => {
    // Prepare: words every 1 s with one wider gap after the fourth word.
    const words = [0, 1000, 2000, 3000, 4400, 5400, 6400].map((t, i) => seg(`w${i}`, t, t + 700));

    // Act
    const sentences = toSentences([words], 10_000, { pauseMs: 5000, maxSentenceMs: 5000 });

    // Assess
    expect(sentences.map((s) => s.text)).toEqual(['w0 w1 w2 w3', 'w4 w5 w6']);
  });

  it('always yields monotonic word timings inside the audio, whatever the decoder printed', () => {
    const segment = fc.record({
      word: fc.constantFrom('a', 'b', '<sil>', '[NOISE]'),
      startMs: fc.integer({ min: 0, max: 20_000 }),
      length: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(segment, { maxLength: 12 }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 25_000 }),
        (raw, durationMs) => {
          // Prepare
          const utterances = raw.map((u) =>
            u.map((s) =>
              seg(s.word, s.startMs, s.startMs + s.length, s.word.startsWith('<') || s.word.startsWith('[')),
            ),
          );

          // Act
          const words = toSentences(utterances, durationMs).flatMap((s) => s.words);

          // Assess
          let previousEnd = 0;
          for (const word of words) {
            expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
            expect(word.endMs).toBeGreaterThanOrEqual(word.startMs);
            expect(word.endMs).toBeLessThanOrEqual(durationMs);
            previousEnd = word.endMs;
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
