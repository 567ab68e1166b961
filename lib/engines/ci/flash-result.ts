/**
 * CI `SpeechRecognitionResult.FlashResult` (fast recognition, "FlashAsr"): one entry per audio
 * channel, each with `sentence_list[]{text, start_time, end_time, speaker_id, word_list[]{word,
 * start_time, end_time}}`, times in ms (CI docs 1045/49546, 1045/73385). Whether word times are absolute or
 * relative to the sentence is not documented for this list (SentenceDetail's are relative), so it is
 * decided per sentence: words that fit inside the sentence's own span are absolute; words that only
 * fit inside its duration counted from 0 are relative and are shifted by the sentence start.
 */

import { z } from 'zod';
import type { DraftSentence } from '../../transcript/assemble-transcript.js';
import { engineId, engineList, engineMs, engineText } from '../../transcript/engine-values.js';
import type { RawWord } from '../../transcript/punctuation.js';
import { wordList } from '../../transcript/word-list.js';

const flashSentenceSchema = z.object({
  text: engineText,
  start_time: engineMs,
  end_time: engineMs,
  speaker_id: engineId,
  word_list: wordList({ text: 'word', start: 'start_time', end: 'end_time', unit: 'ms' }),
});

/** One channel's entry in `FlashResult`. */
export const flashChannelSchema = z.object({
  channel_id: engineId,
  text: engineText,
  sentence_list: engineList(flashSentenceSchema),
});

/** A parsed `FlashResult` entry. */
export type FlashChannel = z.infer<typeof flashChannelSchema>;

/** Slack for engines that round sentence bounds a little inside their first and last words. */
const TOLERANCE_MS = 50;

/** Draft sentences from all channels; channels are marked only when there is more than one. */
export function sentencesFromFlashResult(channels: readonly FlashChannel[], path: string): DraftSentence[] {
  const multiChannel = new Set(channels.map((c) => c.channel_id ?? '0')).size > 1;
  return channels.flatMap((channel, c) =>
    channel.sentence_list.map((sentence, s): DraftSentence => {
      const raw: readonly RawWord[] = sentence.word_list;
      const shift = wordsAreRelative(sentence.start_time, sentence.end_time, raw) ? sentence.start_time : 0;
      const channelId = Number(channel.channel_id ?? c);
      return {
        startMs: sentence.start_time,
        endMs: sentence.end_time,
        text: sentence.text,
        ...(sentence.speaker_id === undefined ? {} : { speakerId: sentence.speaker_id }),
        ...(multiChannel && Number.isInteger(channelId) ? { channel: channelId } : {}),
        words: raw.map((w) => ({ ...w, startMs: w.startMs + shift, endMs: w.endMs + shift })),
        path: `${path}[${c}].sentence_list[${s}]`,
        wordsField: 'word_list',
      };
    }),
  );
}

function wordsAreRelative(startMs: number, endMs: number, words: readonly RawWord[]): boolean {
  if (words.length === 0 || startMs <= TOLERANCE_MS) return false;
  const absolute = words.every((w) => w.startMs >= startMs - TOLERANCE_MS && w.endMs <= endMs + TOLERANCE_MS);
  if (absolute) return false;
  return words.every((w) => w.endMs <= endMs - startMs + TOLERANCE_MS);
}
