/**
 * Deterministic long transcripts for the benchmark and the scale tests: a seeded generator, so every
 * run measures the same input. Speech rate, sentence length and pauses are set to realistic values
 * (about 200 English words a minute with pauses, about 4 Chinese characters a second).
 */
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../../lib/transcript/transcript.js';

const EN_WORDS =
  'the a of and to in is that it for on with as was we this be are at by from have not or one but all they their about which when there can more what so up out if into do time some could them other than then now only its also over new because how after first well way even use these work our any most day people back two years good through much where before right too very still system file media cloud job upload engine subtitle speaker minute record callback storage bucket region transcript'.split(
    ' ',
  );
const ZH_WORDS =
  '我们 今天 系统 上传 视频 字幕 引擎 任务 因为 所以 但是 一个 可以 已经 没有 需要 这个 问题 时间 处理 文件 存储 识别 结果 用户 团队 音频 会议 发布 检查 的 了 是 在 和 也 就 都 很 我 你 他 她 说 看 做 好 新 大 小 iPhone COS 2024年 3月'.split(
    ' ',
  );

/** Mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A transcript of `hours` of speech in 'en' or 'zh', two speakers taking turns. `perCharacter` splits
 * Chinese words into one token per character, as some engines report them.
 */
export function syntheticTranscript(
  language: 'en' | 'zh',
  hours: number,
  seed = 1,
  perCharacter = false,
): Transcript {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const zh = language === 'zh';
  const endOfMedia = Math.round(hours * 3_600_000);
  const segments: TranscriptSegment[] = [];
  let t = 500;
  let speaker = '1';
  while (t < endOfMedia - 10_000) {
    if (next() < 0.15) speaker = speaker === '1' ? '2' : '1';
    const count = 4 + Math.floor(next() * (zh ? 14 : 22));
    const words: TranscriptWord[] = [];
    const start = t;
    for (let i = 0; i < count; i++) {
      let text = pick(zh ? ZH_WORDS : EN_WORDS);
      if (!zh && i === 0) text = text.charAt(0).toUpperCase() + text.slice(1);
      if (i === count - 1) text += zh ? pick(['。', '？', '！']) : pick(['.', '.', '?', '!']);
      else if (next() < 0.08) text += zh ? '，' : ',';
      const length = zh ? [...text].length * 230 : 100 + text.length * 30;
      const duration = Math.round(length * (0.7 + next() * 0.6));
      const confidence = Math.round(next() * 100) / 100;
      const chars = zh && perCharacter ? splitCharacters(text) : [text];
      chars.forEach((piece, k) => {
        const from = t + Math.floor((duration * k) / chars.length);
        const to = t + Math.floor((duration * (k + 1)) / chars.length);
        words.push({ text: piece, startMs: from, endMs: to, confidence });
      });
      t += duration + Math.round(next() * 60);
    }
    const endMs = t;
    segments.push({
      startMs: start,
      endMs,
      text: words.map((w) => w.text).join(zh ? '' : ' '),
      speaker,
      words,
    });
    t += next() < 0.1 ? 1500 + Math.round(next() * 3000) : 150 + Math.round(next() * 400);
  }
  return { version: 1, language, durationMs: endOfMedia, source: { engine: 'canonical' }, segments };
}

/** One token per CJK character, punctuation kept on the character before it, Latin runs kept whole. */
function splitCharacters(word: string): string[] {
  return word.match(/[\p{Script=Han}][，。？！]*|[^\p{Script=Han}]+/gu) ?? [word];
}
