/**
 * Pauses inside a cue (the rule is recorded in lib/subtitles/segment-cues.ts): a sentence followed by a
 * silence the timing would not chain (0.5 s or more) ends its cue; a pause inside a sentence is only a
 * preferred break, unless it is long enough (1.5 s) to end any cue.
 */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../../lib/subtitles/profile.js';
import { renderTranscript } from '../../../lib/subtitles/render.js';
import { segmentCues } from '../../../lib/subtitles/segment-cues.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import type { Transcript, TranscriptSegment } from '../../../lib/transcript/transcript.js';
import { fixture } from '../transcript/fixture.js';

function sentence(text: string, startMs: number, endMs: number, words = true): TranscriptSegment {
  const pieces = text.split(' ');
  const step = (endMs - startMs) / pieces.length;
  return {
    startMs,
    endMs,
    text,
    words: words
      ? pieces.map((w, i) => ({
          text: w,
          startMs: Math.round(startMs + i * step),
          endMs: Math.round(startMs + (i + 1) * step) - 10,
        }))
      : [],
  };
}

function english(...segments: TranscriptSegment[]): Transcript {
  const durationMs = segments.reduce((end, s) => Math.max(end, s.endMs), 0) + 1000;
  return { version: 1, language: 'en', durationMs, source: { engine: 'canonical' }, segments };
}

function cueTexts(t: Transcript): string[] {
  return segmentCues(t, resolveProfile(t)).map((cue) => cue.lines.join(' '));
}

describe('pauses inside a cue', () => {
  it('ends the cue at a sentence followed by 0.82 s of silence (the ASR callback fixture)', () => {
    // Prepare: two word-less sentences, 1.64-4.60 s and 5.42-7.82 s.
    const form = fixture('asr-callback.form.txt');
    const transcript = readTranscript(form);

    // Act
    const ass = renderTranscript(transcript, 'ass');
    const cues = segmentCues(transcript, resolveProfile(transcript));

    // Assess
    expect(cues.map((c) => c.lines.join(' '))).toEqual(['我在马上上夜班', '明天早上说哈']);
    expect((cues[0]?.endMs ?? 0) <= 5420 - 500).toBe(true);
    expect(ass.split('\n').filter((l) => l.startsWith('Dialogue:'))).toHaveLength(2);
  });

  it('ends the cue after a sentence and a 0.5 s silence, but keeps two sentences 0.3 s apart together', () => {
    // Prepare
    const apart = english(sentence('We start.', 0, 600), sentence('It works.', 1100, 1700));
    const close = english(sentence('We start.', 0, 600), sentence('It works.', 900, 1500));

    // Act / Assess
    expect(cueTexts(apart)).toEqual(['We start.', 'It works.']);
    expect(cueTexts(close)).toEqual(['We start. It works.']);
  });

  it('keeps a sentence together over a 0.8 s pause inside it, and splits it at a 1.5 s one', () => {
    // Prepare
    const hesitant = english(sentence('The queue was', 0, 900), sentence('nearly empty today.', 1700, 2900));
    const broken = english(sentence('The queue was', 0, 900), sentence('nearly empty today.', 2400, 3600));

    // Act / Assess
    expect(cueTexts(hesitant)).toEqual(['The queue was nearly empty today.']);
    expect(cueTexts(broken)).toEqual(['The queue was', 'nearly empty today.']);
  });

  it('applies the same rule to sentences without word timings', () => {
    // Prepare
    const apart = english(sentence('We start.', 0, 600, false), sentence('It works.', 1100, 1700, false));

    // Act / Assess
    expect(cueTexts(apart)).toEqual(['We start.', 'It works.']);
  });
});
