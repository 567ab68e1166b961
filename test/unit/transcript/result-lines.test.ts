import { describe, expect, it } from 'vitest';
import { parseResultLines } from '../../../lib/transcript/result-lines.js';
import { thrownBy } from './fixture.js';

describe('parseResultLines', () => {
  it.each([
    ['[0:1.640,0:4.600]  我在马上上夜班。', 1640, 4600],
    ['[0:3.320,0:19.712] The Peasants.', 3320, 19712],
    ['[2:22.542,2:23.5]  short fraction', 142_542, 143_500],
    ['[75:3.120,75:4.000]  minutes past 59', 4_503_120, 4_504_000],
    ['[1:02:03.004,1:02:04.0005]  hours', 3_723_004, 3_724_001],
  ])('reads %s', (line, startMs, endMs) => {
    expect(parseResultLines(line, 'DescribeTaskStatus', 'Result')).toMatchObject([{ startMs, endMs }]);
  });

  it('reads the speaker field and skips blank lines', () => {
    const text = '[0:0.000,0:2.260,0]  腾讯云语音识别欢迎您。\n\n[0:2.300,0:3.000,1]  好。\n';

    expect(parseResultLines(text, 'ASR callback', 'text')).toEqual([
      { startMs: 0, endMs: 2260, speakerId: '0', text: '腾讯云语音识别欢迎您。' },
      { startMs: 2300, endMs: 3000, speakerId: '1', text: '好。' },
    ]);
  });

  it('refuses a sentence that ends before it starts', () => {
    expect(
      thrownBy(() => parseResultLines('[0:5.000,0:4.000]  x', 'CI job XML', 'Result')).message,
    ).toMatchInlineSnapshot(
      `"cannot read CI job XML at Result line 1: the sentence ends before it starts (found "[0:5.000,0:4.000]  x")"`,
    );
  });
});
