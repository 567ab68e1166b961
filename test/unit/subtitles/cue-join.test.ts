/** When two neighbouring cues could have been one: the rule QC's `unavoidable` counts rest on. */
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { couldJoin } from '../../../lib/subtitles/cue-join.js';
import { CHINESE_PROFILE, ENGLISH_PROFILE } from '../../../lib/subtitles/profile.js';

// 19 characters on one line over 2 s (9.5 per second), chained with the 2-frame gap, one speaker.
const first: Cue = { startMs: 0, endMs: 1000, lines: ['Hello there'], firstUnit: 0, unitCount: 2 };
const second: Cue = { startMs: 1083, endMs: 2000, lines: ['friend.'], firstUnit: 2, unitCount: 1 };

describe('couldJoin', () => {
  it('joins chained cues of one speaker that fit one line, 7 s and the reading speed together', () => {
    expect(couldJoin(first, second, ENGLISH_PROFILE)).toBe(true);
    // Chinese joins without a space and counts full-width characters.
    const zh = (cue: Cue, text: string): Cue => ({ ...cue, lines: [text] });
    expect(couldJoin(zh(first, '你好'), zh(second, '世界。'), CHINESE_PROFILE)).toBe(true);
  });

  // Each pair breaks exactly one of the conditions.
  it.each([
    ['another speaker', first, { ...second, speaker: '2' }],
    ['estimated times', first, { ...second, estimatedTiming: true as const }],
    ['a gap wider than two frames', first, { ...second, startMs: 1084 }],
    [
      'more than one line together',
      first,
      { ...second, lines: ['and everyone else who came along today.'], endMs: 6000 },
    ],
    ['more than 7 s together', first, { ...second, endMs: 7001 }],
    [
      'over 20 characters a second together',
      { ...first, endMs: 400 },
      { ...second, startMs: 483, endMs: 900 },
    ],
  ])('keeps them apart with %s', (_why, a, b) => {
    expect(couldJoin(a, b, ENGLISH_PROFILE)).toBe(false);
  });
});
