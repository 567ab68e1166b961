/**
 * The one entry point the pipeline and the CLI use: a transcript in, one rendering out. Pure: no I/O,
 * no clock. `renderAll` segments once and renders several formats, for the callback that writes
 * every output and its QC report.
 */
import type { Transcript } from '../transcript/transcript.js';
import type { Cue } from './cue.js';
import { SUBTITLE_FORMATS, type SubtitleFormat } from './formats.js';
import { type ProfileOptions, resolveProfile, type SubtitleProfile } from './profile.js';
import { type QcReport, qcReport } from './qc-report.js';
import { segmentCues } from './segment-cues.js';
import { writeAss } from './write-ass.js';
import { writeJson } from './write-json.js';
import { writeSrt } from './write-srt.js';
import { writeTxt } from './write-txt.js';
import { writeVtt } from './write-vtt.js';

export { SUBTITLE_FORMATS, type SubtitleFormat };

/** Content-Type for each format (UTF-8 throughout). */
export const CONTENT_TYPES: Readonly<Record<SubtitleFormat, string>> = {
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  ass: 'text/x-ssa; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Renders one format. `options.profile` defaults to 'auto'; other options override profile limits. */
export function renderTranscript(
  transcript: Transcript,
  format: SubtitleFormat,
  options?: ProfileOptions,
): string {
  const profile = resolveProfile(transcript, options);
  if (format === 'txt') return writeTxt(transcript, profile);
  return renderCues(transcript, segmentCues(transcript, profile), format, profile);
}

/** Renders cues already segmented with `profile`. */
export function renderCues(
  transcript: Transcript,
  cues: readonly Cue[],
  format: SubtitleFormat,
  profile: SubtitleProfile,
): string {
  switch (format) {
    case 'srt':
      return writeSrt(cues);
    case 'vtt':
      return writeVtt(cues);
    case 'ass':
      return writeAss(cues, profile);
    case 'txt':
      return writeTxt(transcript, profile);
    case 'json':
      return writeJson(transcript, cues, profile);
  }
}

/** Everything the callback writes for one transcript: each format and the QC report, segmented once. */
export interface Renderings {
  readonly profile: SubtitleProfile;
  readonly outputs: Readonly<Record<SubtitleFormat, string>>;
  readonly qc: QcReport;
}

/** Segments once, renders the requested formats (all by default) and measures the cues. */
export function renderAll(
  transcript: Transcript,
  options?: ProfileOptions,
  formats: readonly SubtitleFormat[] = SUBTITLE_FORMATS,
): Renderings {
  const profile = resolveProfile(transcript, options);
  const cues = segmentCues(transcript, profile);
  const outputs = {} as Record<SubtitleFormat, string>;
  for (const format of formats) outputs[format] = renderCues(transcript, cues, format, profile);
  return { profile, outputs, qc: qcReport(transcript, cues, profile) };
}
