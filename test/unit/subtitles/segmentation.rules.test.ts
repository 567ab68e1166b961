/** The break, spacing and timing rules, one example each. */
import { describe, expect, it } from 'vitest';
import { detectProfileName, resolveProfile } from '../../../lib/subtitles/profile.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { sentencePieces } from '../../../lib/subtitles/sentence-pieces.js';
import type { Transcript, TranscriptSegment } from '../../../lib/transcript/transcript.js';

/** A segment whose words follow each other at `msPerWord` from `startMs`. */
function said(
  words: string[],
  startMs = 0,
  msPerWord = 300,
  speaker?: string,
  zh = false,
): TranscriptSegment {
  return {
    startMs,
    endMs: startMs + words.length * msPerWord,
    text: words.join(zh ? '' : ' '),
    words: words.map((text, i) => ({
      text,
      startMs: startMs + i * msPerWord,
      endMs: startMs + (i + 1) * msPerWord - 20,
    })),
    ...(speaker === undefined ? {} : { speaker }),
  };
}

function transcript(language: string, ...segments: TranscriptSegment[]): Transcript {
  const durationMs = segments.reduce((end, s) => Math.max(end, s.endMs), 0);
  return { version: 1, language, durationMs, source: { engine: 'canonical' }, segments };
}

function linesOf(t: Transcript, options = {}) {
  return segmentCues(t, resolveProfile(t, options)).map((cue) => cue.lines);
}

describe('English line breaking', () => {
  it('keeps text that fits on one line on one line', () => {
    expect(linesOf(transcript('en', said('We keep the status page fast.'.split(' '))))).toEqual([
      ['We keep the status page fast.'],
    ]);
  });

  it('breaks after punctuation rather than at the middle', () => {
    const words = 'If the callback never arrives at all, a timer finds the job and finishes it.'.split(' ');
    expect(linesOf(transcript('en', said(words, 0, 200)))).toEqual([
      ['If the callback never arrives at all,', 'a timer finds the job and finishes it.'],
    ]);
  });

  it('never separates an article from its noun or a first name from a last name', () => {
    const words =
      'Yesterday afternoon my colleague Grace Hopper explained the scheduler to the new team'.split(' ');
    const [cue] = linesOf(transcript('en', said(words, 0, 200)));
    expect(cue).toHaveLength(2);
    const top = (cue as string[])[0] as string;
    expect(top).not.toMatch(/\b(the|a|Grace)$/);
  });

  it('breaks before a conjunction or preposition when there is no punctuation', () => {
    const words = 'The engine returned transcripts quickly because the queue was nearly empty'.split(' ');
    const [cue] = linesOf(transcript('en', said(words, 0, 200)));
    expect((cue as string[])[1]).toMatch(/^because\b/);
  });

  it('keeps a verb with its auxiliary and with the infinitive it takes', () => {
    // Without those rules both would break after "will" / "want" (checked by disabling them).
    const lines = (text: string) => linesOf(transcript('en', said(text.split(' '), 0, 250)));
    expect(lines('Our nightly recordings will finish subtitles overnight')).toEqual([
      ['Our nightly recordings', 'will finish subtitles overnight'],
    ]);
    expect(lines('Our nightly recordings want to publish subtitles overnight')).toEqual([
      ['Our nightly recordings', 'want to publish subtitles overnight'],
    ]);
  });

  it('shapes two lines alike when no break is better than another', () => {
    // Without the balance cost the top line would be "Broadcast engineers" (19 against 38).
    const words = 'Broadcast engineers everywhere applauded loudly, naturally'.split(' ');
    expect(linesOf(transcript('en', said(words, 0, 250)))).toEqual([
      ['Broadcast engineers everywhere', 'applauded loudly, naturally'],
    ]);
  });

  it('never splits a word, even one longer than a line', () => {
    const long = 'x'.repeat(60);
    const lines = linesOf(transcript('en', said(['see', long, 'here.'], 0, 400)));
    expect(lines.flat()).toContain(long);
  });
});

describe('Chinese layout', () => {
  const zh = (words: string[], startMs = 0, msPerWord = 400, speaker?: string) =>
    said(words, startMs, msPerWord, speaker, true);

  it('inserts no space between Chinese characters and replaces sentence commas and full stops by a space', () => {
    expect(linesOf(transcript('zh', zh(['今天', '天气', '很好，', '我们', '出去', '走走。'])))).toEqual([
      ['今天天气很好 我们出去走走'],
    ]);
  });

  it('keeps the commas when the profile says so', () => {
    expect(
      linesOf(transcript('zh', zh(['今天', '天气', '很好，', '我们', '出去', '走走。'])), {
        replaceCommasAndStops: false,
      }),
    ).toEqual([['今天天气很好，我们出去走走。']]);
  });

  it('spaces Latin words from Chinese but not numbers', () => {
    expect(
      linesOf(transcript('zh', zh(['我', '用', 'iPhone', '拍', '2024年', '的', 'MP4', '视频']))),
    ).toEqual([['我用 iPhone 拍2024年的 MP4 视频']]);
  });

  it('counts half-width characters as half: 32 Latin letters fit a 16-character line', () => {
    expect(linesOf(transcript('zh', zh(['abcdefghijklmnop', 'abcdefghijklmno'])))).toEqual([
      ['abcdefghijklmnop abcdefghijklmno'],
    ]);
  });

  it('breaks between words as Intl.Segmenter sees them, never inside one, when the engine gives one token per character', () => {
    // Prepare: 22 characters, one token each: two lines are needed.
    const chars = [...'我们今天讨论字幕生成系统的设计以及它的测试方法'];
    // Act
    const [cue] = linesOf(transcript('zh', zh(chars, 0, 250)));
    // Assess: the break falls on a word boundary of the segmenter.
    const top = (cue as string[])[0] as string;
    const boundaries = new Set(
      [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(chars.join(''))].map((s) => s.index),
    );
    expect(cue).toHaveLength(2);
    expect(boundaries.has(top.length)).toBe(true);
  });

  it('never starts a line with closing punctuation or ends one with opening punctuation', () => {
    const words = [
      '他',
      '说',
      '：',
      '“',
      '这个',
      '系统',
      '真的',
      '很',
      '好用',
      '”',
      '，',
      '我们',
      '下周',
      '继续',
      '讨论',
      '《',
      '发布会',
      '》',
      '吧',
      '！',
    ];
    for (const lines of linesOf(transcript('zh', zh(words, 0, 300)))) {
      for (const line of lines) {
        expect(line).not.toMatch(/^[，。、：；！？”’）》]/u);
        expect(line).not.toMatch(/[“‘（《]$/u);
      }
    }
  });
});

describe('cues', () => {
  it('start anew when the speaker changes', () => {
    const t = transcript(
      'en',
      said(['Are', 'you', 'coming?'], 0, 300, '1'),
      said(['In', 'a', 'minute.'], 1000, 300, '2'),
    );
    expect(segmentCues(t, resolveProfile(t)).map((c) => [c.speaker, c.lines])).toEqual([
      ['1', ['Are you coming?']],
      ['2', ['In a minute.']],
    ]);
  });

  /** The gap between the cues of two sentences, the second said from `secondStartMs`. */
  function gapBefore(secondStartMs: number): number {
    const t = transcript(
      'en',
      said('This is the first sentence.'.split(' '), 0),
      said('And the second.'.split(' '), secondStartMs),
    );
    const [first, second] = segmentCues(t, resolveProfile(t, { pauseBreakMs: 200 }));
    return (second?.startMs ?? 0) - (first?.endMs ?? 0);
  }

  it('close a gap under half a second to two frames', () => {
    expect(gapBefore(1800)).toBe(83);
  });

  it('leave a gap of half a second or more open', () => {
    // The first sentence's last word ends at 1480 ms; the next starts 550 ms later, and the first
    // needs no extension (27 characters over 1.5 s is under 20 cps).
    expect(gapBefore(2030)).toBeGreaterThanOrEqual(500);
  });

  it('extend at most half a second past the last word for reading speed, and keep longer gaps at least half a second', () => {
    // Prepare: 40 characters spoken in 1 s need 2 s at 20 cps; the next cue is 3 s away.
    const words = ['Supercalifragilistic', 'expialidocious!!!!!'];
    const t = transcript('en', said(words, 0, 500), said(['Next.'], 4000));
    // Act
    const [first, second] = segmentCues(t, resolveProfile(t));
    // Assess: last word ends at 980 ms; extension stops at 1480.
    expect(first?.endMs).toBe(1480);
    expect(second?.startMs).toBe(4000);
  });

  it('show a short segment without words as one cue with its whole time, marked as estimated', () => {
    const t = transcript('en', { startMs: 500, endMs: 2500, text: 'No word timings here.', words: [] });
    expect(segmentCues(t, resolveProfile(t))).toEqual([
      {
        startMs: 500,
        endMs: 2500,
        lines: ['No word timings here.'],
        firstUnit: 0,
        unitCount: 4,
        estimatedTiming: true,
      },
    ]);
  });

  it('split a long segment without words at its best break points, time shared by characters', () => {
    const text =
      'The reconciler polls every job that has been waiting for more than ten minutes, and when the ' +
      'engine says the task finished it runs the same completion path as the callback would have.';
    const t = transcript('en', { startMs: 1000, endMs: 13_000, text, words: [] });
    const cues = segmentCues(t, resolveProfile(t));
    expect(cues.length).toBeGreaterThan(1);
    expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe(text);
    // The same break rules as timed words: the words with the estimated times give the same cues.
    const pieces = sentencePieces(text, 1000, 13_000, false);
    const timed = transcript('en', {
      startMs: 1000,
      endMs: 13_000,
      text,
      words: pieces.map((p) => ({ text: p.text, startMs: p.startMs, endMs: p.endMs })),
    });
    expect(segmentCues(timed, resolveProfile(timed)).map((c) => [c.startMs, c.endMs, c.lines])).toEqual(
      cues.map((c) => [c.startMs, c.endMs, c.lines]),
    );
    for (const cue of cues) {
      expect(cue.estimatedTiming).toBe(true);
      expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(7000);
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
    }
    // The sentence's 12 s are shared in proportion to characters: the first cue's share of the time
    // is close to its share of the letters.
    const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').length;
    const first = cues[0] as (typeof cues)[number];
    const share = letters(first.lines.join('')) / letters(text);
    expect(first.startMs).toBe(1000);
    expect(Math.abs((first.endMs - 1000) / 12_000 - share)).toBeLessThan(0.06);
  });

  it('split a long Chinese segment without words between words, never inside one', () => {
    const text = '我们今天把上传的视频全部处理完了，然后团队会检查每一个字幕文件的时间和内容是否正确。';
    const t = transcript('zh', { startMs: 0, endMs: 9000, text, words: [] });
    const cues = segmentCues(t, resolveProfile(t));
    expect(cues.length).toBeGreaterThan(1);
    expect(
      cues
        .map((c) => c.lines.join(''))
        .join('')
        .replace(/\s/g, ''),
    ).toBe(text.replace(/[，。]/g, ''));
    // Walk the text cue by cue (the zh profile drops ，。 and may add spaces): each cue must end where
    // Intl.Segmenter puts a word boundary, after any punctuation that follows it.
    const boundaries = new Set(
      [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].map((p) => p.index),
    );
    let at = 0;
    for (const cue of cues.slice(0, -1)) {
      for (const char of cue.lines.join('').replace(/\s/g, '')) {
        while (text[at] !== char) at++;
        at++;
      }
      while (text[at] === '，' || text[at] === '。') at++;
      expect(boundaries.has(at), `cue ending before ${text.slice(at)}`).toBe(true);
    }
  });

  it('keep punctuation an engine put before the first word of an untimed segment with that word', () => {
    // Found by the property tests: a lone 。 piece was shown as nothing but still counted a space.
    const text = '。很好，很好，2024年我们是格式”我们';
    const t = transcript('zh', { startMs: 45_000, endMs: 45_200, text, words: [] });
    expect(segmentCues(t, resolveProfile(t)).map((c) => c.lines)).toEqual([
      ['很好 很好 2024年我们是格式”我们'],
    ]);
  });

  it('never last more than 7 s when the words allow a break', () => {
    const words = Array.from({ length: 40 }, (_, i) => (i % 8 === 7 ? 'word.' : 'word'));
    for (const cue of segmentCues(transcript('en', said(words, 0, 450)), resolveProfile(transcript('en')))) {
      expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(7000);
    }
  });
});

describe('profile auto', () => {
  it.each([
    ['zh', '你好', 'zh'],
    ['yue', '你好', 'zh'],
    ['zh-TW', 'hello', 'zh'],
    ['en', '这是一个中文句子', 'zh'],
    ['und', '这是一个很长的中文句子 with words', 'zh'],
    ['und', '中文句子 with more English words', 'en'],
    ['en', 'plain English text', 'en'],
    ['und', '', 'en'],
  ])('language %s with text %j gives %s', (language, text, expected) => {
    expect(detectProfileName(transcript(language, { startMs: 0, endMs: 1000, text, words: [] }))).toBe(
      expected,
    );
  });
});
