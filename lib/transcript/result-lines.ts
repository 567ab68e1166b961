/**
 * The plain `Result` text that ASR (DescribeTaskStatus, the callback's `text`) and CI return: one line
 * per sentence, `[m:s.mmm,m:s.mmm]` then the sentence. ASR puts two spaces after the bracket, CI one;
 * speaker-separation engines add a third field, `[0:0.000,0:2.260,0]`. Seconds are not zero-padded.
 * How hours are written past 60 minutes is undocumented, so `h:m:s.mmm` is accepted as well as
 * minutes counting past 59 (`75:3.120`).
 */

import type { ResultShape } from './parse-error.js';
import { TranscriptParseError } from './parse-error.js';

/** One sentence read from a result line. */
export interface ResultLine {
  readonly startMs: number;
  readonly endMs: number;
  /** The optional third field (speaker or channel id), as written. */
  readonly speakerId?: string;
  readonly text: string;
}

const TIME = String.raw`(\d+(?::\d+){1,2}(?:\.\d+)?)`;
const LINE = new RegExp(String.raw`^\[${TIME},${TIME}(?:,\s*(\d+))?\]\s*(.*)$`);

/**
 * Parses the whole `Result` text. Blank lines are skipped; any other line that does not have the
 * bracketed times is an error naming the line, so that no sentence is silently dropped.
 */
export function parseResultLines(text: string, shape: ResultShape, path: string): ResultLine[] {
  const lines: ResultLine[] = [];
  const raw = text.split(/\r?\n/);
  for (let index = 0; index < raw.length; index++) {
    const line = (raw[index] ?? '').trim();
    if (line === '') continue;
    const where = `${path} line ${index + 1}`;
    const match = LINE.exec(line);
    if (!match) {
      throw new TranscriptParseError({
        shape,
        path: where,
        problem: 'expected "[m:s.mmm,m:s.mmm]  sentence"',
        found: quote(line),
      });
    }
    const startMs = clockToMs(match[1] ?? '');
    const endMs = clockToMs(match[2] ?? '');
    if (endMs < startMs) {
      throw new TranscriptParseError({
        shape,
        path: where,
        problem: 'the sentence ends before it starts',
        found: quote(line),
      });
    }
    const sentence = (match[4] ?? '').trim();
    if (sentence === '') continue;
    const speakerId = match[3];
    lines.push(
      speakerId === undefined
        ? { startMs, endMs, text: sentence }
        : { startMs, endMs, speakerId, text: sentence },
    );
  }
  return lines;
}

/** `1:02:03.5` / `62:3.500` / `0:1.64` to integer ms, with integer arithmetic only. */
function clockToMs(clock: string): number {
  const [hms = '', fraction = ''] = clock.split('.');
  const parts = hms.split(':').map(Number);
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + part;
  const digits = fraction.padEnd(4, '0');
  return seconds * 1000 + Number(digits.slice(0, 3)) + (Number(digits[3]) >= 5 ? 1 : 0);
}

function quote(line: string): string {
  const shown = line.length > 40 ? `${line.slice(0, 37)}...` : line;
  return JSON.stringify(shown);
}
