/**
 * JSON: the canonical transcript (so the file can be re-rendered later without re-transcribing) with
 * the cues as rendered and the profile that produced them added beside its fields; a reader of the
 * canonical form that ignores unknown keys reads it back as the transcript. Compact: it is read by
 * programs; people read the SRT/VTT.
 */
import type { Transcript } from '../transcript/transcript.js';
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';

/** Renders the transcript and its cues as one JSON document. */
export function writeJson(transcript: Transcript, cues: readonly Cue[], profile: SubtitleProfile): string {
  return `${JSON.stringify({ ...transcript, subtitleProfile: profile, cues })}\n`;
}
