/**
 * scripts/ascii-bundle.ts: escaping every non-ASCII code unit keeps what strings, templates,
 * identifiers and regular expressions (with and without the u flag, astral characters included) mean.
 */
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { asciiOnly } from '../../scripts/ascii-bundle.js';

it('gives ASCII text that evaluates to the same values', () => {
  // Prepare: each non-ASCII context a minified bundle can hold.
  const source = `({
    string: "，。 café 😀",
    template: \`后 \${1 + 1} 😀\`,
    stop: /[，。]+$/u.test("好，"),
    noun: /(?:的|之|[一这][个位])$/.test("这个"),
    astralU: /^[😀]$/u.test("😀"),
    astralPlain: /^😀$/.test("😀"),
    identifier: (() => { const é = 2; return é; })(),
  })`;

  // Act
  const ascii = asciiOnly(source);

  // Assess
  expect(/[\u0080-\uffff]/.test(ascii)).toBe(false);
  const expected = {
    string: '，。 café 😀',
    template: '后 2 😀',
    stop: true,
    noun: true,
    astralU: true,
    astralPlain: true,
    identifier: 2,
  };
  expect(runInNewContext(source)).toEqual(expected);
  expect(runInNewContext(ascii)).toEqual(expected);
});
