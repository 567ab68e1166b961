/**
 * Invariants of segmentation over generated transcripts (English, Chinese, mixed, several speakers,
 * long silences, very fast speech, single very long words, segments without words).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { couldJoin } from '../../../lib/subtitles/cue-join.js';
import { resolveProfile, type SubtitleProfile } from '../../../lib/subtitles/profile.js';
import { qcReport } from '../../../lib/subtitles/qc-report.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { widthUnits } from '../../../lib/subtitles/text-width.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { transcriptArb } from './transcript-arbitrary.js';

const RUNS = { numRuns: 150 };

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const TWO_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u;

/**
 * The units of a timed segment whose engine gave Chinese one token per character: its tokens put
 * back together where two CJK characters meet inside one word of Intl.Segmenter's.
 */
function wordsOfCharacters(tokens: readonly string[]): number {
  const texts = tokens.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== '');
  const starts = new Set(
    Array.from(new Intl.Segmenter('zh', { granularity: 'word' }).segment(texts.join('')), (s) => s.index),
  );
  let units = 0;
  let offset = 0;
  let previous = '';
  for (const text of texts) {
    const joins =
      previous !== '' && !starts.has(offset) && CJK.test(previous.slice(-1)) && CJK.test(text.charAt(0));
    if (!joins) units++;
    previous = text;
    offset += text.length;
  }
  return units;
}

/**
 * What the cues must show, computed here independently of lib/subtitles/units.ts: the transcript's
 * text as one stream (whitespace and, for zh, ，。 removed), the offsets where a cue may end (after a
 * word; inside an untimed segment, after a space-separated word in spaced scripts and anywhere in CJK),
 * and the number of units when it can be known without a word segmenter (or, for tokens of one
 * character each, with one: wordsOfCharacters).
 */
function expectedStream(transcript: Transcript, profile: SubtitleProfile) {
  let text = '';
  /** Per character of `text`: true when it comes from a segment without word timings. */
  const untimed: boolean[] = [];
  const ends = new Set<number>([0]);
  let units: number | undefined = 0;
  for (const segment of transcript.segments) {
    if (segment.words.length === 0) {
      if (segment.text.trim() === '') continue;
      if (profile.name === 'zh') {
        for (const char of strip(segment.text, profile)) {
          text += char;
          untimed.push(true);
          ends.add(text.length);
        }
        units = undefined;
      } else {
        const words = segment.text.trim().split(/\s+/);
        for (const word of words) {
          const shown = strip(word, profile);
          text += shown;
          for (let i = 0; i < shown.length; i++) untimed.push(true);
          ends.add(text.length);
        }
        if (units !== undefined) units += words.length;
      }
      continue;
    }
    const tokens = segment.words.map((w) => w.text);
    const characters =
      profile.name === 'zh' && tokens.some((t) => CJK.test(t)) && !tokens.some((t) => TWO_CJK.test(t));
    for (const word of segment.words) {
      if (word.text.trim() === '') continue;
      const shown = strip(word.text, profile);
      text += shown;
      for (let i = 0; i < shown.length; i++) untimed.push(false);
      ends.add(text.length);
      if (units !== undefined && !characters) units++;
    }
    if (units !== undefined && characters) units += wordsOfCharacters(tokens);
  }
  return { text, untimed, ends, units };
}

/** Layout may add spaces and line breaks; the zh profile may turn ，。 into spaces. Nothing else. */
function strip(text: string, profile: SubtitleProfile): string {
  const out = text.replace(/\s+/g, '');
  return profile.replaceCommasAndStops && profile.name === 'zh' ? out.replace(/[，。]/g, '') : out;
}

function lineTooLong(cue: Cue, profile: SubtitleProfile): boolean {
  return cue.lines.some((line) => widthUnits(line, profile.name === 'zh') > profile.maxLineChars * 2);
}

describe('segmentation of generated transcripts', () => {
  it('shows every word exactly once, in order, and nothing else, never splitting a word', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        const expected = expectedStream(transcript, profile);
        let next = 0;
        let at = 0;
        for (const cue of cues) {
          expect(cue.firstUnit).toBe(next);
          const shown = strip(cue.lines.join('\n'), profile);
          expect(shown).toBe(expected.text.slice(at, at + shown.length));
          at += shown.length;
          expect(expected.ends.has(at), `a cue ends inside a word at ${at}`).toBe(true);
          next += cue.unitCount;
        }
        expect(at).toBe(expected.text.length);
        if (expected.units !== undefined) expect(next).toBe(expected.units);
      }),
      RUNS,
    );
  });

  it('marks every cue showing words of a segment without word timings as estimated, and the QC report counts them', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        const expected = expectedStream(transcript, profile);
        let at = 0;
        for (const cue of cues) {
          const length = strip(cue.lines.join(''), profile).length;
          // A cue showing any word of an untimed segment says its timing is estimated.
          if (expected.untimed.slice(at, at + length).includes(true)) expect(cue.estimatedTiming).toBe(true);
          at += length;
        }
        const anyUntimed = transcript.segments.some((s) => s.words.length === 0 && s.text.trim() !== '');
        expect(cues.some((c) => c.estimatedTiming === true)).toBe(anyUntimed);
        expect(qcReport(transcript, cues, profile).estimatedTiming.count).toBe(
          cues.filter((c) => c.estimatedTiming === true).length,
        );
      }),
      RUNS,
    );
  });

  it('keeps cues in order, never overlapping, at least two frames apart', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        for (let i = 0; i < cues.length; i++) {
          const cue = cues[i] as Cue;
          expect(cue.endMs).toBeGreaterThan(cue.startMs);
          expect(cue.startMs).toBeGreaterThanOrEqual(0);
          const next = cues[i + 1];
          if (next !== undefined) expect(next.startMs - cue.endMs).toBeGreaterThanOrEqual(profile.minGapMs);
        }
      }),
      RUNS,
    );
  });

  it('meets line, line-count and duration limits except in a cue holding one unit that cannot meet them', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        for (const cue of segmentCues(transcript, profile)) {
          const broken =
            lineTooLong(cue, profile) ||
            cue.lines.length > profile.maxLines ||
            cue.endMs - cue.startMs > profile.maxDurationMs;
          // Words of untimed segments are units too: their limits hold wherever they can be met.
          if (broken) expect(cue.unitCount).toBe(1);
          expect(cue.lines.length).toBeGreaterThan(0);
          for (const line of cue.lines) expect(line.trim()).toBe(line);
          // One line whenever the text fits on one.
          if (cue.lines.length > 1 && cue.unitCount > 1) {
            expect(widthUnits(cue.lines.join(' '), profile.name === 'zh')).toBeGreaterThan(
              profile.maxLineChars * 2,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('leaves a cue too short or too fast to read only where joining it to a neighbour would break a rule', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        const zh = profile.name === 'zh';
        const chars = (lines: readonly string[]) =>
          lines.reduce((sum, line) => sum + widthUnits(line, zh), 0) / 2;
        cues.forEach((cue, i) => {
          const tooFast = chars(cue.lines) * 1000 > profile.maxCharsPerSecond * (cue.endMs - cue.startMs);
          if (cue.endMs - cue.startMs >= profile.minDurationMs && !tooFast) return;
          const before = cues[i - 1];
          const after = cues[i + 1];
          expect(
            before !== undefined && couldJoin(before, cue, profile),
            `cue ${i} could join the one before`,
          ).toBe(false);
          expect(
            after !== undefined && couldJoin(cue, after, profile),
            `cue ${i} could join the one after`,
          ).toBe(false);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('has a QC report that counts exactly the cues breaking each limit', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        const report = qcReport(transcript, cues, profile);
        const count = (test: (cue: Cue) => boolean) => cues.filter(test).length;
        const chars = (cue: Cue) =>
          cue.lines.reduce((sum, line) => sum + widthUnits(line, profile.name === 'zh'), 0) / 2;
        expect(report.cues).toBe(cues.length);
        expect(report.overLineLength.count).toBe(count((c) => lineTooLong(c, profile)));
        expect(report.overLineLength.unavoidable).toBe(report.overLineLength.count);
        expect(report.overLineCount.count).toBe(count((c) => c.lines.length > profile.maxLines));
        expect(report.overLineCount.unavoidable).toBe(report.overLineCount.count);
        expect(report.overMaxDuration.count).toBe(count((c) => c.endMs - c.startMs > profile.maxDurationMs));
        expect(report.overMaxDuration.unavoidable).toBe(report.overMaxDuration.count);
        expect(report.underMinDuration.count).toBe(count((c) => c.endMs - c.startMs < profile.minDurationMs));
        expect(report.overReadingSpeed.count).toBe(
          count((c) => chars(c) * 1000 > profile.maxCharsPerSecond * (c.endMs - c.startMs)),
        );
        // Every short or fast cue is one no neighbour could join (the property above), and QC says so.
        expect(report.underMinDuration.unavoidable).toBe(report.underMinDuration.count);
        expect(report.overReadingSpeed.unavoidable).toBe(report.overReadingSpeed.count);
        expect(report.gaps.underMinGap).toBe(0);
        const units = cues.reduce((sum, c) => sum + c.unitCount, 0);
        expect(report.coverage).toEqual({ units, covered: units, ok: true });
        const known = expectedStream(transcript, profile).units;
        if (known !== undefined) expect(units).toBe(known);
      }),
      RUNS,
    );
  });
});
