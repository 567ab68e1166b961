/**
 * ASR (`asr.tencentcloudapi.com`, version 2019-06-14): CreateRecTask (asynchronous, with callback),
 * DescribeTaskStatus and SentenceRecognition, behind the shared API 3.0 gate. Rate limits are the
 * documented defaults (20/s, 50/s, 30/s).
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import { createApi3Service } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import { type StreamOptions, streamActions } from '../asr-stream/stream-actions.js';
import type { EmulatorContext } from '../context.js';
import { describeMissing } from '../recognizer/installation.js';
import { recognizerInstallation } from '../recognizer/recognize-speech.js';
import type { EmulatedService } from '../service.js';
import { checkCreateRecTask, createRecTaskSchema } from './create-rec-task-params.js';
import { runRecTask } from './rec-task-runner.js';
import { type RecTask, RecTaskStore, STATUS_TEXT } from './rec-task-store.js';
import { sentenceRecognition } from './sentence-recognition.js';

/** Tuning for tests. */
export interface AsrServiceOptions {
  /** Pause before the second (last) callback attempt; ASR's real interval is undocumented. Default 2 s. */
  readonly callbackRetryDelayMs?: number;
  /** First TaskId to issue (default: a random ten-digit number). */
  readonly firstTaskId?: bigint;
  /** Live-stream recognition (CreateAsyncRecognitionTask and its companions, local/asr-stream). */
  readonly stream?: StreamOptions;
}

const describeTaskStatusSchema = z.object({
  // A uint64: JSON numbers past 2^53 arrive as bigint from the lossless parser.
  TaskId: z.union([z.number().int().min(0), z.bigint().min(0n)]),
});

/** The ASR endpoint. */
export function createAsrService(context: EmulatorContext, options: AsrServiceOptions = {}): EmulatedService {
  const tasks = new RecTaskStore(context.now, options.firstTaskId);
  const retryDelay = options.callbackRetryDelayMs ?? 2000;
  // Say at start, not at the first upload, when recognition cannot work here (and how to fix it).
  void recognizerInstallation().then((check) => {
    if (!check.ok) context.log('recognizer.missing', { message: describeMissing(check) });
  });

  return createApi3Service(
    {
      service: 'asr',
      version: '2019-06-14',
      actions: {
        CreateRecTask: {
          rateLimit: 20,
          async handle(call) {
            const request = checkCreateRecTask(validateParams(createRecTaskSchema, call.params));
            const task = tasks.create();
            context.log('asr.task.created', {
              taskId: task.taskId.toString(),
              engine: request.params.EngineModelType,
            });
            void runRecTask(context, task, request, retryDelay).catch((error: unknown) => {
              context.log('asr.task.crashed', { taskId: task.taskId.toString(), error: String(error) });
            });
            return { Data: { TaskId: task.taskId } };
          },
        },
        DescribeTaskStatus: {
          rateLimit: 50,
          async handle(call) {
            const { TaskId } = validateParams(describeTaskStatusSchema, call.params);
            const task = tasks.get(BigInt(TaskId));
            if (!task) {
              throw new Api3Error(
                'FailedOperation.NoSuchTask',
                `TaskId ${TaskId} does not exist or is older than 24 hours (results are kept for 24 hours).`,
              );
            }
            return { Data: taskStatus(task) };
          },
        },
        SentenceRecognition: {
          rateLimit: 30,
          handle: (call) => sentenceRecognition(context, call),
        },
        ...streamActions(context, options.stream),
      },
    },
    context,
  );
}

/** DescribeTaskStatus's Data, with the recorded responses' keys and types for each state. */
function taskStatus(task: RecTask): Record<string, unknown> {
  const done = task.status === 2 && task.result !== undefined;
  return {
    TaskId: task.taskId,
    Status: task.status,
    StatusStr: STATUS_TEXT[task.status],
    AudioDuration: done ? (task.result?.audioDurationMs ?? 0) / 1000 : 0,
    Result: done ? task.result?.result : '',
    ErrorMsg: task.errorMsg,
    // [] while waiting or doing, null once failed (as recorded); the detail or null (ResTextFormat 0) on success.
    ResultDetail: done ? (task.result?.resultDetail ?? null) : task.status === 3 ? null : [],
  };
}
