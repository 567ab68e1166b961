/**
 * Runs one accepted CreateRecTask in the background, as ASR does: fetch the audio (a presigned URL
 * of the emulator's own COS is served from its store), wait for the recognizer (Status stays "waiting"
 * in its queue, "doing" once it starts), store the result or the failure, then POST the callback.
 */

import type { EmulatorContext } from '../context.js';
import { engineLanguage } from '../engine-names.js';
import { RecognitionError } from '../recognizer/recognition.js';
import { recognizeSpeech } from '../recognizer/recognize-speech.js';
import { asrCallbackBody, deliverAsrCallback } from './asr-callback.js';
import type { RecTaskRequest } from './create-rec-task-params.js';
import {
  downloadFailure,
  type RecTaskFailure,
  recognitionFailure,
  unexpectedFailure,
} from './rec-task-failure.js';
import { formatRecTaskResult } from './rec-task-result.js';
import type { RecTask } from './rec-task-store.js';

/** ASR's documented limits for a URL source: 5 h of audio, 1 GB. */
const MAX_URL_AUDIO_MS = 5 * 3_600_000;
const MAX_URL_BYTES = 1024 * 1024 * 1024;

/** Runs the task to its end; never rejects (every failure becomes the task's failed state). */
export async function runRecTask(
  context: EmulatorContext,
  task: RecTask,
  request: RecTaskRequest,
  callbackRetryDelayMs: number,
): Promise<void> {
  const { params } = request;
  const outcome = await recognise(context, task, request);
  let fields: {
    code: number;
    message: string;
    text: string;
    audioDurationMs: number;
    resultDetail: ReturnType<typeof formatRecTaskResult>['resultDetail'];
  };
  if ('failure' in outcome) {
    task.status = 3;
    task.errorMsg = outcome.failure.message;
    fields = {
      code: outcome.failure.code,
      message: outcome.failure.message,
      text: '',
      audioDurationMs: 0,
      resultDetail: null,
    };
  } else {
    task.result = outcome.result;
    task.status = 2;
    fields = {
      code: 0,
      message: '',
      text: outcome.result.result,
      audioDurationMs: outcome.result.audioDurationMs,
      resultDetail: outcome.result.resultDetail,
    };
  }
  context.log('asr.task.done', { taskId: task.taskId.toString(), status: task.status });
  if (params.CallbackUrl === undefined || params.CallbackUrl === '') return;
  const body = asrCallbackBody({
    ...fields,
    taskId: task.taskId,
    appId: context.appId,
    ...(request.source.kind === 'url' ? { audioUrl: request.source.url } : {}),
  });
  await deliverAsrCallback(context, params.CallbackUrl, body, callbackRetryDelayMs);
}

async function recognise(
  context: EmulatorContext,
  task: RecTask,
  request: RecTaskRequest,
): Promise<{ result: ReturnType<typeof formatRecTaskResult> } | { failure: RecTaskFailure }> {
  const { params } = request;
  let audio: Buffer;
  if (request.source.kind === 'url') {
    const fetched = await context.fetchInput(request.source.url);
    if (!fetched.ok)
      return { failure: downloadFailure(fetched.status > 0 ? `HTTP ${fetched.status}` : fetched.reason) };
    if (fetched.body.length > MAX_URL_BYTES)
      return { failure: { code: 10003, message: 'Audio file is larger than 1 GB.' } };
    audio = fetched.body;
  } else {
    audio = request.source.audio;
  }
  try {
    const recognition = await recognizeSpeech(audio, {
      language: engineLanguage(params.EngineModelType),
      channels: params.ChannelNum,
      maxDurationMs: MAX_URL_AUDIO_MS,
      onStart: () => {
        task.status = 1;
      },
    });
    return {
      result: formatRecTaskResult(recognition, {
        resTextFormat: params.ResTextFormat,
        filterPunc: params.FilterPunc ?? 0,
        withSpeaker: (params.SpeakerDiarization ?? 0) !== 0 || params.ChannelNum === 2,
      }),
    };
  } catch (error) {
    if (error instanceof RecognitionError) return { failure: recognitionFailure(error.code, error.message) };
    return { failure: unexpectedFailure(error instanceof Error ? error.message : String(error)) };
  }
}
