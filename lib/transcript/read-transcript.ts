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
import { fromCanonical, isCanonical } from './canonical.js';
import { asRecord } from './engine-values.js';
import { describeValue, TranscriptParseError } from './parse-error.js';
import type { ReadOptions } from './read-options.js';
import { KNOWN_RESULTS, resultJson, resultText } from './result-text.js';
import type { Transcript } from './transcript.js';

/**
 * Reads any result shape this project understands into the canonical `Transcript`.
 *
 * @throws TranscriptParseError for input that is not one of the shapes or is malformed or cut short;
 *   TranscriptTaskFailedError when the result says the task failed; TranscriptNotReadyError when the
 *   task is still queued or running.
 */
export function readTranscript(input: string | Buffer, options: ReadOptions = {}): Transcript {
  const trimmed = resultText(input);
  if (trimmed.startsWith('<')) return fromCiJob(parseCiJobXml(trimmed), 'CI job XML', options);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(trimmed, options);
  const form = new URLSearchParams(trimmed);
  if (form.has('code') || form.has('requestId')) return fromAsrCallback(trimmed, options);
  throw new TranscriptParseError({
    shape: 'input',
    path: '',
    problem: `expected ${KNOWN_RESULTS}`,
    found: describeValue(trimmed),
  });
}

function fromJson(text: string, options: ReadOptions): Transcript {
  const document = resultJson(text);
  const root = asRecord(document);
  const inner = asRecord(root?.Response) ?? root;
  if (root === undefined || inner === undefined) {
    throw new TranscriptParseError({
      shape: 'input',
      path: '',
      problem: `expected ${KNOWN_RESULTS}`,
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
    problem: `expected ${KNOWN_RESULTS}`,
    found: describeValue(inner),
  });
}
