/**
 * The last step every adapter shares: check the times, attach punctuation, decide what `SpeakerId`
 * means, order the segments and fill in language and duration. Adapters only translate their
 * engine's fields into `DraftSentence`s, in integer ms from the start of the media.
 */

import { languageFromModel, languageFromText } from './language.js';
import type { ResultShape } from './parse-error.js';
import { TranscriptParseError } from './parse-error.js';
import type { RawWord } from './punctuation.js';
import { attachPunctuation } from './punctuation.js';
import type { ReadOptions } from './read-options.js';
import type { Transcript, TranscriptSegment, TranscriptSource } from './transcript.js';

/** One sentence as an adapter read it, times already absolute integer ms. */
export interface DraftSentence {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
  /** The engine's speaker id (ASR/CI `SpeakerId`, FlashResult `speaker_id`, a Result line's third field). */
  readonly speakerId?: string;
  /** An explicit channel (FlashResult `channel_id`). */
  readonly channel?: number;
  readonly words: readonly RawWord[];
  /** Where this sentence sits in the input, for error messages ('Response.Data.ResultDetail[3]'). */
  readonly path: string;
  /** The name the engine gives its word list in this shape, for error messages ('Words', 'word_list'). */
  readonly wordsField?: string;
}

/** Everything an adapter read, before it becomes a `Transcript`. */
export interface Draft {
  readonly shape: ResultShape;
  readonly engine: TranscriptSource['engine'];
  readonly taskId?: string;
  readonly model?: string;
  /** The media duration the engine reported, in ms. */
  readonly audioMs?: number;
  readonly sentences: readonly DraftSentence[];
}

/**
 * Builds the canonical transcript. Throws `TranscriptParseError` for times that cannot be right
 * (a word ending before it starts, words going back in time within a sentence).
 *
 * Speaker ids: engines report `SpeakerId: 0` on every sentence when diarization is off, so one id
 * throughout is not a speaker label and is dropped; two or more distinct ids are kept. With
 * `channelCount: 2` the id is the audio channel instead.
 */
export function assembleTranscript(draft: Draft, options: ReadOptions = {}): Transcript {
  const stereo = options.channelCount === 2;
  const speakerIds = new Set<string>();
  for (const sentence of draft.sentences) {
    if (sentence.speakerId !== undefined) speakerIds.add(sentence.speakerId);
  }
  const labelSpeakers = !stereo && speakerIds.size >= 2;

  const model = options.model ?? draft.model;
  const segments: TranscriptSegment[] = [];
  for (const sentence of draft.sentences) {
    checkTimes(draft.shape, sentence);
    const text = sentence.text.trim();
    if (text === '' && sentence.words.length === 0) continue;
    const words = attachPunctuation(sentence.text, sentence.words);
    let startMs = sentence.startMs;
    let endMs = sentence.endMs;
    for (const word of words) {
      startMs = Math.min(startMs, word.startMs);
      endMs = Math.max(endMs, word.endMs);
    }
    const channel = sentence.channel ?? (stereo ? channelOf(sentence.speakerId) : undefined);
    const speaker = labelSpeakers ? sentence.speakerId : undefined;
    segments.push({
      startMs,
      endMs,
      text: text === '' ? joinWords(words) : text,
      ...(speaker === undefined ? {} : { speaker }),
      ...(channel === undefined ? {} : { channel }),
      words,
    });
  }
  // Sentences of different channels interleave in time; within one channel engines already sort.
  segments.sort((a, b) => a.startMs - b.startMs);

  const lastEnd = segments.reduce((max, s) => Math.max(max, s.endMs), 0);
  const source: TranscriptSource = {
    engine: draft.engine,
    ...(model === undefined ? {} : { model }),
    ...(draft.taskId === undefined ? {} : { taskId: draft.taskId }),
  };
  return {
    version: 1,
    language: options.language ?? languageFromModel(model) ?? languageFromText(segments.map((s) => s.text)),
    durationMs: Math.max(draft.audioMs ?? 0, lastEnd),
    source,
    segments,
  };
}

function checkTimes(shape: ResultShape, sentence: DraftSentence): void {
  if (sentence.endMs < sentence.startMs) {
    throw new TranscriptParseError({
      shape,
      path: sentence.path,
      problem: 'the sentence ends before it starts',
      found: `${sentence.startMs}..${sentence.endMs} ms`,
    });
  }
  // The path is built only for an error: this runs for every word of a long recording.
  const pathOf = (index: number) => `${sentence.path}.${sentence.wordsField ?? 'Words'}[${index}]`;
  let previousStart = -1;
  const words = sentence.words;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as RawWord;
    if (word.endMs < word.startMs) {
      throw new TranscriptParseError({
        shape,
        path: pathOf(index),
        problem: 'the word ends before it starts',
        found: `${JSON.stringify(word.text)} ${word.startMs}..${word.endMs} ms`,
      });
    }
    if (word.startMs < previousStart) {
      throw new TranscriptParseError({
        shape,
        path: pathOf(index),
        problem: 'words out of order: this word starts before the previous one',
        found: `${JSON.stringify(word.text)} at ${word.startMs} ms, previous at ${previousStart} ms`,
      });
    }
    previousStart = word.startMs;
  }
}

function channelOf(speakerId: string | undefined): number | undefined {
  if (speakerId === undefined || !/^\d+$/.test(speakerId)) return undefined;
  return Number(speakerId);
}

const HAN = /\p{Script=Han}/u;

/**
 * The sentence text rebuilt from its words, for engines that sent words but no sentence: Chinese
 * without spaces between characters, spaced scripts with one space, and one space where the two meet.
 */
function joinWords(words: readonly RawWord[]): string {
  let text = '';
  for (const word of words) {
    const previous = text.at(-1);
    const unspaced = previous === undefined || (HAN.test(previous) && HAN.test(word.text.charAt(0)));
    text += unspaced ? word.text : ` ${word.text}`;
  }
  return text;
}
