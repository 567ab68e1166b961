import { describe, expect, it } from 'vitest';
import { meetsGoal } from '../../bench/benchmark.js';

describe('meetsGoal (npm run bench marks and counts missed goals with it)', () => {
  it('compares the number a value starts with in the direction of the goal', () => {
    expect(meetsGoal('4.88x', '<= 5x')).toBe(true);
    expect(meetsGoal('5.00x', '<= 5x')).toBe(true);
    expect(meetsGoal('5.12x', '<= 5x')).toBe(false);
    expect(meetsGoal('1.07x', '>= 1.0x')).toBe(true);
    expect(meetsGoal('0.99x', '>= 1.0x')).toBe(false);
  });

  it('reads the figures the benchmarks print, units and trailing detail included', () => {
    expect(meetsGoal('1.36x (37 ms)', '<= 1.50x')).toBe(true);
    expect(meetsGoal('1.51x (57 ms)', '<= 1.50x')).toBe(false);
    expect(meetsGoal('99.33 % (30 over, 30 unavoidable)', '>= 98.5 %')).toBe(true);
    expect(meetsGoal('98.40 % (61 over, 3 unavoidable)', '>= 98.5 %')).toBe(false);
    expect(meetsGoal('127 MB', '<= 256 MB')).toBe(true);
    expect(meetsGoal('1363 ms', '<= 1000 ms')).toBe(false);
    expect(meetsGoal('-4 ms', '<= 1000 ms')).toBe(true);
  });

  it('refuses a goal it cannot check rather than passing it', () => {
    expect(() => meetsGoal('363 ms', '<= 1.5x')).toThrow(/cannot check "363 ms" against the goal "<= 1.5x"/);
    expect(() => meetsGoal('not installed', '<= 1.50x')).toThrow(/cannot check/);
    expect(() => meetsGoal('1.2x', 'about 1x')).toThrow(/cannot check/);
  });
});
