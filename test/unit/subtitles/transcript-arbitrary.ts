/**
 * fast-check generators of transcripts that stress segmentation: English, Chinese, Chinese with Latin
 * words and English with Chinese words, several speakers, long silences, very fast speech (words of a
 * few ms, identical timestamps), single words far longer than a line or than 7 s, and segments
 * without word timings.
 */
import fc from 'fast-check';
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../../lib/transcript/transcript.js';

const EN = [
  'the',
  'a',
  'Grace',
  'Hopper',
  'and',
  'of',
  'to',
  'system,',
  'works.',
  'really?',
  'R&D',
  '<b>bold</b>',
  '-->',
  "don't",
  '200',
  'MB',
  '“quoted”',
  'supercalifragilisticexpialidocious-antidisestablishmentarianism-x',
];
const ZH = [
  '我们',
  '今天',
  '天',
  '气',
  '很好，',
  '是',
  '“音频',
  '格式”',
  '吗？',
  '《发布会》',
  '2024年',
  '。',
  '字幕生成系统正在处理中请稍候再试一下谢谢大家',
];
const MIXED = [...ZH, 'iPhone', 'COS', 'MP4', 'media-input'];
/** English speech naming Chinese things: laid out by the English rules. */
const EN_MIXED = [...EN, '腾讯云', '字幕', '“音频格式”', '。'];

/** One word's text and timing shape. */
const wordArb = (vocabulary: readonly string[]) =>
  fc.record({
    text: fc.constantFrom(...vocabulary),
    // Mostly natural speech; sometimes very fast (0-20 ms) or one very long word (8 s).
    duration: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 80, max: 700 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 20 }) },
      { weight: 1, arbitrary: fc.constant(8000) },
    ),
    gap: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 200 }) },
      fc.constant(0),
      fc.constant(900),
    ),
  });

const segmentArb = (vocabulary: readonly string[]) =>
  fc.record({
    speaker: fc.constantFrom<string | undefined>(undefined, '1', '2', '3'),
    pause: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(3000), fc.constant(45_000)),
    words: fc.array(wordArb(vocabulary), { minLength: 0, maxLength: 30 }),
    // Used when `words` is empty: a segment the engine gave no word timings for.
    textWords: fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 40 }),
    textDuration: fc.integer({ min: 200, max: 15_000 }),
  });

/**
 * A transcript in one of the four language mixes, or Chinese as engines that give one token per
 * character report it ('zh-chars': every word split into its characters, time shared evenly).
 */
export const transcriptArb: fc.Arbitrary<Transcript> = fc
  .constantFrom('en', 'en-mixed', 'zh', 'zh-chars', 'mixed')
  .chain((kind) => {
    const vocabulary = { en: EN, 'en-mixed': EN_MIXED, zh: ZH, 'zh-chars': ZH, mixed: MIXED }[kind];
    return fc.record({
      kind: fc.constant(kind),
      segments: fc.array(segmentArb(vocabulary), { maxLength: 12 }),
    });
  })
  .map(({ kind, segments }) => {
    const zh = kind !== 'en' && kind !== 'en-mixed';
    const out: TranscriptSegment[] = [];
    let t = 0;
    for (const s of segments) {
      t += s.pause;
      const start = t;
      const words: TranscriptWord[] = [];
      for (const w of s.words) {
        const pieces = kind === 'zh-chars' ? Array.from(w.text) : [w.text];
        pieces.forEach((piece, k) => {
          const from = t + Math.floor((w.duration * k) / pieces.length);
          const to = t + Math.floor((w.duration * (k + 1)) / pieces.length);
          words.push({ text: piece, startMs: from, endMs: to });
        });
        t += w.duration + w.gap;
      }
      const text = (words.length > 0 ? words.map((w) => w.text) : s.textWords).join(zh ? '' : ' ');
      if (words.length === 0) t += s.textDuration;
      out.push({
        startMs: start,
        endMs: t,
        text,
        words,
        ...(s.speaker === undefined ? {} : { speaker: s.speaker }),
      });
    }
    return {
      version: 1 as const,
      language: zh ? 'zh' : 'en',
      durationMs: t,
      source: { engine: 'canonical' as const },
      segments: out,
    };
  });
