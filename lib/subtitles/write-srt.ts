/**
 * SubRip. No official specification; the de-facto rules (srt-validator, Subtitle Edit): numbered
 * from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank line after each cue. SRT has no
 * escaping and no speaker field, so text is written as is (layout guarantees no empty line).
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
