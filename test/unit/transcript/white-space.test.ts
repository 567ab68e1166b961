import { describe, expect, it } from 'vitest';
import { isWhiteSpace } from '../../../lib/transcript/white-space.js';

describe('isWhiteSpace', () => {
  it('agrees with the regular expression \\s on every UTF-16 code unit', () => {
    const disagreements: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isWhiteSpace(code) !== /\s/u.test(String.fromCharCode(code))) disagreements.push(code);
    }

    expect(disagreements).toEqual([]);
  });
});
