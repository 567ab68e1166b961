/**
 * The project's own canonical JSON: a `Transcript` serialised as-is (`version: 1`). Reading it back
 * must give exactly what was written, so the reader mirrors the model field for field and in order,
 * and is strict about units (integer ms, JSON numbers) rather than forgiving like the engine adapters.
 * The JSON rendering of `lib/subtitles` nests the transcript under `transcript` next to its cues;
 * that and a bare transcript are both read, so a rendering can be rendered again.
 *
 * The segment list is walked in one zod step, not a zod object per word, and words already in the
 * model's shape are kept rather than copied: canonical JSON is what the callback re-reads for
 * five-hour recordings.
 */

import { z } from 'zod';
import { asRecord } from './engine-values.js';
import { fromZodError } from './parse-error.js';
import type { Transcript, TranscriptSegment, TranscriptWord } from './transcript.js';
import type { ReportIssue } from './word-list.js';
import { issueReporter } from './word-list.js';

const SHAPE = 'canonical transcript';

const transcriptSchema = z.object({
  version: z.literal(1, { errorMap: () => ({ message: 'expected version 1' }) }),
  language: z.string().min(1),
  durationMs: z
    .number({ invalid_type_error: 'expected integer ms' })
    .int('expected integer ms')
    .nonnegative(),
  source: z.object({
    engine: z.enum(['asr', 'ci', 'sentence', 'mps', 'live', 'canonical']),
    model: z.string().optional(),
    taskId: z.string().optional(),
  }),
  segments: z.unknown().transform((value, ctx) => readSegments(value, issueReporter(ctx)) ?? z.NEVER),
});

/** True when the document is (or wraps, under `transcript`) a canonical transcript. */
export function isCanonical(document: unknown): boolean {
  const root = asRecord(document);
  return root !== undefined && ('version' in root || asRecord(root.transcript)?.version !== undefined);
}

/** Reads canonical JSON (already parsed) back into a `Transcript`, unchanged. */
export function fromCanonical(document: unknown): Transcript {
  const root = asRecord(document);
  const nested = root && !('version' in root) && asRecord(root.transcript);
  const [value, base] = nested ? [nested, ['transcript']] : [document, []];
  const parsed = transcriptSchema.safeParse(value);
  if (!parsed.success) throw fromZodError(SHAPE, parsed.error, value, base);
  const { version, language, durationMs, source, segments } = parsed.data;
  return {
    version,
    language,
    durationMs,
    source: {
      engine: source.engine,
      ...(source.model === undefined ? {} : { model: source.model }),
      ...(source.taskId === undefined ? {} : { taskId: source.taskId }),
    },
    segments,
  };
}

/**
 * Serialises a transcript as canonical JSON, fields in the model's order, so that writing what
 * `fromCanonical` read gives the same text back.
 */
export function writeTranscript(transcript: Transcript): string {
  const { source } = transcript;
  return JSON.stringify({
    version: transcript.version,
    language: transcript.language,
    durationMs: transcript.durationMs,
    source: {
      engine: source.engine,
      ...(source.model === undefined ? {} : { model: source.model }),
      ...(source.taskId === undefined ? {} : { taskId: source.taskId }),
    },
    segments: transcript.segments.map((s) => ({
      startMs: s.startMs,
      endMs: s.endMs,
      text: s.text,
      ...(s.speaker === undefined ? {} : { speaker: s.speaker }),
      ...(s.channel === undefined ? {} : { channel: s.channel }),
      words: s.words.map((w) => ({
        text: w.text,
        startMs: w.startMs,
        endMs: w.endMs,
        ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
      })),
    })),
  });
}

function readSegments(value: unknown, report: ReportIssue): TranscriptSegment[] | undefined {
  if (!Array.isArray(value)) {
    report('expected a list of segments', []);
    return undefined;
  }
  const segments: TranscriptSegment[] = new Array(value.length);
  for (let s = 0; s < value.length; s++) {
    const item = asRecord(value[s]);
    if (item === undefined) return fail(report, 'expected a segment object', [s]);
    const spanWrong = spanProblem(item);
    if (spanWrong !== undefined) return fail(report, spanWrong[0], [s, spanWrong[1]]);
    if (typeof item.text !== 'string') return fail(report, 'expected text', [s, 'text']);
    const { speaker, channel } = item;
    if (speaker !== undefined && typeof speaker !== 'string')
      return fail(report, 'expected text', [s, 'speaker']);
    if (channel !== undefined && !isMs(channel)) {
      return fail(report, 'expected a channel number, 0 or more', [s, 'channel']);
    }
    if (!Array.isArray(item.words)) return fail(report, 'expected a list of words', [s, 'words']);
    const words: TranscriptWord[] = new Array(item.words.length);
    for (let w = 0; w < item.words.length; w++) {
      const word = asRecord(item.words[w]);
      if (word === undefined) return fail(report, 'expected a word object', [s, 'words', w]);
      const wordWrong = wordProblem(word);
      if (wordWrong !== undefined) return fail(report, wordWrong[0], [s, 'words', w, wordWrong[1]]);
      words[w] = keptAsIs(word) ? (word as unknown as TranscriptWord) : canonicalWord(word);
    }
    segments[s] = {
      startMs: item.startMs as number,
      endMs: item.endMs as number,
      text: item.text,
      ...(speaker === undefined ? {} : { speaker }),
      ...(channel === undefined ? {} : { channel }),
      words,
    };
  }
  return segments;
}

/** What is wrong with a word, and in which field; undefined when it is a valid word. */
function wordProblem(word: Record<string, unknown>): [string, string] | undefined {
  const spanWrong = spanProblem(word);
  if (spanWrong !== undefined) return spanWrong;
  if (typeof word.text !== 'string') return ['expected text', 'text'];
  const { confidence } = word;
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
    return ['expected a confidence from 0 to 1', 'confidence'];
  }
  return undefined;
}

/**
 * True when a valid word has exactly the model's fields in the model's order, as `writeTranscript`
 * writes them: the parsed object is then the word, with no copy. (Five hours of speech are 60,000
 * words, and a copy of each was a tenth of a rendering's garbage.)
 */
function keptAsIs(word: Record<string, unknown>): boolean {
  let field = 0;
  for (const key in word) {
    if (key !== WORD_FIELDS[field]) return false;
    field++;
  }
  return field === (word.confidence === undefined ? 3 : 4);
}

const WORD_FIELDS = ['text', 'startMs', 'endMs', 'confidence'];

/** A valid word with other fields, or its fields in another order: copied in the model's order. */
function canonicalWord(word: Record<string, unknown>): TranscriptWord {
  const { text, startMs, endMs, confidence } = word as unknown as TranscriptWord;
  return { text, startMs, endMs, ...(confidence === undefined ? {} : { confidence }) };
}

/** What is wrong with `startMs` and `endMs` of a segment or word (integer ms, end not before start). */
function spanProblem(item: Record<string, unknown>): [string, string] | undefined {
  const { startMs, endMs } = item;
  if (!isMs(startMs)) return ['expected integer ms', 'startMs'];
  if (!isMs(endMs)) return ['expected integer ms', 'endMs'];
  if (endMs < startMs) return [`expected an end at or after startMs ${startMs}`, 'endMs'];
  return undefined;
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function fail(report: ReportIssue, message: string, path: (string | number)[]): undefined {
  report(message, path);
  return undefined;
}
