/**
 * Plain text: the transcript as paragraphs, with the engine's punctuation kept (the zh profile's
 * comma replacement is for the screen, not for reading). A paragraph ends on a speaker change or a
 * silence of `paragraphGapMs` between sentences; speaker labels and timestamps are optional.
 */
import type { Transcript } from '../transcript/transcript.js';
import type { SubtitleProfile } from './profile.js';
import { speakerName } from './speaker-name.js';
import { txtTime } from './timecode.js';
import { Tokenizer } from './tokens.js';
import { forEachUnit, speakerKey } from './units.js';

const SENTENCE_END = /[.!?…。！？]\S*$/u;

/** Renders the transcript as plain text. */
export function writeTxt(transcript: Transcript, profile: SubtitleProfile): string {
  const labels =
    profile.txtSpeakerLabels === 'auto'
      ? transcript.segments.some((s) => speakerKey(s) !== undefined)
      : profile.txtSpeakerLabels;
  // Spacing as on screen but with the punctuation the engine wrote.
  const tokenizer = new Tokenizer({ ...profile, replaceCommasAndStops: false }, false);
  const paragraphs: string[] = [];
  const cjk = profile.name === 'zh';
  let text = '';
  let head = '';
  let speaker: string | undefined;
  let lastEnd = 0;
  let open = false;
  forEachUnit(transcript, cjk, (unit) => {
    const startsParagraph =
      !open ||
      unit.speaker !== speaker ||
      (unit.startMs - lastEnd >= profile.paragraphGapMs && text.length > 0 && SENTENCE_END.test(text));
    if (startsParagraph) {
      if (open) paragraphs.push(head + text);
      head = '';
      if (profile.txtTimestamps) head += `${txtTime(unit.startMs)} `;
      if (labels && unit.speaker !== undefined) head += `${speakerName(unit.speaker)}: `;
      text = '';
      open = true;
    }
    // The tokenizer's spacing, without building tokens (this runs once per word of a long
    // recording); commas and stops are kept, so the text is the unit's own.
    const glue = tokenizer.glueBefore(unit);
    text += (text === '' ? '' : glue) + unit.text;
    speaker = unit.speaker;
    lastEnd = Math.max(lastEnd, unit.endMs);
  });
  if (open) paragraphs.push(head + text);
  return paragraphs.length === 0 ? '' : `${paragraphs.join('\n\n')}\n`;
}
