/**
 * ASR (speech recognition) over API 3.0: asr.tencentcloudapi.com, version 2019-06-14. Default rate
 * limits per account (docs/tencent-wire.md §3.1, §4, §7.1): CreateRecTask 20/s, DescribeTaskStatus 50/s,
 * SentenceRecognition 30/s; exceeding them is RequestLimitExceeded, which the caller retries.
 */
import {
  type Api3Answer,
  type Api3Client,
  type Api3ClientOptions,
  createApi3Client,
} from '../../tencent/api3/api3-client.js';
import { uint64ForRequest } from '../../tencent/api3/uint64.js';
import { submitRetryOptions } from '../../tencent/submit-retry.js';
import type {
  CreateRecTaskRequest,
  DescribeTaskStatusRequest,
  SentenceRecognitionRequest,
} from './asr-requests.js';
import {
  type CreateRecTaskResponse,
  createRecTaskResponseSchema,
  type DescribeTaskStatusResponse,
  describeTaskStatusResponseSchema,
  type SentenceRecognitionResponse,
  sentenceRecognitionResponseSchema,
} from './asr-responses.js';

/** The real ASR host (signed and sent as Host even when dialling the emulator). */
export const ASR_ENDPOINT = 'asr.tencentcloudapi.com';
/** The ASR API version these types mirror. */
export const ASR_VERSION = '2019-06-14';

/** The three ASR actions the pipeline uses. */
export interface AsrClient {
  /**
   * Starts a recording task; the answer's Data.TaskId is a uint64 string. Retried only when the
   * request cannot have created a task (Tencent refused it, or it was never sent); after a timeout
   * or reset the error is thrown for the ledger and reconciler to settle.
   */
  createRecTask(request: CreateRecTaskRequest): Promise<CreateRecTaskResponse>;
  /**
   * Reads a task's state and result; TaskId is sent as a bare uint64 JSON number. The body comes
   * back as received too: it is the job's raw result.
   */
  describeTaskStatus(request: DescribeTaskStatusRequest): Promise<Api3Answer<DescribeTaskStatusResponse>>;
  /** Recognises a short clip synchronously; the body as received is the job's raw result. */
  sentenceRecognition(request: SentenceRecognitionRequest): Promise<Api3Answer<SentenceRecognitionResponse>>;
}

/** Options of the ASR client: those of the API 3.0 caller, with ASR's endpoint and version as defaults. */
export type AsrClientOptions = Omit<Api3ClientOptions, 'endpoint' | 'version'> & {
  readonly endpoint?: string;
  readonly version?: string;
};

/** Creates an ASR client (pass `connectTo` to reach the local emulator). */
export function createAsrClient(options: AsrClientOptions): AsrClient {
  const api: Api3Client = createApi3Client({
    ...options,
    endpoint: options.endpoint ?? ASR_ENDPOINT,
    version: options.version ?? ASR_VERSION,
  });
  return {
    // A lost answer must not start a second task: see submit-retry.ts.
    createRecTask: async (request) => {
      checkSource('CreateRecTask', request, 5 * 1024 * 1024);
      return api.call('CreateRecTask', request, createRecTaskResponseSchema, {
        retry: submitRetryOptions(options.retry),
      });
    },
    describeTaskStatus: async (request) =>
      api.callKeepingBody(
        'DescribeTaskStatus',
        { ...request, TaskId: uint64ForRequest(request.TaskId) },
        describeTaskStatusResponseSchema,
      ),
    sentenceRecognition: async (request) => {
      checkSource('SentenceRecognition', request, 3 * 1024 * 1024);
      return api.callKeepingBody('SentenceRecognition', request, sentenceRecognitionResponseSchema);
    },
  };
}

/**
 * Refuses, before any request, a source ASR would refuse anyway: SourceType 0 needs Url, 1 needs
 * Data, and Data is limited (CreateRecTask 5 MB of audio, SentenceRecognition 3 MB after base64;
 * docs/tencent-wire.md §3.1, §7.1). The message says what to change instead of a bare InvalidParameter.
 */
function checkSource(
  action: string,
  request: { SourceType: 0 | 1; Url?: string; Data?: string },
  maxDataBytes: number,
): void {
  if (request.SourceType === 0 && !request.Url) {
    throw new RangeError(`${action}: SourceType 0 reads audio from Url, but no Url was given`);
  }
  if (request.SourceType === 1) {
    if (!request.Data) throw new RangeError(`${action}: SourceType 1 sends audio in Data, but Data is empty`);
    // CreateRecTask limits the audio (3 bytes per 4 base64 characters); SentenceRecognition the base64 text.
    const size = action === 'CreateRecTask' ? Math.floor((request.Data.length * 3) / 4) : request.Data.length;
    if (size > maxDataBytes) {
      throw new RangeError(
        `${action}: Data holds ${size} bytes, above the ${maxDataBytes}-byte limit; pass a presigned Url instead (SourceType 0)`,
      );
    }
  }
}
