/**
 * Turns a recognition into what DescribeTaskStatus and the callback carry (docs/tencent-wire.md §4, §5):
 * `Result` lines `[m:s.mmm,m:s.mmm]` + two spaces + sentence + `\n` (minutes not wrapped into hours,
 * seconds not zero-padded, a third field with the speaker when speakers are separated), and
 * `ResultDetail` sentences whose word offsets are RELATIVE to the sentence's StartMs.
 */
import type { Recognition, RecognizedSentence } from '../recognizer/recognition.js';

/** What shapes the text: ResTextFormat, FilterPunc, and whether speaker ids are reported. */
export interface ResultOptions {
  readonly resTextFormat: number;
  readonly filterPunc: number;
  readonly withSpeaker: boolean;
}

/** One SentenceDetail, with exactly the keys the recorded success response has (plus SpeakerId when asked). */
export interface SentenceDetail {
  readonly FinalSentence: string;
  readonly SliceSentence: string;
  readonly StartMs: number;
  readonly EndMs: number;
  readonly SpeechSpeed: number;
  readonly WordsNum: number;
  readonly Words: Array<{ Word: string; OffsetStartMs: number; OffsetEndMs: number }>;
  readonly SpeakerId?: number;
}

/** The result fields of a finished task. */
export interface RecTaskResult {
  readonly result: string;
  /** null with ResTextFormat 0: the detail is only filled from 1 up. */
  readonly resultDetail: SentenceDetail[] | null;
  readonly audioDurationMs: number;
}

/** Formats a recognition for DescribeTaskStatus and the callback. */
export function formatRecTaskResult(recognition: Recognition, options: ResultOptions): RecTaskResult {
  const lines: string[] = [];
  const details: SentenceDetail[] = [];
  for (const sentence of recognition.sentences) {
    const text = sentenceText(sentence, options);
    // Speaker separation is not emulated (everyone is speaker 0); stereo gives the channel, as ASR does.
    const speaker = options.withSpeaker ? `,${sentence.channel ?? 0}` : '';
    lines.push(`[${resultTime(sentence.startMs)},${resultTime(sentence.endMs)}${speaker}]  ${text}\n`);
    details.push(sentenceDetail(sentence, text, options));
  }
  return {
    result: lines.join(''),
    resultDetail: options.resTextFormat === 0 ? null : details,
    audioDurationMs: recognition.durationMs,
  };
}

/** `m:s.mmm` as in `[0:1.640,0:4.600]`: minutes keep counting past 60 (how Tencent prints hours is undocumented). */
export function resultTime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${seconds}.${String(ms % 1000).padStart(3, '0')}`;
}

/**
 * The sentence as the engine would write it. ResTextFormat 1 is documented as word detail WITHOUT
 * punctuation; the others punctuate (English: capital first letter, full stop), unless FilterPunc
 * drops the final mark (1) or all marks (2).
 */
export function sentenceText(
  sentence: RecognizedSentence,
  options: Pick<ResultOptions, 'resTextFormat' | 'filterPunc'>,
): string {
  if (options.resTextFormat === 1) return sentence.text;
  const capitalised = sentence.text.charAt(0).toUpperCase() + sentence.text.slice(1);
  return options.filterPunc === 0 ? `${capitalised}.` : capitalised;
}

function sentenceDetail(sentence: RecognizedSentence, text: string, options: ResultOptions): SentenceDetail {
  const seconds = Math.max(sentence.endMs - sentence.startMs, 1) / 1000;
  return {
    FinalSentence: text,
    SliceSentence: sentence.words.map((w) => w.text).join(' '),
    StartMs: sentence.startMs,
    EndMs: sentence.endMs,
    // Words per second for English (Tencent counts characters per second for Chinese), one decimal.
    SpeechSpeed: Math.round((sentence.words.length / seconds) * 10) / 10,
    WordsNum: sentence.words.length,
    Words: sentence.words.map((w) => ({
      Word: w.text,
      OffsetStartMs: w.startMs - sentence.startMs,
      OffsetEndMs: w.endMs - sentence.startMs,
    })),
    ...(options.withSpeaker ? { SpeakerId: sentence.channel ?? 0 } : {}),
  };
}
