/**
 * The pure parts of the CI emulator's results: Result lines, SRT cues, filters and the invariants
 * every job result keeps whatever a decoder hands it (word times monotonic, inside their sentence).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCiTime, parseCiTime } from '../../../local/ci/ci-time.js';
import { buildSpeechResult, renderResultObject } from '../../../local/ci/speech-result.js';

const speech = {
  durationMs: 25 * 3_600_000 + 4_321,
  sentences: [
    {
      startMs: 3_320,
      endMs: 19_712,
      text: 'The peasants, by Reymont.',
      words: [
        { text: 'The', startMs: 3_320, endMs: 3_960 },
        { text: 'peasants', startMs: 3_960, endMs: 5_510 },
      ],
    },
    { startMs: 25 * 3_600_000, endMs: 25 * 3_600_000 + 4_000, text: 'late', words: [] },
  ],
};

describe('a CI job result', () => {
  it('prints Result lines as [m:s.mmm,m:s.mmm] with one space, and offsets relative to the sentence', () => {
    const result = buildSpeechResult(speech, { outputObject: 'out/a.txt', filterPunc: 0 });

    expect(result.Result.split('\n')).toEqual([
      '[0:3.320,0:19.712] The peasants, by Reymont.',
      '[1500:0.000,1500:4.000] late',
    ]);
    expect(result.ResultDetail[0]?.Words[1]).toEqual({
      OffsetStartMs: '640',
      OffsetEndMs: '2190',
      VoiceType: '0',
      Word: 'peasants',
    });
    expect(result.AudioTime).toBe('90004.321');
    expect(result.ObjectName).toBe('/out/a.txt');
    expect(result.DetailObjectName).toBe('/out/a.txt.detail');
  });

  it.each([
    [0, 'The peasants, by Reymont.'],
    [1, 'The peasants, by Reymont'],
    [2, 'The peasants by Reymont'],
  ])('applies FilterPunc %i', (filterPunc, expected) => {
    expect(buildSpeechResult(speech, { outputObject: 'a', filterPunc }).ResultDetail[0]?.FinalSentence).toBe(
      expected,
    );
  });

  it('writes SRT cues whose hours count past 24 instead of wrapping', () => {
    const srt = renderResultObject(
      buildSpeechResult(speech, { outputObject: 'a.srt', filterPunc: 0 }),
      'srt',
    );

    expect(srt).toBe(
      '1\n00:00:03,320 --> 00:00:19,712\nThe peasants, by Reymont.\n\n2\n25:00:00,000 --> 25:00:04,000\nlate\n',
    );
  });

  it('keeps word times monotonic and inside their sentence for any decoder output', () => {
    const word = fc.record({
      text: fc.string({ minLength: 1 }),
      startMs: fc.integer({ min: -50, max: 20_000 }),
      endMs: fc.integer({ min: -50, max: 20_000 }),
    });
    const sentence = fc.record({
      startMs: fc.integer({ min: 0, max: 10_000 }),
      endMs: fc.integer({ min: 0, max: 20_000 }),
      text: fc.string(),
      words: fc.array(word, { maxLength: 8 }),
    });
    fc.assert(
      fc.property(fc.array(sentence, { maxLength: 5 }), (sentences) => {
        const result = buildSpeechResult(
          { durationMs: 20_000, sentences },
          { outputObject: 'a', filterPunc: 0 },
        );
        for (const s of result.ResultDetail) {
          const length = Number(s.EndMs) - Number(s.StartMs);
          expect(length).toBeGreaterThanOrEqual(0);
          let previous = 0;
          for (const w of s.Words) {
            expect(Number(w.OffsetStartMs)).toBeGreaterThanOrEqual(previous);
            expect(Number(w.OffsetEndMs)).toBeGreaterThanOrEqual(Number(w.OffsetStartMs));
            expect(Number(w.OffsetEndMs)).toBeLessThanOrEqual(length);
            previous = Number(w.OffsetStartMs);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('CI times', () => {
  it('print in China Standard Time as CI does and parse back', () => {
    const ms = Date.UTC(2021, 7, 5, 7, 43, 50);

    expect(formatCiTime(ms)).toBe('2021-08-05T15:43:50+0800');
    expect(formatCiTime(undefined)).toBe('-');
    expect(parseCiTime('2021-08-05T15:43:50+0800')).toBe(ms);
    expect(parseCiTime('yesterday')).toBeUndefined();
  });
});
