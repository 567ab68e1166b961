/**
 * The opening the API 3.0 result adapters share (DescribeTaskStatus, SentenceRecognition,
 * RecognizeAudio): an error answer is raised as the task's failure, the wrapper is taken off, and
 * what is inside is checked by the adapter's schema, a failure reported at its full path from the
 * document's root.
 */
import type { z } from 'zod';
import { throwIfApiError, unwrapResponse } from './api-error.js';
import { fromZodError, type ResultShape } from './parse-error.js';

/** An answer's checked content and where it sat in the document (`['Response']`, `[]`, ...). */
export interface CheckedAnswer<T> {
  readonly data: T;
  readonly base: readonly (string | number)[];
}

/**
 * Checks an API 3.0 answer `document` of `shape` against `schema`; `unwrap` takes off its wrapper
 * (`{"Response": X}` by default).
 * @throws TranscriptTaskFailedError for an error answer; TranscriptParseError when the schema refuses it
 */
export function checkedAnswer<S extends z.ZodTypeAny>(
  shape: ResultShape,
  schema: S,
  document: unknown,
  unwrap: (document: unknown) => [unknown, readonly (string | number)[]] = unwrapResponse,
): CheckedAnswer<z.output<S>> {
  throwIfApiError(document);
  const [value, base] = unwrap(document);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(shape, parsed.error, value, base);
  return { data: parsed.data, base };
}
