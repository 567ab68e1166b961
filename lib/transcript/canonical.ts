/**
 * The project's own canonical JSON: a `Transcript` serialised as-is (`version: 1`). Reading it back
 * must give exactly what was written, so the schema mirrors the model field for field and in order,
 * and is strict about units (integer ms) rather than forgiving like the engine adapters. The JSON
 * rendering of `lib/subtitles` nests the transcript under `transcript` next to its cues; that form is
 * read too, so a rendering can be rendered again.
 */

import { z } from 'zod';
import { asRecord } from './engine-values.js';
import { formatPath, fromZodError, TranscriptParseError } from './parse-error.js';
import type { Transcript } from './transcript.js';

const SHAPE = 'canonical transcript';

const ms = z.number({ invalid_type_error: 'expected integer ms' }).int('expected integer ms').nonnegative();

const wordSchema = z.object({
  text: z.string(),
  startMs: ms,
  endMs: ms,
  confidence: z.number().min(0).max(1).optional(),
});

const segmentSchema = z.object({
  startMs: ms,
  endMs: ms,
  text: z.string(),
  speaker: z.string().optional(),
  channel: z.number().int().nonnegative().optional(),
  words: z.array(wordSchema),
});

const transcriptSchema = z.object({
  version: z.literal(1, { errorMap: () => ({ message: 'expected version 1' }) }),
  language: z.string().min(1),
  durationMs: ms,
  source: z.object({
    engine: z.enum(['asr', 'ci', 'sentence', 'mps', 'canonical']),
    model: z.string().optional(),
    taskId: z.string().optional(),
  }),
  segments: z.array(segmentSchema),
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
  const transcript = parsed.data as Transcript;
  transcript.segments.forEach((segment, s) => {
    if (segment.endMs < segment.startMs) {
      throw new TranscriptParseError({
        shape: SHAPE,
        path: formatPath([...base, 'segments', s]),
        problem: 'the segment ends before it starts',
        found: `${segment.startMs}..${segment.endMs} ms`,
      });
    }
    segment.words.forEach((word, w) => {
      if (word.endMs < word.startMs) {
        throw new TranscriptParseError({
          shape: SHAPE,
          path: formatPath([...base, 'segments', s, 'words', w]),
          problem: 'the word ends before it starts',
          found: `${word.startMs}..${word.endMs} ms`,
        });
      }
    });
  });
  return transcript;
}

/**
 * Serialises a transcript as canonical JSON, fields in the model's order, so that writing what
 * `fromCanonical` read gives the same text back.
 */
export function writeTranscript(transcript: Transcript): string {
  return JSON.stringify(transcriptSchema.parse(transcript));
}
