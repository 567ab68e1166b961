/**
 * Our SRT and WebVTT pass independent validators and read back through a second parser with the same
 * cues; ffmpeg converts SRT, VTT and ASS keeping every cue with its times and text. Inputs: the
 * golden transcripts and generated ones (fast-check, few runs: each run spawns nothing, only ffmpeg
 * cases do).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { validator as srtValidator } from 'srt-validator';
import { parseSync } from 'subtitle';
import { afterAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { resolveProfile } from '../../../lib/subtitles/profile.js';
import { renderCues } from '../../../lib/subtitles/render.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { goldenTranscripts } from './golden-inputs.js';
import { transcriptArb } from './transcript-arbitrary.js';

function rendered(transcript: Transcript) {
  const profile = resolveProfile(transcript);
  const cues = segmentCues(transcript, profile);
  return {
    cues,
    srt: renderCues(transcript, cues, 'srt', profile),
    vtt: renderCues(transcript, cues, 'vtt', profile),
    ass: renderCues(transcript, cues, 'ass', profile),
  };
}

/** Reverses our VTT escaping and drops the voice span, to compare with the cue's lines. */
function vttPlain(text: string): string {
  return text
    .replace(/^<v [^>]*>/, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function checkSrtAndVtt(transcript: Transcript): void {
  const { cues, srt, vtt } = rendered(transcript);
  // Nothing said, nothing shown: an empty SRT, which srt-validator (wrongly, for a silent file)
  // reports as a missing sequence number. Every non-empty one must pass.
  if (cues.length === 0) expect(srt).toBe('');
  else expect(srtValidator(srt)).toEqual([]);
  const vttResult = new WebVTTParser().parse(vtt, 'subtitles');
  expect(vttResult.errors).toEqual([]);
  expect(vttResult.cues).toHaveLength(cues.length);
  // The `subtitle` package (a second, independent parser) reads the same cues back from both.
  for (const [text, plain] of [
    [srt, (t: string) => t],
    [vtt, vttPlain],
  ] as const) {
    const nodes = parseSync(text).filter((node) => node.type === 'cue');
    expect(nodes).toHaveLength(cues.length);
    nodes.forEach((node, i) => {
      const cue = cues[i];
      if (node.type !== 'cue' || cue === undefined) throw new Error('unreachable');
      expect([node.data.start, node.data.end]).toEqual([cue.startMs, cue.endMs]);
      expect(plain(node.data.text)).toBe(cue.lines.join('\n'));
    });
  }
}

describe('independent parsers', () => {
  it.each(goldenTranscripts())(
    'accept the $name golden SRT and VTT with zero errors and the same cues',
    ({ transcript }) => {
      checkSrtAndVtt(transcript);
    },
  );

  it('accept the SRT and VTT of generated transcripts with zero errors and the same cues', () => {
    fc.assert(
      fc.property(transcriptArb, (transcript) => checkSrtAndVtt(transcript)),
      { numRuns: 60 },
    );
  });
});

describe('ffmpeg', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'subs-ffmpeg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Converts with ffmpeg to SRT and reads its cues back (times in ms, our VTT escaping undone). */
  function throughFfmpeg(file: string) {
    const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'srt', '-'], { encoding: 'utf8' });
    return parseSync(out).flatMap((node) =>
      node.type === 'cue'
        ? [
            {
              start: node.data.start,
              end: node.data.end,
              text: vttPlain(node.data.text),
            },
          ]
        : [],
    );
  }

  const cases = [
    ...goldenTranscripts(),
    ...fc
      .sample(transcriptArb, { numRuns: 2, seed: 7 })
      .map((t, i) => ({ name: `generated-${i}`, transcript: t })),
  ];

  it.each(cases)(
    'converts the $name SRT, VTT and ASS with every cue, its times and its text',
    ({ name, transcript }) => {
      const { cues, srt, vtt, ass } = rendered(transcript);
      // ASS times are in centiseconds: ours round to the nearest, so within 5 ms.
      for (const [ext, text, toleranceMs] of [
        ['srt', srt, 0],
        ['vtt', vtt, 0],
        ['ass', ass, 5],
      ] as const) {
        const file = path.join(dir, `${name}.${ext}`);
        writeFileSync(file, text);
        // From ASS, ffmpeg writes the style's font as a <font> span around the text.
        const read = throughFfmpeg(file).map((cue) =>
          ext === 'ass' ? { ...cue, text: cue.text.replace(/^<font[^>]*>|<\/font>$/g, '') } : cue,
        );
        expect(read, `${name}.${ext}`).toHaveLength(cues.length);
        read.forEach((cue, i) => {
          const ours = cues[i];
          if (ours === undefined) throw new Error('unreachable');
          expect(Math.abs(cue.start - ours.startMs), `${name}.${ext} cue ${i} start`).toBeLessThanOrEqual(
            toleranceMs,
          );
          expect(Math.abs(cue.end - ours.endMs), `${name}.${ext} cue ${i} end`).toBeLessThanOrEqual(
            toleranceMs,
          );
          expect(cue.text, `${name}.${ext} cue ${i} text`).toBe(ours.lines.join('\n'));
        });
      }
    },
  );
});
