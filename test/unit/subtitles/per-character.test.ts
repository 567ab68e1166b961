/**
 * Engines that give Chinese one token per character must get the same subtitles as engines that give
 * words: the characters are put back together into words (lib/subtitles/units.ts), so no cue or line
 * breaks inside a word and the break rules see 但是 and 一个, not 但 and 个.
 */
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../../lib/subtitles/render.js';
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../../lib/transcript/transcript.js';
import { goldenTranscripts } from './golden-inputs.js';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Every word split into its characters, the word's time shared evenly, as such engines report it. */
function perCharacter(transcript: Transcript): Transcript {
  return mapWords(transcript, (words) =>
    words.flatMap((word) => {
      const characters = Array.from(word.text);
      const span = word.endMs - word.startMs;
      return characters.map((text, k) => ({
        text,
        startMs: word.startMs + Math.floor((span * k) / characters.length),
        endMs: word.startMs + Math.floor((span * (k + 1)) / characters.length),
      }));
    }),
  );
}

/**
 * The characters joined into Intl.Segmenter's words where two CJK characters meet, each word from its
 * first character's start to its last one's end: what an engine that reports words would send.
 */
function asWords(transcript: Transcript): Transcript {
  return mapWords(transcript, (characters) => {
    const starts = new Set(
      Array.from(
        new Intl.Segmenter('zh', { granularity: 'word' }).segment(characters.map((c) => c.text).join('')),
        (s) => s.index,
      ),
    );
    const words: TranscriptWord[] = [];
    let offset = 0;
    for (const character of characters) {
      const previous = words.at(-1);
      if (
        previous !== undefined &&
        !starts.has(offset) &&
        CJK.test(previous.text.slice(-1)) &&
        CJK.test(character.text.charAt(0))
      ) {
        words[words.length - 1] = {
          text: previous.text + character.text,
          startMs: previous.startMs,
          endMs: Math.max(previous.endMs, character.endMs),
        };
      } else {
        words.push(character);
      }
      offset += character.text.length;
    }
    return words;
  });
}

function mapWords(
  transcript: Transcript,
  change: (words: readonly TranscriptWord[]) => TranscriptWord[],
): Transcript {
  return {
    ...transcript,
    segments: transcript.segments.map((s): TranscriptSegment => ({ ...s, words: change(s.words) })),
  };
}

describe('Chinese given one token per character', () => {
  const dialogue = goldenTranscripts().find((g) => g.name === 'zh-dialogue')?.transcript as Transcript;
  const characters = perCharacter(dialogue);
  const words = asWords(characters);

  it('is read as words: the word version has fewer, longer tokens', () => {
    const count = (t: Transcript) => t.segments.reduce((sum, s) => sum + s.words.length, 0);
    expect(count(words)).toBeLessThan(count(characters));
    expect(words.segments[0]?.words.map((w) => w.text)).toContain('技术');
  });

  it.each(['srt', 'vtt', 'ass', 'txt'] as const)('renders %s exactly as the same words would', (format) => {
    expect(renderAll(characters).outputs[format]).toBe(renderAll(words).outputs[format]);
  });

  it.each([
    [
      '我们已经检查了存储桶的配置所以问题应该在引擎这边。',
      ['我们已经检查了存储桶的配置', '所以问题应该在引擎这边'],
    ],
    [
      '请把这一个视频转成标准格式然后重新上传到存储桶。',
      ['请把这一个视频转成标准格式', '然后重新上传到存储桶'],
    ],
  ])('breaks "%s" before its conjunction, as it does for words', (text, lines) => {
    // Prepare: one token per character, 200 ms each.
    const tokens = Array.from(text, (character, k) => ({
      text: character,
      startMs: 1000 + k * 200,
      endMs: 1180 + k * 200,
    }));
    const sentence: Transcript = {
      version: 1,
      language: 'zh',
      durationMs: 2000 + tokens.length * 200,
      source: { engine: 'canonical' },
      segments: [{ startMs: 1000, endMs: 1000 + tokens.length * 200, text, words: tokens }],
    };
    // Act
    const srt = renderAll(sentence).outputs.srt;
    // Assess
    expect(srt.split('\n').slice(2, 4)).toEqual(lines);
    expect(srt).toBe(renderAll(asWords(sentence)).outputs.srt);
  });

  it('has the same QC report, counting words as units', () => {
    const report = renderAll(characters).qc;
    expect(report).toEqual(renderAll(words).qc);
    expect(report.coverage.ok).toBe(true);
  });
});
