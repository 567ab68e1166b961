/**
 * What the offline recognizer returns and how it fails. The shape is engine-neutral: the ASR, MPS and CI
 * emulators each turn it into their own wire format (sentence-relative ms, seconds, ...), once.
 */

/** One recognised word. Times are integer ms from the start of the audio. */
export interface RecognizedWord {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Posterior probability (0..1) as pocketsphinx reports it. */
  readonly confidence?: number;
}

/** A run of words between pauses. Times are integer ms from the start of the audio. */
export interface RecognizedSentence {
  readonly startMs: number;
  readonly endMs: number;
  /** The words joined by single spaces, lower case, no punctuation (the engines add their own). */
  readonly text: string;
  readonly words: RecognizedWord[];
  /**
   * For stereo recognised channel by channel (`channels: 2`): 0 = left, 1 = right, as ASR reports
   * telephone channels in SpeakerId. Absent for mono recognition.
   */
  readonly channel?: number;
}

/** The result of one recognition. */
export interface Recognition {
  /** Duration of the decoded audio in ms. */
  readonly durationMs: number;
  readonly sentences: RecognizedSentence[];
}

/**
 * Why a recognition failed. The codes map onto what the real services report: DecodeFailed and
 * UnsupportedMedia are ASR callback 10004 / CI "invalid media", EmptyAudio is 10002 (too short),
 * TooLong is 10003, RecognizerMissing means the local install is incomplete (the message names the
 * apt-get command that fixes it).
 */
export type RecognitionErrorCode =
  | 'DecodeFailed'
  | 'UnsupportedMedia'
  | 'EmptyAudio'
  | 'TooLong'
  | 'RecognizerMissing';

/** A recognition that could not produce a result; `code` says which kind of failure it was. */
export class RecognitionError extends Error {
  override readonly name = 'RecognitionError';
  readonly code: RecognitionErrorCode;

  constructor(code: RecognitionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
