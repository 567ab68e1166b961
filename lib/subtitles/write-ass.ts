/**
 * Advanced SubStation Alpha (v4.00+). The speaker goes in the Name field and picks a per-speaker
 * style (its own colour); line breaks are `\N`; times are centiseconds. Text cannot carry `{`/`}`
 * (they open override blocks) or a backslash (an escape), so those become their full-width forms;
 * Name and Style fields cannot carry commas (the field separator).
 */
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';
import { speakerName } from './speaker-name.js';
import { assTime } from './timecode.js';

/** Primary colours (&HBBGGRR) cycled over speakers: white, yellow, cyan, green, magenta, orange. */
const COLOURS = ['&H00FFFFFF', '&H0000FFFF', '&H00FFFF00', '&H0000FF00', '&H00FF00FF', '&H0000A5FF'];

const FIELD_BREAKERS = /[,\r\n]/g;
const OVERRIDE_CHARS = /[\\{}]/g;
const FULL_WIDTH: Readonly<Record<string, string>> = { '\\': '＼', '{': '｛', '}': '｝' };

function field(text: string): string {
  return text.replace(FIELD_BREAKERS, ' ');
}

function assText(line: string): string {
  return line.replace(OVERRIDE_CHARS, (c) => FULL_WIDTH[c] ?? c);
}

function style(name: string, colour: string, profile: SubtitleProfile): string {
  const font = profile.name === 'zh' ? 'Noto Sans CJK SC' : 'Arial';
  // 1080p canvas, bottom centre, outline + shadow for legibility on any picture.
  return `Style: ${name},${font},54,${colour},&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2.5,1,2,60,60,50,1`;
}

/** Renders cues as ASS. */
export function writeAss(cues: readonly Cue[], profile: SubtitleProfile, title = 'cos-transcribe'): string {
  const styles = new Map<string, string>();
  for (const cue of cues) {
    if (cue.speaker !== undefined && !styles.has(cue.speaker)) {
      styles.set(cue.speaker, field(speakerName(cue.speaker)));
    }
  }
  const head = [
    '[Script Info]',
    `Title: ${field(title)}`,
    'ScriptType: v4.00+',
    'PlayResX: 1920',
    'PlayResY: 1080',
    // 2 = no automatic wrapping: our lines are already broken by the rules.
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    style('Default', COLOURS[0] as string, profile),
  ];
  let n = 0;
  for (const name of styles.values())
    head.push(style(name, COLOURS[n++ % COLOURS.length] as string, profile));
  head.push(
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  );
  const parts = [head.join('\n')];
  for (const cue of cues) {
    const name = cue.speaker === undefined ? '' : (styles.get(cue.speaker) ?? '');
    const text = cue.lines.map(assText).join('\\N');
    parts.push(
      `Dialogue: 0,${assTime(cue.startMs)},${assTime(cue.endMs)},${name === '' ? 'Default' : name},${name},0,0,0,,${text}`,
    );
  }
  return `${parts.join('\n')}\n`;
}
