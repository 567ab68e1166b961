/**
 * Golden files: a short English talk and a short Chinese dialogue with two speakers (inputs written
 * by hand in test/golden/*.input.json), rendered to every format plus the QC report. Who read them,
 * and what they found, is in test/golden/REVIEW.md (golden-review.test.ts holds the files to it): a
 * change must be read again. `UPDATE_GOLDEN=1` rewrites them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll, SUBTITLE_FORMATS } from '../../../lib/subtitles/render.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';

const goldenDir = path.join(import.meta.dirname, '../../golden');
const update = process.env.UPDATE_GOLDEN === '1';

function compare(file: string, actual: string): void {
  const target = path.join(goldenDir, file);
  if (update) writeFileSync(target, actual);
  // A missing golden file is a failure, not a new baseline: someone has to read it first.
  expect(existsSync(target), `${file} is missing; render it with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual, `${file} differs from the reviewed golden file`).toBe(readFileSync(target, 'utf8'));
}

describe.each(['en-talk', 'zh-dialogue'])('the %s golden transcript', (name) => {
  const transcript = JSON.parse(
    readFileSync(path.join(goldenDir, `${name}.input.json`), 'utf8'),
  ) as Transcript;
  const rendered = renderAll(transcript);

  it.each(SUBTITLE_FORMATS)('renders %s exactly as reviewed', (format) => {
    compare(`${name}.${format}`, rendered.outputs[format]);
  });

  it('has a QC report with no hard-limit violation and full word coverage', () => {
    compare(`${name}.qc.json`, `${JSON.stringify(rendered.qc, null, 2)}\n`);
    expect(rendered.qc.coverage.ok).toBe(true);
    expect(rendered.qc.overLineLength.count + rendered.qc.overLineCount.count).toBe(0);
    expect(rendered.qc.overMaxDuration.count + rendered.qc.gaps.underMinGap).toBe(0);
  });
});
