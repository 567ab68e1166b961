import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawWord } from '../../../lib/transcript/punctuation.js';
import { attachPunctuation } from '../../../lib/transcript/punctuation.js';

/** Words timed 100 ms apart, in order. */
function timed(tokens: readonly string[]): RawWord[] {
  return tokens.map((text, i) => ({ text, startMs: i * 100, endMs: i * 100 + 90 }));
}

function texts(sentence: string, tokens: readonly string[]): string[] {
  return attachPunctuation(sentence, timed(tokens)).map((w) => w.text);
}

describe('attachPunctuation', () => {
  it.each([
    [
      'English commas and full stop',
      'Hello there, world.',
      ['hello', 'there', 'world'],
      ['Hello', 'there,', 'world.'],
    ],
    ['Chinese comma and full stop', '你好，老师。', ['你好', '老师'], ['你好，', '老师。']],
    ['Chinese quotes open the next word', '他说：“你好。”', ['他', '说', '你好'], ['他', '说：', '“你好。”']],
    [
      'English quotes split at the space',
      'She said, "hi there."',
      ['She', 'said', 'hi', 'there'],
      ['She', 'said,', '"hi', 'there."'],
    ],
    [
      'punctuation-only tokens fold into the word before',
      '你好，世界。',
      ['你好', '，', '世界', '。'],
      ['你好，', '世界。'],
    ],
    [
      'punctuation the engine glued on is kept once',
      'Of the People.',
      ['Of', 'the', 'People.'],
      ['Of', 'the', 'People.'],
    ],
    ['leading marks before the first word', '¿Qué?', ['Qué'], ['¿Qué?']],
    [
      'mixed Chinese and Latin',
      '我用iPhone拍的。',
      ['我', '用', 'iPhone', '拍', '的'],
      ['我', '用', 'iPhone', '拍', '的。'],
    ],
    ['words inside brackets', 'Call (now) please.', ['call', 'now', 'please'], ['Call', '(now)', 'please.']],
    ['an apostrophe inside a word', "Don't stop.", ["don't", 'stop'], ["Don't", 'stop.']],
  ])('%s', (_name, sentence, tokens, expected) => {
    expect(texts(sentence, tokens)).toEqual(expected);
  });

  it('keeps a word the sentence does not contain as given, and picks up again at the next word', () => {
    // ConvertNumMode can turn the sentence's '3' into the word '三'.
    expect(texts('我有3，个苹果。', ['我', '有', '三', '个', '苹果'])).toEqual([
      '我',
      '有',
      '三，',
      '个',
      '苹果。',
    ]);
    expect(texts('I have 3 apples, she said!', ['I', 'have', 'three', 'apples', 'she', 'said'])).toEqual([
      'I',
      'have',
      'three',
      'apples,',
      'she',
      'said!',
    ]);
  });

  it('does not find a short word inside a longer one when picking up again', () => {
    expect(texts('The cat sat.', ['the', 'a', 'sat'])).toEqual(['The', 'a', 'sat.']);
  });

  it('still gives the closing punctuation to the last word when it is not in the sentence', () => {
    expect(texts('我有3个。', ['我', '有', '三个'])).toEqual(['我', '有', '三个。']);
  });

  it('never changes timings, count or order of spoken words, and rebuilds a spaced sentence exactly', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    const closing = fc.constantFrom('', ',', '.', '!', '?', ';', ':', '...', ')', '"');
    const opening = fc.constantFrom('', '(', '"', '“');
    fc.assert(
      fc.property(fc.array(fc.tuple(opening, word, closing), { minLength: 1, maxLength: 30 }), (parts) => {
        const sentence = parts.map(([o, w, c]) => `${o}${w}${c}`).join(' ');
        const words = timed(parts.map(([, w]) => w.toLowerCase()));

        const attached = attachPunctuation(sentence, words);

        expect(attached.map((w) => [w.startMs, w.endMs])).toEqual(words.map((w) => [w.startMs, w.endMs]));
        expect(attached.map((w) => w.text).join(' ')).toBe(sentence);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every word, its timing and its letters, whatever sentence it is given', () => {
    const alphabet = fc.constantFrom(...'abcAB3我有个，。,. !?“”'.split(''));
    const text = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 8 }), (sentence, tokens) => {
        const words = timed(tokens);

        const attached = attachPunctuation(sentence, words);

        const spoken = words.filter((w) => /[a-zA-Z0-9我有个]/.test(w.text));
        expect(attached.map((w) => [w.startMs, w.endMs])).toEqual(spoken.map((w) => [w.startMs, w.endMs]));
        attached.forEach((word, i) => {
          const letters = (spoken[i]?.text ?? '').replace(/[^a-zA-Z0-9我有个]/g, '').toLowerCase();
          expect(word.text.replace(/[^a-zA-Z0-9我有个]/g, '').toLowerCase()).toBe(letters);
        });
      }),
      { numRuns: 300 },
    );
  });
});
