/**
 * SubRip. No official specification; the de-facto rules (srt-validator, Subtitle Edit): numbered
 * from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank line after each cue. SRT has no
 * escaping and no speaker field, so text is written as is (layout guarantees no empty line).
 * No cues gives an empty file: SRT has no header, and filler would be invalid or show words never
 * said. ffmpeg reads it as zero cues when told the format (`-f srt`); its probe cannot recognise zero
 * bytes (test/unit/subtitles/empty-transcript.test.ts). WebVTT keeps its mandatory header instead.
 */
import type { Cue } from './cue.js';
import { srtTime } from './timecode.js';

/** Renders cues as SRT. */
export function writeSrt(cues: readonly Cue[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as Cue;
    parts.push(`${i + 1}\n${srtTime(cue.startMs)} --> ${srtTime(cue.endMs)}\n${cue.lines.join('\n')}\n`);
  }
  return parts.join('\n');
}
