/**
 * What reading any engine result starts with, before its shape is known: the bytes decoded as UTF-8
 * (a BOM dropped, an empty result refused) and, for JSON, parsed with its uint64 ids kept and an API
 * 3.0 error answer raised as the task's failure. `readTranscript` (any shape, the CLI's `render`) and
 * each engine's own reader (lib/engines/<engine>, which knows its shape) both start here.
 */
import { holdsRoundedNumber, parseJsonLosslessly } from '../tencent/api3/lossless-json.js';
import { throwIfApiError } from './api-error.js';
import { asRecord } from './engine-values.js';
import { describeValue, TranscriptParseError } from './parse-error.js';

/** The result shapes this project reads, for messages about input that is none of them. */
export const KNOWN_RESULTS =
  'DescribeTaskStatus, ASR callback, CI job, SentenceRecognition, MPS RecognizeAudio or canonical JSON';

/** The text of a result: UTF-8, without a BOM, trimmed. @throws TranscriptParseError when empty or not UTF-8 */
export function resultText(input: string | Buffer): string {
  const trimmed = decode(input)
    .replace(/^\uFEFF/, '')
    .trim();
  if (trimmed === '') {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: `expected ${KNOWN_RESULTS}`,
      found: 'empty input',
    });
  }
  return trimmed;
}

/**
 * A JSON result parsed losslessly (ids past 2^53 kept exact where the adapters read them).
 * @throws TranscriptParseError for malformed or truncated JSON; TranscriptTaskFailedError for an API error answer
 */
export function resultJson(text: string): unknown {
  let document: unknown;
  try {
    document = parseJsonLosslessly(text, idRounded);
  } catch (cause) {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: `malformed or truncated JSON: ${(cause as Error).message}`,
      found: `${text.length} characters ending ${describeValue(text.slice(-20))}`,
      cause,
    });
  }
  throwIfApiError(document);
  return document;
}

/**
 * TaskId and the callback's requestId are uint64, which JSON.parse rounds past 2^53: true when one
 * sits where the adapters read one (see their unwrapping) and came out past it (one at most 2^53 - 1
 * was read exactly: rounding never brings a larger one below it). Looking only there keeps a result
 * of megabytes from being walked whole.
 */
function idRounded(document: unknown): boolean {
  const root = asRecord(document);
  const data = asRecord(asRecord(root?.Response)?.Data) ?? asRecord(root?.Data);
  return [root?.requestId, root?.TaskId, data?.TaskId].some((id) => holdsRoundedNumber(id));
}

function decode(input: string | Buffer): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch (cause) {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: 'expected UTF-8 text',
      found: `${input.length} bytes that are not UTF-8`,
      cause,
    });
  }
}
