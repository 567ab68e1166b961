/**
 * A transcript with nothing said (silence, music, a failed recogniser that still answered "success").
 *
 * Decision: the SRT is an empty file (zero bytes). SRT has no header, so zero cues is zero bytes; any
 * filler (a blank line, a dummy cue) would either be invalid SRT or show something that was never said.
 * Found with ffmpeg 7 here: an empty SRT is read as zero cues when the format is named (`-f srt`, which
 * is how a pipeline that knows what it wrote calls it), and muxes into MP4 as an empty subtitle track;
 * ffmpeg's format probe alone cannot recognise zero bytes ("Invalid data found when processing input"),
 * and no non-empty SRT without a cue probes any better, so naming the format is the documented way.
 * Players (mpv, VLC, browsers through a converter) pick SRT by file extension and show nothing.
 * WebVTT is different: its `WEBVTT` signature is mandatory, so the empty rendering keeps it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { renderAll } from '../../../lib/subtitles/render.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';

const silent: Transcript = {
  version: 1,
  language: 'en',
  durationMs: 60_000,
  source: { engine: 'asr', taskId: '42' },
  segments: [],
};

describe('an empty transcript', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'subs-empty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders an empty SRT, a WebVTT with only its header, and a QC report of zero cues', () => {
    // Prepare / Act
    const { outputs, qc } = renderAll(silent);

    // Assess
    expect(outputs.srt).toBe('');
    expect(outputs.vtt).toBe('WEBVTT\n');
    const parsed = new WebVTTParser().parse(outputs.vtt, 'subtitles');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues).toHaveLength(0);
    expect(outputs.ass).toContain('[Events]');
    expect(qc.cues).toBe(0);
    expect(qc.coverage).toEqual({ units: 0, covered: 0, ok: true });
  });

  it('is read by ffmpeg as zero cues when the format is named, and muxes as an empty track', () => {
    // Prepare
    const srt = path.join(dir, 'silent.srt');
    writeFileSync(srt, renderAll(silent).outputs.srt);
    const vttOut = path.join(dir, 'silent-from-srt.vtt');
    const mp4 = path.join(dir, 'silent.mp4');

    // Act
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'srt', '-i', srt, vttOut]);
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=d=1'],
      ...['-f', 'srt', '-i', srt, '-map', '0', '-map', '1', '-c:s', 'mov_text', '-t', '1', mp4],
    ]);
    const probe = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv', mp4],
      {
        encoding: 'utf8',
      },
    );

    // Assess
    expect(readFileSync(vttOut, 'utf8').trim()).toBe('WEBVTT');
    expect(probe).toContain('subtitle');
  });

  it('is not recognised by ffmpeg probing alone (why callers must name the format)', () => {
    // Prepare
    const srt = path.join(dir, 'probe.srt');
    writeFileSync(srt, renderAll(silent).outputs.srt);

    // Act
    const probe = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', srt, path.join(dir, 'probe.vtt')], {
      encoding: 'utf8',
    });

    // Assess: if a later ffmpeg learns to probe it, this test says the comment above is out of date.
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('Invalid data');
  });

  it('keeps its WebVTT header and an ffmpeg-readable VTT', () => {
    // Prepare
    const vtt = path.join(dir, 'silent.vtt');
    writeFileSync(vtt, renderAll(silent).outputs.vtt);

    // Act
    const out = execFileSync('ffmpeg', ['-v', 'error', '-i', vtt, '-f', 'srt', '-'], { encoding: 'utf8' });

    // Assess
    expect(out).toBe('');
  });
});
