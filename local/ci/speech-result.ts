/**
 * Turns a recognition into what CI reports and writes: the job's `SpeechRecognitionResult` (every
 * value a string, as CI's XML and recorded callback show), the result object (txt or srt per
 * OutputFileType) and the `.detail` JSON beside it.
 *
 * Facts: CI doc 1045/49546 "Submitting Speech Recognition Job" (ResultDetail, FlashResult fields) and the recorded
 * callback (fixtures/tencent/ci-callback.xml): Result lines are `[m:s.mmm,m:s.mmm] text` with ONE
 * space after the bracket; ResultDetail word offsets are relative to the sentence's StartMs; words
 * carry VoiceType. UNVERIFIED and decided here: the txt object holds the Result lines, the srt object
 * one cue per sentence, the .detail object this result as JSON; FlashResult times are absolute ms.
 */

/** What the offline recognizer returns (local/recognizer): absolute integer ms throughout. */
export interface RecognizedSpeech {
  readonly durationMs: number;
  readonly sentences: ReadonlyArray<{
    readonly startMs: number;
    readonly endMs: number;
    readonly text: string;
    readonly words: ReadonlyArray<{
      readonly text: string;
      readonly startMs: number;
      readonly endMs: number;
    }>;
  }>;
}

/** One `Words` entry; offsets relative to the sentence start. */
export interface ResultWord {
  readonly OffsetEndMs: string;
  readonly OffsetStartMs: string;
  readonly VoiceType: string;
  readonly Word: string;
}

/** One `ResultDetail` entry (a sentence). */
export interface ResultSentence {
  readonly EndMs: string;
  readonly FinalSentence: string;
  readonly SliceSentence: string;
  readonly SpeakerId: string;
  readonly SpeechSpeed: string;
  readonly StartMs: string;
  readonly WordsNum: string;
  readonly Words: readonly ResultWord[];
}

/** One `FlashResult` entry (a channel). */
export interface FlashChannel {
  readonly channel_id: string;
  readonly text: string;
  readonly sentence_list: ReadonlyArray<{
    readonly text: string;
    readonly start_time: string;
    readonly end_time: string;
    readonly speaker_id: string;
    readonly word_list: ReadonlyArray<{
      readonly word: string;
      readonly start_time: string;
      readonly end_time: string;
    }>;
  }>;
}

/** `Operation.SpeechRecognitionResult` as the job keeps it. */
export interface SpeechRecognitionResult {
  readonly AudioTime: string;
  /** Written objects, with CI's leading slash (`/example.txt`, `/example.txt.detail`). */
  readonly ObjectName: string;
  readonly DetailObjectName: string;
  readonly Result: string;
  readonly ResultDetail: readonly ResultSentence[];
  readonly FlashResult: readonly FlashChannel[];
}

/** Builds the job result; `filterPunc` follows CI (0 keep, 1 drop sentence-final, 2 drop all). */
export function buildSpeechResult(
  speech: RecognizedSpeech,
  options: { outputObject: string; filterPunc: number },
): SpeechRecognitionResult {
  const sentences = speech.sentences.map((sentence) => {
    const startMs = Math.max(0, Math.round(sentence.startMs));
    const endMs = Math.max(startMs, Math.round(sentence.endMs));
    // Keep word times monotonic and inside their sentence even if a decoder overlaps them.
    let cursor = startMs;
    const words = sentence.words.map((word) => {
      const wordStart = Math.min(endMs, Math.max(cursor, Math.round(word.startMs)));
      const wordEnd = Math.min(endMs, Math.max(wordStart, Math.round(word.endMs)));
      cursor = wordStart;
      return { text: word.text, startMs: wordStart, endMs: wordEnd };
    });
    return { startMs, endMs, text: filterPunctuation(sentence.text.trim(), options.filterPunc), words };
  });
  const objectName = `/${options.outputObject.replace(/^\/+/, '')}`;
  return {
    AudioTime: (Math.max(0, Math.round(speech.durationMs)) / 1000).toString(),
    ObjectName: objectName,
    DetailObjectName: `${objectName}.detail`,
    Result: sentences.map((s) => `[${clock(s.startMs)},${clock(s.endMs)}] ${s.text}`).join('\n'),
    ResultDetail: sentences.map((s) => ({
      EndMs: String(s.endMs),
      FinalSentence: s.text,
      SliceSentence: s.words.map((w) => w.text).join(' '),
      SpeakerId: '0',
      SpeechSpeed: speechSpeed(s.words.length, s.endMs - s.startMs),
      StartMs: String(s.startMs),
      WordsNum: String(s.words.length),
      Words: s.words.map((w) => ({
        OffsetEndMs: String(w.endMs - s.startMs),
        OffsetStartMs: String(w.startMs - s.startMs),
        VoiceType: '0',
        Word: w.text,
      })),
    })),
    FlashResult: [
      {
        channel_id: '0',
        text: sentences.map((s) => s.text).join(' '),
        sentence_list: sentences.map((s) => ({
          text: s.text,
          start_time: String(s.startMs),
          end_time: String(s.endMs),
          speaker_id: '0',
          word_list: s.words.map((w) => ({
            word: w.text,
            start_time: String(w.startMs),
            end_time: String(w.endMs),
          })),
        })),
      },
    ],
  };
}

/** The result object's body: the Result lines (txt) or SubRip cues (srt). */
export function renderResultObject(result: SpeechRecognitionResult, type: 'txt' | 'srt'): string {
  if (type === 'txt') return result.Result === '' ? '' : `${result.Result}\n`;
  return result.ResultDetail.map(
    (s, i) => `${i + 1}\n${srtTime(Number(s.StartMs))} --> ${srtTime(Number(s.EndMs))}\n${s.FinalSentence}\n`,
  ).join('\n');
}

/** The `.detail` object's body. */
export function renderDetailObject(result: SpeechRecognitionResult): string {
  const { AudioTime, Result, ResultDetail, FlashResult } = result;
  return `${JSON.stringify({ AudioTime, Result, ResultDetail, FlashResult })}\n`;
}

/** `m:s.mmm` as in `[0:3.320,0:19.712]`: minutes unbounded, seconds unpadded. */
function clock(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${seconds}.${String(ms % 1000).padStart(3, '0')}`;
}

/** SubRip `HH:MM:SS,mmm`; hours keep counting past 99 rather than wrapping. */
function srtTime(ms: number): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))},${pad(ms % 1000, 3)}`;
}

/** Words per second with one decimal, as in the recorded `<SpeechSpeed>2.4</SpeechSpeed>`. */
function speechSpeed(words: number, durationMs: number): string {
  if (durationMs <= 0) return '0';
  return (Math.round((words * 10_000) / durationMs) / 10).toString();
}

function filterPunctuation(text: string, mode: number): string {
  if (mode === 2)
    return text
      .replace(/[\p{P}]/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
  if (mode === 1) return text.replace(/[.。!！?？]+$/u, '');
  return text;
}
