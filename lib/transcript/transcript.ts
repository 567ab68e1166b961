/**
 * The engine-neutral transcript: what every adapter produces and every renderer consumes.
 *
 * All times are integer milliseconds from the start of the media (engine units — seconds, ms,
 * sentence-relative offsets — are converted once, in the adapter). Serialised as-is, this is the
 * project's canonical JSON (`version: 1`), which `cos-transcribe render` reads back unchanged.
 */
import type { EngineName } from '../engines/engine-names.js';

export interface Transcript {
  /** Format version of the canonical JSON. Bump on any incompatible change. */
  readonly version: 1;
  /** BCP 47-ish language tag: 'en', 'zh', 'yue', ... ; 'und' when the engine did not say. */
  readonly language: string;
  /** Media duration in ms; at least the end of the last word. */
  readonly durationMs: number;
  /** Which engine produced it, for the status record and for re-rendering decisions. */
  readonly source: TranscriptSource;
  /** Recognised sentences, in time order. */
  readonly segments: readonly TranscriptSegment[];
}

/** Where a transcript came from. */
export interface TranscriptSource {
  /**
   * 'asr' (CreateRecTask), 'ci' (CI speech job), 'sentence' (SentenceRecognition), 'mps' (RecognizeAudio),
   * 'live' (CreateAsyncRecognitionTask, a live stream's utterances), 'canonical'.
   */
  readonly engine: EngineName | 'canonical';
  /** Engine model, e.g. '16k_zh', when known. */
  readonly model?: string;
  /** Engine task or job id, as a string (ASR TaskIds are uint64 and must not lose precision). */
  readonly taskId?: string;
}

/** One recognised sentence. */
export interface TranscriptSegment {
  readonly startMs: number;
  readonly endMs: number;
  /** The sentence as the engine punctuated it. */
  readonly text: string;
  /** Speaker label ('1', '2', ...) when diarization ran; absent otherwise. */
  readonly speaker?: string;
  /** Audio channel (0-based) for multi-channel recognition; absent for mono. */
  readonly channel?: number;
  /**
   * Words in time order. Empty only when the engine gave no word timings; renderers then treat the
   * whole segment text as one timed unit.
   */
  readonly words: readonly TranscriptWord[];
}

/** One recognised word (for Chinese, one token as the engine split it). */
export interface TranscriptWord {
  /**
   * The word with the punctuation attached to it (leading such as '“', trailing such as ',' or '。'),
   * so that joining a segment's words with the language's spacing gives back the punctuated sentence.
   */
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  /** 0..1 when the engine reports it. */
  readonly confidence?: number;
}
