/**
 * CI speech-recognition jobs: the job-finished callback (`EventName: TaskFinish`), the answer to
 * `GET /asr_jobs/<id>` or `GET /jobs/<id>`, and the submit answer, all `<Response><JobsDetail>`.
 * XML and JSON carry the same PascalCase structure with every value a string; sibling CI docs
 * disagree on whether `JobsDetail` is an object or an array, so both are accepted. Results come as
 * `FlashResult` (fast recognition), `ResultDetail` (word offsets relative to the sentence) or only
 * the `Result` lines (one space after the bracket, where ASR has two).
 */

import { z } from 'zod';
import { assembleTranscript, type DraftSentence } from '../../transcript/assemble-transcript.js';
import {
  asRecord,
  engineId,
  engineList,
  engineText,
  optionalSecondsAsMs,
} from '../../transcript/engine-values.js';
import type { ResultShape } from '../../transcript/parse-error.js';
import {
  describeValue,
  formatPath,
  fromZodError,
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../transcript/parse-error.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import { sentenceDetailList, sentencesFromResult } from '../../transcript/sentence-detail.js';
import type { Transcript } from '../../transcript/transcript.js';
import { flashChannelSchema, sentencesFromFlashResult } from './flash-result.js';

const resultSchema = z.object({
  AudioTime: optionalSecondsAsMs,
  Result: engineText,
  ResultDetail: sentenceDetailList,
  FlashResult: engineList(flashChannelSchema),
});

const jobSchema = z.object({
  State: z.string({ errorMap: () => ({ message: 'expected the job State' }) }),
  Code: engineText,
  Message: engineText,
  JobId: engineId,
  Operation: z
    .object({
      SpeechRecognition: z
        .object({ EngineModelType: engineText, ChannelNum: engineId })
        .optional()
        .or(z.literal('').transform(() => undefined)),
      SpeechRecognitionResult: z.unknown(),
    })
    .optional(),
});

const NOT_READY = new Set(['Submitted', 'Running', 'Pause']);

/**
 * Reads a CI job document (already parsed from XML or JSON) into a transcript. `shape` says which
 * syntax it came in, for error messages.
 */
export function fromCiJob(document: unknown, shape: ResultShape, options: ReadOptions = {}): Transcript {
  const [jobValue, base] = findJob(document, shape);
  const parsed = jobSchema.safeParse(jobValue);
  if (!parsed.success) throw fromZodError(shape, parsed.error, jobValue, base);
  const job = parsed.data;
  const taskId = job.JobId ?? '';
  if (NOT_READY.has(job.State)) throw new TranscriptNotReadyError({ shape, taskId, status: job.State });
  if (job.State === 'Failed' || job.State === 'Cancel') {
    throw new TranscriptTaskFailedError({
      shape,
      taskId,
      code: job.Code || job.State,
      engineMessage: job.Message || (job.State === 'Cancel' ? 'the job was cancelled' : ''),
    });
  }
  const resultPath = [...base, 'Operation', 'SpeechRecognitionResult'];
  if (job.State !== 'Success') {
    throw new TranscriptParseError({
      shape,
      path: formatPath([...base, 'State']),
      problem: 'expected Submitted, Running, Success, Failed, Pause or Cancel',
      found: describeValue(job.State),
    });
  }
  const rawResult = job.Operation?.SpeechRecognitionResult;
  if (asRecord(rawResult) === undefined) {
    throw new TranscriptParseError({
      shape,
      path: formatPath(resultPath),
      problem: 'a successful job must carry its SpeechRecognitionResult',
      found: describeValue(rawResult),
    });
  }
  const result = resultSchema.safeParse(rawResult);
  if (!result.success) throw fromZodError(shape, result.error, rawResult, resultPath);
  const { FlashResult, ResultDetail, Result, AudioTime } = result.data;

  let sentences: DraftSentence[];
  if (FlashResult.some((c) => c.sentence_list.length > 0)) {
    sentences = sentencesFromFlashResult(FlashResult, formatPath([...resultPath, 'FlashResult']));
  } else {
    sentences = sentencesFromResult(
      shape,
      { list: ResultDetail, path: formatPath([...resultPath, 'ResultDetail']) },
      { text: Result, path: formatPath([...resultPath, 'Result']) },
    );
  }
  if (sentences.length === 0) {
    // Fast recognition may give a channel's whole text with no sentence list: keep it, untimed,
    // over the whole audio, rather than report silence.
    const multiChannel = FlashResult.length > 1;
    FlashResult.forEach((channel, c) => {
      if (channel.text.trim() === '') return;
      sentences.push({
        startMs: 0,
        endMs: AudioTime ?? 0,
        text: channel.text,
        ...(multiChannel ? { channel: Number(channel.channel_id ?? c) } : {}),
        words: [],
        path: formatPath([...resultPath, 'FlashResult', c, 'text']),
      });
    });
  }
  const settings = job.Operation?.SpeechRecognition;
  const model = settings?.EngineModelType || undefined;
  const channels = Number(settings?.ChannelNum);
  return assembleTranscript(
    {
      shape,
      engine: 'ci',
      ...(job.JobId === undefined ? {} : { taskId: job.JobId }),
      ...(model === undefined ? {} : { model }),
      ...(AudioTime === undefined ? {} : { audioMs: AudioTime }),
      sentences,
    },
    { ...(Number.isInteger(channels) ? { channelCount: channels } : {}), ...options },
  );
}

/** Finds the one job: under `Response.JobsDetail`, `JobsDetail`, or the document itself. */
function findJob(document: unknown, shape: ResultShape): [unknown, (string | number)[]] {
  const root = asRecord(document);
  const response = asRecord(root?.Response);
  const [holder, base] = response && 'JobsDetail' in response ? [response, ['Response']] : [root, []];
  if (!holder || !('JobsDetail' in holder)) return [document, []];
  const jobs = holder.JobsDetail;
  if (!Array.isArray(jobs)) return [jobs, [...base, 'JobsDetail']];
  if (jobs.length !== 1) {
    throw new TranscriptParseError({
      shape,
      path: formatPath([...base, 'JobsDetail']),
      problem: 'expected exactly one job',
      found: describeValue(jobs),
    });
  }
  return [jobs[0], [...base, 'JobsDetail', 0]];
}
