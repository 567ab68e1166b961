/**
 * The errors an adapter can raise. Each names the shape it was reading so that a person looking at a
 * failed job knows whether the engine misbehaved, the task failed, or the input was not a result at all.
 */

import type { ZodError } from 'zod';

/** The result shapes this module understands, as named in error messages and `TranscriptSource`. */
export type ResultShape =
  | 'DescribeTaskStatus'
  | 'ASR callback'
  | 'CI job XML'
  | 'CI job JSON'
  | 'SentenceRecognition'
  | 'MPS RecognizeAudio'
  | 'canonical transcript'
  | 'API error'
  | 'input';

/** The input could not be read as a transcript: malformed, truncated, or not a shape we know. */
export class TranscriptParseError extends Error {
  override readonly name = 'TranscriptParseError';
  /** The shape the reader believed it was reading ('input' when it could not even tell). */
  readonly shape: ResultShape;
  /** Where in that shape the problem is, e.g. `Response.Data.ResultDetail[0].Words[2].OffsetStartMs`. */
  readonly path: string;
  /** What was wrong, e.g. 'expected a number'. */
  readonly problem: string;
  /** A short rendering of the value found there ('missing' when absent). */
  readonly found: string;

  constructor(init: { shape: ResultShape; path: string; problem: string; found: string; cause?: unknown }) {
    const where = init.path === '' ? '' : ` at ${init.path}`;
    super(oneLine(`cannot read ${init.shape}${where}: ${init.problem} (found ${init.found})`), {
      cause: init.cause,
    });
    this.shape = init.shape;
    this.path = init.path;
    this.problem = init.problem;
    this.found = init.found;
  }
}

/** The engine reports that the task failed; carries the engine's own code and message. */
export class TranscriptTaskFailedError extends Error {
  override readonly name = 'TranscriptTaskFailedError';
  readonly shape: ResultShape;
  /** Engine task or job id, as a string (ASR TaskIds are uint64). '' when the result carried none. */
  readonly taskId: string;
  /** The engine's status or error code as it gave it ('3', '10007', 'Failed', 'AuthFailure...'). */
  readonly code: string;
  /** The engine's message, verbatim ('' when it gave none). */
  readonly engineMessage: string;

  constructor(init: { shape: ResultShape; taskId: string; code: string; engineMessage: string }) {
    const task = init.taskId === '' ? '' : ` ${init.taskId}`;
    const why = init.engineMessage === '' ? 'no message from the engine' : init.engineMessage;
    super(
      oneLine(
        init.shape === 'API error'
          ? `Tencent API error ${init.code}: ${why}`
          : `${init.shape} task${task} failed (code ${init.code}): ${why}`,
      ),
    );
    this.shape = init.shape;
    this.taskId = init.taskId;
    this.code = init.code;
    this.engineMessage = init.engineMessage;
  }
}

/** The task is still queued or running: there is no result to read yet (poll again later). */
export class TranscriptNotReadyError extends Error {
  override readonly name = 'TranscriptNotReadyError';
  readonly shape: ResultShape;
  readonly taskId: string;
  /** The engine's status as it gave it ('waiting', 'doing', 'Submitted', 'Running', ...). */
  readonly status: string;

  constructor(init: { shape: ResultShape; taskId: string; status: string }) {
    const task = init.taskId === '' ? '' : ` ${init.taskId}`;
    super(`${init.shape} task${task} has no result yet (status ${init.status}): query it again later`);
    this.shape = init.shape;
    this.taskId = init.taskId;
    this.status = init.status;
  }
}

/**
 * Turns the first zod issue into a `TranscriptParseError`, with the full path from the document root
 * (`basePath` is where the parsed value sits inside the document) and a short view of what was there.
 */
export function fromZodError(
  shape: ResultShape,
  error: ZodError,
  input: unknown,
  basePath: readonly (string | number)[] = [],
): TranscriptParseError {
  const issue = error.issues[0];
  if (issue === undefined) {
    return new TranscriptParseError({
      shape,
      path: formatPath(basePath),
      problem: 'invalid',
      found: 'unknown',
    });
  }
  const found = valueAt(input, issue.path);
  return new TranscriptParseError({
    shape,
    path: formatPath([...basePath, ...issue.path]),
    problem: issue.message,
    found: found.present ? describeValue(found.value) : 'missing',
    cause: error,
  });
}

/** `['Response', 'Data', 'Words', 2, 'Word']` -> `Response.Data.Words[2].Word`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** A short, single-line rendering of a found value, for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 5).join(', ');
    return keys.length === 0
      ? 'an empty object'
      : `an object with keys ${shown}${keys.length > 5 ? ', ...' : ''}`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function valueAt(root: unknown, path: readonly (string | number)[]): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const part of path) {
    // A one-element list arrives from XML as the element itself; zod saw it as index 0.
    if (part === 0 && current !== null && typeof current === 'object' && !Array.isArray(current)) continue;
    if (current === null || typeof current !== 'object' || !(part in current)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<string | number, unknown>)[part];
  }
  return { present: true, value: current };
}

/** Messages are one line (logs, status records, the CLI's stderr): runs of white space become one space. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
