/**
 * Invariants of segmentation over generated transcripts (English, Chinese, mixed, several speakers,
 * long silences, very fast speech, single very long words, segments without words).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { resolveProfile, type SubtitleProfile } from '../../../lib/subtitles/profile.js';
import { qcReport } from '../../../lib/subtitles/qc-report.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { widthUnits } from '../../../lib/subtitles/text-width.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { transcriptArb } from './transcript-arbitrary.js';

const RUNS = { numRuns: 150 };

/** The transcript's timed units, computed here independently of lib/subtitles/units.ts. */
function unitTexts(transcript: Transcript): string[] {
  const texts: string[] = [];
  for (const segment of transcript.segments) {
    if (segment.words.length === 0) {
      if (segment.text.trim() !== '') texts.push(segment.text);
    } else for (const word of segment.words) if (word.text.trim() !== '') texts.push(word.text);
  }
  return texts;
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
  it('shows every word exactly once, in order, and nothing else', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => {
        const profile = resolveProfile(transcript);
        const cues = segmentCues(transcript, profile);
        const units = unitTexts(transcript);
        let next = 0;
        for (const cue of cues) {
          expect(cue.firstUnit).toBe(next);
          const expected = units.slice(cue.firstUnit, cue.firstUnit + cue.unitCount).join('');
          expect(strip(cue.lines.join('\n'), profile)).toBe(strip(expected, profile));
          next += cue.unitCount;
        }
        expect(next).toBe(units.length);
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
        expect(report.gaps.underMinGap).toBe(0);
        expect(report.coverage).toEqual({
          units: unitTexts(transcript).length,
          covered: unitTexts(transcript).length,
          ok: true,
        });
      }),
      RUNS,
    );
  });
});
