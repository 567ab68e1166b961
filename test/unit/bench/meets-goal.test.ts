import { describe, expect, it } from 'vitest';
import { meetsGoal } from '../../bench/benchmark.js';

describe('meetsGoal (npm run bench marks and counts missed goals with it)', () => {
  // [value as a benchmark prints it, goal, met]: the number the value starts with is compared in the
  // goal's direction; units and trailing detail are as the benchmarks print them.
  it.each([
    ['4.88x', '<= 5x', true],
    ['5.00x', '<= 5x', true],
    ['5.12x', '<= 5x', false],
    ['1.07x', '>= 1.0x', true],
    ['0.99x', '>= 1.0x', false],
    ['1.36x (37 ms)', '<= 1.50x', true],
    ['1.51x (57 ms)', '<= 1.50x', false],
    ['99.33 % (30 over, 30 unavoidable)', '>= 98.5 %', true],
    ['98.40 % (61 over, 3 unavoidable)', '>= 98.5 %', false],
    ['127 MB', '<= 256 MB', true],
    ['1363 ms', '<= 1000 ms', false],
    ['-4 ms', '<= 1000 ms', true],
  ] as const)('%s against %s: %s', (value, goal, met) => {
    expect(meetsGoal(value, goal)).toBe(met);
  });

  it.each([
    ['363 ms', '<= 1.5x'],
    ['not installed', '<= 1.50x'],
    ['1.2x', 'about 1x'],
  ])('refuses %s against %s rather than passing it', (value, goal) => {
    expect(() => meetsGoal(value, goal)).toThrow(
      `cannot check ${JSON.stringify(value)} against the goal ${JSON.stringify(goal)}`,
    );
  });
});
