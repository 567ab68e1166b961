import { describe, expect, it } from 'vitest';
import type { Cue } from '../../../lib/subtitles/cue.js';
import { ENGLISH_PROFILE } from '../../../lib/subtitles/profile.js';
import { renderTranscript } from '../../../lib/subtitles/render.js';
import { writeAss } from '../../../lib/subtitles/write-ass.js';
import { writeSrt } from '../../../lib/subtitles/write-srt.js';
import { escapeVttText, writeVtt } from '../../../lib/subtitles/write-vtt.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';

const cue = (lines: string[], speaker?: string): Cue => ({
  startMs: 1000,
  endMs: 2500,
  lines,
  firstUnit: 0,
  unitCount: 1,
  ...(speaker === undefined ? {} : { speaker }),
});

describe('WebVTT escaping', () => {
  it.each([
    ['R&D', 'R&amp;D'],
    ['a < b', 'a &lt; b'],
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['go --> there', 'go --&gt; there'],
    ['&amp;', '&amp;amp;'],
    ['普通文本', '普通文本'],
  ])('writes %j as %j', (text, escaped) => {
    expect(escapeVttText(text)).toBe(escaped);
  });

  it('puts the speaker in a voice span with its name escaped', () => {
    // Prepare
    const cues = [cue(['Hello'], 'Tom & <Jerry>')];
    // Act
    const vtt = writeVtt(cues);
    // Assess
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\n<v Tom &amp; &lt;Jerry&gt;>Hello\n');
  });

  it('names numbered speakers "Speaker N"', () => {
    expect(writeVtt([cue(['Hi'], '2')])).toContain('<v Speaker 2>Hi');
  });
});

describe('SRT', () => {
  it('numbers cues from 1 and separates them with one blank line', () => {
    expect(writeSrt([cue(['one', 'two']), { ...cue(['three']), startMs: 3000, endMs: 4000 }])).toBe(
      '1\n00:00:01,000 --> 00:00:02,500\none\ntwo\n\n2\n00:00:03,000 --> 00:00:04,000\nthree\n',
    );
  });
});

describe('ASS', () => {
  it('puts the speaker in the Name field with a style of its own, without commas, and escapes override braces', () => {
    // Prepare
    const cues = [cue(['a {\\b1} b', 'c, d'], 'Smith, John'), cue(['e'], '2')];
    // Act
    const ass = writeAss(cues, ENGLISH_PROFILE);
    // Assess
    expect(ass).toContain('Style: Smith  John,Arial,54,&H00FFFFFF');
    expect(ass).toContain('Style: Speaker 2,Arial,54,&H0000FFFF');
    expect(ass).toContain(
      'Dialogue: 0,0:00:01.00,0:00:02.50,Smith  John,Smith  John,0,0,0,,a ｛＼b1｝ b\\Nc, d',
    );
    expect(ass).toContain(',Speaker 2,Speaker 2,0,0,0,,e');
  });
});

describe('TXT', () => {
  const transcript: Transcript = {
    version: 1,
    language: 'en',
    durationMs: 20_000,
    source: { engine: 'canonical' },
    segments: [
      { startMs: 0, endMs: 1000, text: 'Hello there.', speaker: '1', words: [] },
      { startMs: 1200, endMs: 2000, text: 'How are you?', speaker: '1', words: [] },
      { startMs: 2100, endMs: 3000, text: 'Fine.', speaker: '2', words: [] },
      { startMs: 9000, endMs: 9500, text: 'Later.', speaker: '2', words: [] },
    ],
  };

  it('writes paragraphs per speaker turn and long pause, with labels when there are speakers', () => {
    expect(renderTranscript(transcript, 'txt')).toBe(
      'Speaker 1: Hello there. How are you?\n\nSpeaker 2: Fine.\n\nSpeaker 2: Later.\n',
    );
  });

  it('adds timestamps and drops labels on request', () => {
    expect(renderTranscript(transcript, 'txt', { txtTimestamps: true, txtSpeakerLabels: false })).toBe(
      '[00:00:00] Hello there. How are you?\n\n[00:00:02] Fine.\n\n[00:00:09] Later.\n',
    );
  });
});

describe('JSON', () => {
  it('is the canonical transcript plus the cues and the profile', () => {
    // Prepare
    const transcript: Transcript = {
      version: 1,
      language: 'en',
      durationMs: 3000,
      source: { engine: 'asr', taskId: '18446744073709551615' },
      segments: [{ startMs: 0, endMs: 900, text: 'Hi.', words: [{ text: 'Hi.', startMs: 0, endMs: 900 }] }],
    };
    // Act
    const parsed = JSON.parse(renderTranscript(transcript, 'json'));
    // Assess
    expect(parsed.transcript).toEqual(transcript);
    expect(parsed.cues).toEqual([{ startMs: 0, endMs: 900, lines: ['Hi.'], firstUnit: 0, unitCount: 1 }]);
    expect(parsed.profile.name).toBe('en');
  });
});
