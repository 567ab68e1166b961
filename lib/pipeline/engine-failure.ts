/**
 * An engine's report that a task failed, said as the user's problem with the fix, not as the API's
 * ("the file could not be decoded as audio: check it plays ..." rather than "DescribeTaskStatus task
 * N failed (code 3 failed)"). The engine's own code and message are kept beside it, verbatim.
 *
 * Sources: the CreateRecTask callback's status codes 10000-10007 (Tencent ASR docs, product
 * 1093/52632, "录音识别回调说明"); DescribeTaskStatus gives no number for a failed task (Status 3),
 * only an ErrorMsg such as "Failed to download audio file!" (API 1093/37822), so its text is
 * matched; a failed CI speech job's Code and Message are matched the same way.
 */
import type { JobError } from '../jobs/job-records.js';
import type { TranscriptTaskFailedError } from '../transcript/parse-error.js';

/** What went wrong, in the terms of someone holding the file. */
type Problem = 'download' | 'undecodable' | 'too-short' | 'too-long' | 'channels' | 'unknown';

// CreateRecTask callback codes (1093/52632).
const callbackCodes: Readonly<Record<string, Problem>> = {
  '10000': 'undecodable', // transcoding failed
  '10001': 'unknown', // recognition failed
  '10002': 'too-short',
  '10003': 'too-long',
  '10004': 'undecodable', // invalid audio file
  '10005': 'unknown', // other failure
  '10006': 'channels', // track count mismatch
  '10007': 'download',
};

// Engine messages, for results that carry no numeric code (DescribeTaskStatus, CI).
const messagePatterns: ReadonlyArray<readonly [RegExp, Problem]> = [
  [/download/i, 'download'],
  [/decod|transcod|invalid audio|unsupported|format/i, 'undecodable'],
  [/too short|empty/i, 'too-short'],
  [/too long|duration/i, 'too-long'],
  [/channel|track/i, 'channels'],
];

const plainWords: Readonly<Record<Problem, string>> = {
  download:
    'the engine could not download the file: check it is still in the input bucket, then upload it again',
  undecodable:
    'the file could not be decoded as audio: check it plays (ffprobe <file> lists an audio stream) and is not truncated, then upload it again',
  'too-short': 'the audio is too short or silent to recognise: upload a recording with speech in it',
  'too-long':
    'the audio is longer than the engine accepts: split it (ffmpeg -i in -f segment -segment_time 3600 -c copy out%02d.<ext>) and upload the parts',
  channels:
    'the number of audio channels does not suit the engine model: mix it down to mono (ffmpeg -i in -ac 1 out.wav) and upload that',
  unknown:
    'the engine could not recognise the file: check it plays and holds speech, then upload it again; if it fails again, report it with the task id',
};

/** The failure record for an engine-reported task failure on `engine`. */
export function engineFailure(error: TranscriptTaskFailedError, engine: string): JobError {
  const problem = callbackCodes[error.code] ?? problemOf(error.engineMessage);
  const task = error.taskId === '' ? '' : ` task ${error.taskId}`;
  return {
    code: 'EngineFailed',
    message: `${plainWords[problem]} (${engine}${task} failed)`,
    engineCode: error.code,
    engineMessage: error.engineMessage,
  };
}

function problemOf(engineMessage: string): Problem {
  return messagePatterns.find(([pattern]) => pattern.test(engineMessage))?.[1] ?? 'unknown';
}
