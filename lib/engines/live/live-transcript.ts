/**
 * A live stream's utterances as the engine-neutral Transcript, and as subtitle cues. Each utterance
 * is segmented on its own, so its cues depend on it alone: a late or out-of-order utterance adds
 * cues without moving any other, and a rolling output can be rebuilt from any set of utterances.
 */
import type { Cue } from '../../subtitles/cue.js';
import type { ProfileChoice } from '../../subtitles/profile.js';
import { segmentCues } from '../../subtitles/segment-cues.js';
import type { Transcript, TranscriptSegment } from '../../transcript/transcript.js';
import type { Utterance } from './live-callback-body.js';
import type { LiveEngineType } from './live-limits.js';

/** The transcript language of an engine type ('16k_en' → 'en'). */
export function liveLanguage(engineType: LiveEngineType): string {
  return engineType.replace(/^16k_/, '');
}

/** The utterances (any order, no repeats) as a transcript in time order. */
export function liveTranscript(
  utterances: readonly Utterance[],
  source: { readonly engineType: LiveEngineType; readonly taskId: string },
): Transcript {
  const segments = [...utterances].sort(byTime).map(toSegment);
  const durationMs = segments.reduce((end, segment) => Math.max(end, segment.endMs), 0);
  return {
    version: 1,
    language: liveLanguage(source.engineType),
    durationMs,
    source: { engine: 'live', model: source.engineType, taskId: source.taskId },
    segments,
  };
}

/** The cues of one utterance, segmented under the profile. */
export function utteranceCues(
  utterance: Utterance,
  engineType: LiveEngineType,
  profile: ProfileChoice,
): Cue[] {
  const transcript = liveTranscript([utterance], { engineType, taskId: '0' });
  return segmentCues(transcript, profile);
}

/** Time order, then VoiceId, so equal times still sort the same way everywhere. */
export function byTime(a: Utterance, b: Utterance): number {
  return (
    a.startMs - b.startMs || a.endMs - b.endMs || (a.voiceId < b.voiceId ? -1 : a.voiceId > b.voiceId ? 1 : 0)
  );
}

/**
 * Words are kept only when they spell the text (WordInfo 2 attaches punctuation to words; with 1 or
 * an engine that splits differently they do not), since the renderers show words, not the text.
 */
function toSegment(utterance: Utterance): TranscriptSegment {
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const inside = utterance.words.every((w) => w.startMs >= utterance.startMs && w.endMs <= utterance.endMs);
  const spells = squeeze(utterance.words.map((w) => w.text).join('')) === squeeze(utterance.text);
  return {
    startMs: utterance.startMs,
    endMs: utterance.endMs,
    text: utterance.text,
    words: inside && spells ? utterance.words : [],
  };
}
