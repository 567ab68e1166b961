/**
 * One entry point for every result shape: `readTranscript` looks at the input, decides which engine
 * answer it is, and hands it to that adapter. Detection goes by structure, never by file name, so a
 * saved callback body, a polled answer or a rendering's JSON all read the same way.
 */

import { fromAsrCallback } from '../engines/asr/asr-callback.js';
import { fromDescribeTaskStatus } from '../engines/asr/describe-task-status.js';
import { fromCiJob } from '../engines/ci/ci-job.js';
import { parseCiJobXml } from '../engines/ci/ci-job-xml.js';
import { fromRecognizeAudio } from '../engines/mps/recognize-audio.js';
import { fromSentenceRecognition } from '../engines/sentence/sentence-recognition.js';
import { holdsRoundedNumber, parseJsonLosslessly } from '../tencent/api3/lossless-json.js';
import { throwIfApiError } from './api-error.js';
import { fromCanonical, isCanonical } from './canonical.js';
import { asRecord } from './engine-values.js';
import { describeValue, TranscriptParseError } from './parse-error.js';
import type { ReadOptions } from './read-options.js';
import type { Transcript } from './transcript.js';

const KNOWN =
  'DescribeTaskStatus, ASR callback, CI job, SentenceRecognition, MPS RecognizeAudio or canonical JSON';

/**
 * Reads any result shape this project understands into the canonical `Transcript`.
 *
 * @throws TranscriptParseError for input that is not one of the shapes or is malformed or cut short;
 *   TranscriptTaskFailedError when the result says the task failed; TranscriptNotReadyError when the
 *   task is still queued or running.
 */
export function readTranscript(input: string | Buffer, options: ReadOptions = {}): Transcript {
  const text = decode(input).replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: `expected ${KNOWN}`,
      found: 'empty input',
    });
  }
  if (trimmed.startsWith('<')) return fromCiJob(parseCiJobXml(trimmed), 'CI job XML', options);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(trimmed, options);
  const form = new URLSearchParams(trimmed);
  if (form.has('code') || form.has('requestId')) return fromAsrCallback(trimmed, options);
  throw new TranscriptParseError({
    shape: 'input',
    path: '',
    problem: `expected ${KNOWN}`,
    found: describeValue(trimmed),
  });
}

function fromJson(text: string, options: ReadOptions): Transcript {
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
  const root = asRecord(document);
  const inner = asRecord(root?.Response) ?? root;
  if (root === undefined || inner === undefined) {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: `expected ${KNOWN}`,
      found: describeValue(document),
    });
  }
  if (isCanonical(root)) return fromCanonical(root);
  if ('JobsDetail' in inner) return fromCiJob(root, 'CI job JSON', options);
  const data = asRecord(inner.Data);
  if (data && 'TaskId' in data && !('Status' in data)) {
    throw new TranscriptParseError({
      shape: 'input',
      path: 'Response.Data',
      problem: 'this is a CreateRecTask answer (a task id, not a result): poll DescribeTaskStatus with it',
      found: describeValue(data),
    });
  }
  if ('Data' in inner || ('TaskId' in inner && 'Status' in inner))
    return fromDescribeTaskStatus(root, options);
  if ('code' in root && ('requestId' in root || 'text' in root)) return fromAsrCallback(root, options);
  if ('Sentence' in inner || 'AudioLength' in inner) return fromRecognizeAudio(root, options);
  if ('Result' in inner && ('WordList' in inner || 'AudioDuration' in inner || 'WordSize' in inner)) {
    return fromSentenceRecognition(root, options);
  }
  throw new TranscriptParseError({
    shape: 'input',
    path: '',
    problem: `expected ${KNOWN}`,
    found: describeValue(inner),
  });
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
