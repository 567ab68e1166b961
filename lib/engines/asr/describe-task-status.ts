/**
 * ASR `DescribeTaskStatus` (the answer to polling a CreateRecTask). Accepted as the whole API answer
 * `{"Response": {"Data": ...}}`, as `{"Data": ...}`, or as the bare `TaskStatus`. With ResTextFormat 0
 * only the `Result` lines exist (sentence times, no words); with 1-5 `ResultDetail` has word timings.
 * Status 0/1 (waiting/doing) and 3 (failed) are not transcripts and raise typed errors.
 */

import { z } from 'zod';
import { checkedAnswer } from '../../transcript/api3-answer.js';
import { assembleTranscript } from '../../transcript/assemble-transcript.js';
import {
  asRecord,
  engineId,
  engineNumber,
  engineText,
  optionalSecondsAsMs,
} from '../../transcript/engine-values.js';
import {
  formatPath,
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../transcript/parse-error.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import { sentenceDetailList, sentencesFromResult } from '../../transcript/sentence-detail.js';
import type { Transcript } from '../../transcript/transcript.js';

const SHAPE = 'DescribeTaskStatus';

const taskStatusSchema = z.object({
  // A uint64: results are read with parseJsonLosslessly (result-text.ts), a string past 2^53.
  TaskId: engineId,
  Status: engineNumber,
  StatusStr: engineText,
  AudioDuration: optionalSecondsAsMs,
  Result: engineText,
  ErrorMsg: engineText,
  ResultDetail: sentenceDetailList,
});

/** Reads a DescribeTaskStatus answer (any of the three wrappings) into a transcript. */
export function fromDescribeTaskStatus(document: unknown, options: ReadOptions = {}): Transcript {
  const { data: status, base } = checkedAnswer(SHAPE, taskStatusSchema, document, unwrap);
  const taskId = status.TaskId ?? '';
  if (status.Status === 0 || status.Status === 1) {
    throw new TranscriptNotReadyError({
      shape: SHAPE,
      taskId,
      status: status.StatusStr || String(status.Status),
    });
  }
  if (status.Status === 3) {
    throw new TranscriptTaskFailedError({
      shape: SHAPE,
      taskId,
      code: `${status.Status} ${status.StatusStr}`.trim(),
      engineMessage: status.ErrorMsg,
    });
  }
  if (status.Status !== 2) {
    throw new TranscriptParseError({
      shape: SHAPE,
      path: formatPath([...base, 'Status']),
      problem: 'expected 0 (waiting), 1 (doing), 2 (success) or 3 (failed)',
      found: String(status.Status),
    });
  }
  const sentences = sentencesFromResult(
    SHAPE,
    { list: status.ResultDetail, path: formatPath([...base, 'ResultDetail']) },
    { text: status.Result, path: formatPath([...base, 'Result']) },
  );
  return assembleTranscript(
    {
      shape: SHAPE,
      engine: 'asr',
      ...(status.TaskId === undefined ? {} : { taskId: status.TaskId }),
      ...(status.AudioDuration === undefined ? {} : { audioMs: status.AudioDuration }),
      sentences,
    },
    options,
  );
}

function unwrap(document: unknown): [unknown, (string | number)[]] {
  const root = asRecord(document);
  const response = asRecord(root?.Response);
  if (response && 'Data' in response) return [response.Data, ['Response', 'Data']];
  if (root && 'Data' in root) return [root.Data, ['Data']];
  return [document, []];
}
