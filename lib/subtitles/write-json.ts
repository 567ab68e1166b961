/**
 * JSON: the canonical transcript, untouched, under `transcript` (so the file can be re-rendered later
 * without re-transcribing: lib/transcript/canonical.ts reads this form), with the cues as rendered and
 * the profile that produced them beside it. Compact: it is read by programs; people read SRT/VTT.
 */
import type { Transcript } from '../transcript/transcript.js';
import type { Cue } from './cue.js';
import type { SubtitleProfile } from './profile.js';

/** Renders the transcript and its cues as one JSON document. */
export function writeJson(transcript: Transcript, cues: readonly Cue[], profile: SubtitleProfile): string {
  return `${JSON.stringify({ transcript, profile, cues })}\n`;
}
