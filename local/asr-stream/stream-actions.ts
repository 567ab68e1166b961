/**
 * The three live recognition actions of ASR (API 2019-06-14), added to the emulated ASR endpoint:
 * CreateAsyncRecognitionTask (20 concurrent streams per account), DescribeAsyncRecognitionTasks
 * (running tasks only; `Data` null when there are none) and CloseAsyncRecognitionTask
 * (FailedOperation.NoSuchTask for a task that ended or never was). TaskIds are uint64, issued
 * sequentially from a random ten-digit start (or `firstTaskId`, e.g. past 2^53 to test lossless JSON).
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import type { Api3Action } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import type { EmulatorContext } from '../context.js';
import { type StreamTask, type StreamTaskOptions, startStreamTask } from './stream-task.js';
import { checkStreamTask, createStreamTaskSchema } from './stream-task-params.js';

/** Options of the live actions (all optional; the README beside this file gives the defaults' reasons). */
export interface StreamOptions extends Partial<StreamTaskOptions> {
  /** Concurrent streams per account (the service: 20). */
  readonly maxStreams?: number;
  readonly firstTaskId?: bigint;
}

/** Documented default concurrency (1093/52061). */
export const DEFAULT_MAX_STREAMS = 20;
/** Documented no-data / no-voice limit (1093/52061). */
export const DEFAULT_IDLE_END_MS = 10 * 60_000;

const closeSchema = z.object({ TaskId: z.union([z.number().int().min(0), z.bigint().min(0n)]) });

/** The actions, sharing one task table. */
export function streamActions(
  context: EmulatorContext,
  options: StreamOptions = {},
): Record<string, Api3Action> {
  const running = new Map<string, StreamTask>();
  let nextId = options.firstTaskId ?? BigInt(randomInt(1_000_000_000, 4_000_000_000));
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const taskOptions: StreamTaskOptions = {
    idleEndMs: options.idleEndMs ?? DEFAULT_IDLE_END_MS,
    legacyCallback: options.legacyCallback ?? false,
    callbackRetries: options.callbackRetries ?? 0,
  };
  return {
    CreateAsyncRecognitionTask: {
      rateLimit: 20,
      async handle(call) {
        const params = checkStreamTask(validateParams(createStreamTaskSchema, call.params));
        if (running.size >= maxStreams) {
          throw new Api3Error(
            'LimitExceeded',
            `At most ${maxStreams} streams may be recognised at once; close one (CloseAsyncRecognitionTask) or ask for a higher limit.`,
          );
        }
        const taskId = nextId;
        nextId += 1n;
        const task = startStreamTask(context, taskId, params, taskOptions, (ended) =>
          running.delete(ended.taskId.toString()),
        );
        running.set(taskId.toString(), task);
        context.log('asr.stream.created', { taskId: taskId.toString(), engine: params.EngineType });
        return { Data: { TaskId: taskId } };
      },
    },
    DescribeAsyncRecognitionTasks: {
      rateLimit: 20,
      async handle(call) {
        validateParams(z.object({}), call.params);
        const tasks = [...running.values()].map((task) => ({ TaskId: task.taskId, Url: task.url }));
        return { Data: tasks.length === 0 ? null : { Tasks: tasks } };
      },
    },
    CloseAsyncRecognitionTask: {
      rateLimit: 20,
      async handle(call) {
        const { TaskId } = validateParams(closeSchema, call.params);
        const task = running.get(BigInt(TaskId).toString());
        if (!task) {
          throw new Api3Error('FailedOperation.NoSuchTask', `TaskId ${TaskId} is not a running stream task.`);
        }
        task.end('closed');
        return {};
      },
    },
  };
}
