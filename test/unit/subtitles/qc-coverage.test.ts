/** The QC report's word-coverage check finds cues that lose, repeat, reorder or change words. */
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { resolveProfile } from '../../../lib/subtitles/profile.js';
import { qcReport } from '../../../lib/subtitles/qc-report.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { goldenTranscripts } from './golden-inputs.js';

const [golden] = goldenTranscripts();
if (golden === undefined) throw new Error('no golden transcript');
const { transcript } = golden;
const profile = resolveProfile(transcript);
const cues = segmentCues(transcript, profile);
const units = cues.reduce((sum, c) => sum + c.unitCount, 0);

function coverageOf(changed: readonly Cue[]) {
  return qcReport(transcript, changed, profile).coverage;
}

describe('the QC word-coverage check', () => {
  it('accepts the cues as segmented', () => {
    expect(coverageOf(cues)).toEqual({ units, covered: units, ok: true });
  });

  it('names the first unit of a dropped cue as missing', () => {
    // Prepare
    const dropped = [...cues.slice(0, 2), ...cues.slice(3)];

    // Act
    const coverage = coverageOf(dropped);

    // Assess
    expect(coverage.ok).toBe(false);
    expect(coverage.firstProblem).toEqual({ unit: cues[2]?.firstUnit, cue: 2, reason: 'missing' });
    expect(coverage.units).toBe(units);
  });

  it('names a repeated cue', () => {
    const repeated = [...cues.slice(0, 3), cues[2] as Cue, ...cues.slice(3)];
    expect(coverageOf(repeated).firstProblem).toEqual({
      unit: cues[2]?.firstUnit,
      cue: 3,
      reason: 'repeated or out of order',
    });
  });

  it('names a cue whose text differs from its words', () => {
    const cue = cues[1] as Cue;
    const changed = [cues[0] as Cue, { ...cue, lines: [`${cue.lines[0]}x`] }, ...cues.slice(2)];
    expect(coverageOf(changed).firstProblem).toEqual({
      unit: cue.firstUnit,
      cue: 1,
      reason: 'text differs from the words',
    });
  });

  it('names a cue that shows a letter changed or a word left out', () => {
    const cue = cues[1] as Cue;
    const first = cue.lines[0] as string;
    const swapped = first.charAt(0) === 'Q' ? 'R' : 'Q';
    for (const lines of [[swapped + first.slice(1), ...cue.lines.slice(1)], cue.lines.slice(0, -1)]) {
      const changed = [cues[0] as Cue, { ...cue, lines: lines.length > 0 ? lines : ['…'] }, ...cues.slice(2)];

      expect(coverageOf(changed).firstProblem).toEqual({
        unit: cue.firstUnit,
        cue: 1,
        reason: 'text differs from the words',
      });
    }
  });

  it('names units missing at the end and cues past the end of the transcript', () => {
    const last = cues[cues.length - 1] as Cue;
    expect(coverageOf(cues.slice(0, -1)).firstProblem).toEqual({
      unit: last.firstUnit,
      cue: cues.length - 1,
      reason: 'missing',
    });
    const extra = { ...last, firstUnit: units, unitCount: 1 };
    expect(coverageOf([...cues, extra]).firstProblem).toEqual({
      unit: units,
      cue: cues.length,
      reason: 'not in the transcript',
    });
  });
});

describe('the QC report of cues that do not cover their transcript', () => {
  it('still counts a cue too fast to read, as one the words could have avoided', () => {
    // Prepare: the last cue squeezed into 10 ms and pointed past the transcript's units.
    const last = cues[cues.length - 1] as Cue;
    const squeezed = { ...last, endMs: last.startMs + 10, firstUnit: units + 5 };
    const broken = [...cues.slice(0, -1), squeezed];

    // Act
    const report = qcReport(transcript, broken, profile);

    // Assess
    expect(report.coverage.ok).toBe(false);
    expect(report.overReadingSpeed).toMatchObject({ count: 1, unavoidable: 0 });
  });
});
