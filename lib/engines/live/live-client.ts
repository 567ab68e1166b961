/**
 * The three live-recognition actions of ASR (asr.tencentcloudapi.com, 2019-06-14) over our API 3.0
 * caller. Shapes from tencentcloud-sdk-nodejs `asr_models.ts`: CreateAsyncRecognitionTask answers
 * `Data: Task {TaskId: uint64}`; DescribeAsyncRecognitionTasks takes no input and answers
 * `Data: AsyncRecognitionTasks {Tasks: [{TaskId, Url}]}` (running tasks only; Data may be null);
 * CloseAsyncRecognitionTask takes `TaskId` and answers only a RequestId. Rate limit 20/s (1093/52061).
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { type Api3ClientOptions, createApi3Client } from '../../tencent/api3/api3-client.js';
import { uint64ForRequest, uint64Schema } from '../../tencent/api3/uint64.js';
import { submitRetryOptions } from '../../tencent/submit-retry.js';
import type { LiveEngineType } from './live-limits.js';

/** CreateAsyncRecognitionTask's request, field for field as the SDK names them. */
export interface CreateLiveTaskRequest {
  readonly EngineType: LiveEngineType;
  readonly Url: string;
  readonly CallbackUrl: string;
  readonly SignToken?: string;
  readonly FilterDirty?: number;
  readonly FilterModal?: number;
  readonly FilterPunc?: number;
  readonly ConvertNumMode?: number;
  readonly WordInfo?: number;
  readonly HotwordId?: string;
  readonly AudioData?: boolean;
}

// The answers' schemas, built on first use (lib/lazy/on-first-use.ts): only live streams call these.
const answers = onFirstUse(() => ({
  create: z.object({ Data: z.object({ TaskId: uint64Schema }) }),
  describe: z.object({
    Data: z
      .object({ Tasks: z.array(z.object({ TaskId: uint64Schema, Url: z.string().nullish() })).nullish() })
      .nullish(),
  }),
  close: z.object({}),
}));

/** A task the service says is running. */
export interface RunningLiveTask {
  readonly taskId: string;
  readonly url: string;
}

/** The live engine's client. */
export interface LiveClient {
  /** Starts a task; answers its TaskId (uint64 decimal). Never repeated once it may have arrived. */
  createTask(request: CreateLiveTaskRequest): Promise<string>;
  /** The tasks running now. */
  describeTasks(): Promise<RunningLiveTask[]>;
  /** Ends a task; FailedOperation.NoSuchTask when it already ended. */
  closeTask(taskId: string): Promise<void>;
}

/** Options: those of the API 3.0 caller; ASR's endpoint and version by default. */
export type LiveClientOptions = Omit<Api3ClientOptions, 'endpoint' | 'version'> & {
  readonly endpoint?: string;
};

/** Creates the client (pass `connectTo` to reach the local emulator). */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const api = createApi3Client({
    ...options,
    endpoint: options.endpoint ?? 'asr.tencentcloudapi.com',
    version: '2019-06-14',
  });
  return {
    async createTask(request) {
      const answer = await api.call('CreateAsyncRecognitionTask', request, answers().create, {
        retry: submitRetryOptions(options.retry),
      });
      return answer.Data.TaskId;
    },
    async describeTasks() {
      const answer = await api.call('DescribeAsyncRecognitionTasks', {}, answers().describe);
      return (answer.Data?.Tasks ?? []).map((task) => ({ taskId: task.TaskId, url: task.Url ?? '' }));
    },
    async closeTask(taskId) {
      await api.call('CloseAsyncRecognitionTask', { TaskId: uint64ForRequest(taskId) }, answers().close);
    },
  };
}
