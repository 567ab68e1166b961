/**
 * WebVTT (W3C). `&`, `<` and `>` in text become character references, which also rules out a literal
 * `-->` in a payload; a speaker is a voice span `<v Name>` (end tag omitted: the span is the whole cue,
 * as the spec allows). Hours are always written.
 */
import type { Cue } from './cue.js';
import { speakerName } from './speaker-name.js';
import { vttTime } from './timecode.js';

const MARKUP = /[&<>]/g;
const HAS_MARKUP = /[&<>]/;
const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes cue text. */
export function escapeVttText(text: string): string {
  // Tested first: hardly a line of speech holds one of these, and a test costs a fraction of a
  // replace with a function that finds nothing.
  return HAS_MARKUP.test(text) ? text.replace(MARKUP, (c) => REFERENCES[c] ?? c) : text;
}

/** Renders cues as WebVTT. */
export function writeVtt(cues: readonly Cue[]): string {
  const parts: string[] = ['WEBVTT\n'];
  const voices = new Map<string, string>();
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as Cue;
    const voice = cue.speaker === undefined ? '' : voiceTag(voices, cue.speaker);
    const text = voice + cue.lines.map(escapeVttText).join('\n');
    parts.push(`${i + 1}\n${vttTime(cue.startMs)} --> ${vttTime(cue.endMs)}\n${text}\n`);
  }
  return parts.join('\n');
}

/** `<v Name>` for a speaker, made once per speaker rather than once per cue. */
function voiceTag(voices: Map<string, string>, speaker: string): string {
  let tag = voices.get(speaker);
  if (tag === undefined) {
    tag = `<v ${escapeVttText(speakerName(speaker))}>`;
    voices.set(speaker, tag);
  }
  return tag;
}
