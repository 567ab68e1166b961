/** One subtitle cue as every writer and the QC report see it. */
export interface Cue {
  /** Integer ms; cues are sorted, never overlap, and are separated by at least the profile's minimum gap. */
  readonly startMs: number;
  readonly endMs: number;
  /** Display lines (already laid out; writers only escape them). Never empty, never containing a newline. */
  readonly lines: readonly string[];
  /** Speaker label ('1', '2', ...) from the transcript, or 'channel N' for multi-channel audio. */
  readonly speaker?: string;
  /**
   * True when some of the cue's times were estimated: its words come from a sentence the engine gave
   * no word timings for, whose time was shared out by characters (sentence-pieces.ts).
   */
  readonly estimatedTiming?: true;
  /**
   * The transcript units shown: a unit is a word, or a word of a segment the engine gave no word
   * timings for; where an engine gave Chinese one token per character, the characters of one word are
   * one unit. Units are numbered in transcript order from 0; consecutive cues cover consecutive ranges.
   */
  readonly firstUnit: number;
  readonly unitCount: number;
}
