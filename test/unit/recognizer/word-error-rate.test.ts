import { describe, expect, it } from 'vitest';
import { normalizeWords, wordErrorRate, wordErrors } from '../../../local/recognizer/word-error-rate.js';

describe('wordErrors', () => {
  it.each([
    ['identical', 'a b c', 'a b c', { substitutions: 0, deletions: 0, insertions: 0 }],
    ['one substitution', 'a b c', 'a x c', { substitutions: 1, deletions: 0, insertions: 0 }],
    ['one deletion', 'a b c', 'a c', { substitutions: 0, deletions: 1, insertions: 0 }],
    ['one insertion', 'a b c', 'a b x c', { substitutions: 0, deletions: 0, insertions: 1 }],
    ['empty hypothesis', 'a b', '', { substitutions: 0, deletions: 2, insertions: 0 }],
    ['empty reference', '', 'a', { substitutions: 0, deletions: 0, insertions: 1 }],
  ])('counts %s', (_name, reference, hypothesis, expected) => {
    expect(wordErrors(normalizeWords(reference), normalizeWords(hypothesis))).toMatchObject(expected);
  });
});

describe('wordErrorRate', () => {
  it('pools errors over all pairs and divides by all reference words', () => {
    // Prepare: 1 error in 4 words, 1 error in 1 word.
    const pairs = [
      { reference: 'he was not ill', hypothesis: 'he was not illness' },
      { reference: 'man', hypothesis: '' },
    ];

    // Act / Assess
    expect(wordErrorRate(pairs)).toBeCloseTo(2 / 5, 10);
  });

  it('ignores case and punctuation but not different words', () => {
    expect(wordErrorRate([{ reference: 'Mister Dashwood.', hypothesis: 'mister dashwood' }])).toBe(0);
    expect(wordErrorRate([{ reference: 'mister', hypothesis: 'mr' }])).toBe(1);
  });
});
