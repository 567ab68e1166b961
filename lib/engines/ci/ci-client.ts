/**
 * CI speech-recognition jobs on one bucket: submit (the older `POST /asr_jobs` of doc 1045/49546 and the
 * current `POST /jobs`), describe, list, cancel. Answers are parsed with zod at this edge; `xml` keeps
 * the exact body so the transcript adapters can read results from it.
 *
 * Retries: reads and cancel retry every retryable failure. A submit creates a billed job, so it is
 * repeated only when CI certainly did not take it: CI answered with a retryable error (5xx, throttling),
 * or the connection was never made. A timeout or reset after the body left is thrown (still marked
 * retryable, for SCF) without a blind resubmit; the job ledger and `UserData` (our job id) are the
 * backstop against duplicates from there.
 */

import { invalidCiAnswer, readCiAnswer } from '../../tencent/ci/ci-answer.js';
import {
  type CiHttpRequest,
  type CiTransport,
  type CiTransportOptions,
  createCiTransport,
} from '../../tencent/ci/ci-transport.js';
import { isRetryable } from '../../tencent/errors.js';
import { type RetryOptions, withRetry } from '../../tencent/retry.js';
import { submitRetryOptions } from '../../tencent/submit-retry.js';
import type {
  ListCiJobsQuery,
  ListCiQueuesQuery,
  SubmitAsrJobRequest,
  SubmitSpeechJobRequest,
} from './ci-request.js';
import { type CiJob, type CiQueue, ciJobsResponseSchema, ciQueuesResponseSchema } from './ci-schemas.js';
import { buildSubmitXml } from './ci-submit-xml.js';

/** Options for {@link createCiClient}. */
export interface CiClientOptions extends CiTransportOptions {
  readonly retry?: RetryOptions;
  /** A transport to use instead of the HTTP one built from the other options. */
  readonly transport?: CiTransport;
}

/** A job as CI answered for it. */
export interface CiJobResult {
  readonly job: CiJob;
  /** The response body as received. */
  readonly xml: string;
  readonly requestId: string;
}

/** One page of a job listing. */
export interface CiJobPage {
  readonly jobs: readonly CiJob[];
  /** Pass as `nextToken` for the next page; '' on the last page. */
  readonly nextToken: string;
  readonly requestId: string;
}

/** The CI speech-job API of one bucket. */
export interface CiClient {
  /** `POST /asr_jobs` (CreateSpeechJobs, doc 1045/49546). */
  submitAsrJob(request: SubmitAsrJobRequest): Promise<CiJobResult>;
  /** `POST /jobs` with `Tag: SpeechRecognition` (doc 1045/73385). */
  submitJob(request: SubmitSpeechJobRequest): Promise<CiJobResult>;
  /** `GET /asr_jobs/<id>`; undefined when CI lists the id under NonExistJobIds. */
  describeAsrJob(jobId: string): Promise<CiJobResult | undefined>;
  /** `GET /jobs/<id>`; undefined when CI lists the id under NonExistJobIds. */
  describeJob(jobId: string): Promise<CiJobResult | undefined>;
  /** `GET /asr_jobs?...` one page. */
  listAsrJobs(query?: ListCiJobsQuery): Promise<CiJobPage>;
  /** `GET /jobs?tag=SpeechRecognition&...` one page. */
  listJobs(query?: ListCiJobsQuery): Promise<CiJobPage>;
  /** `PUT /jobs/<id>?cancel` (doc 1045/43702); CI refuses jobs that already finished. */
  cancelJob(jobId: string): Promise<void>;
  /** `GET /asrqueue`: the bucket's speech queues, where `POST /asr_jobs` finds its QueueId. */
  listAsrQueues(query?: ListCiQueuesQuery): Promise<readonly CiQueue[]>;
}

/** A CI client bound to `options.bucket` in `options.region`. */
export function createCiClient(options: CiClientOptions): CiClient {
  const transport = options.transport ?? createCiTransport(options);

  const send = (call: CiHttpRequest) =>
    withRetry(() => transport(call), { ...options.retry, shouldRetry: isRetryable });
  const sendSubmit = (call: CiHttpRequest) =>
    withRetry(() => transport(call), submitRetryOptions(options.retry));

  const submit = async (path: string, request: SubmitSpeechJobRequest): Promise<CiJobResult> => {
    checkSubmit(request);
    const action = `POST ${path}`;
    const response = await sendSubmit({ action, method: 'POST', path, body: buildSubmitXml(request) });
    const parsed = readCiAnswer(action, response.body, response.requestId, ciJobsResponseSchema);
    const job = parsed.Response.JobsDetail[0];
    if (!job) throw invalidCiAnswer(action, response.requestId, 'no JobsDetail in the submit answer');
    return { job, xml: response.body, requestId: response.requestId };
  };

  const describe = async (prefix: string, jobId: string): Promise<CiJobResult | undefined> => {
    checkJobId(jobId);
    const action = `GET ${prefix}/<id>`;
    const response = await send({ action, method: 'GET', path: `${prefix}/${jobId}` });
    const parsed = readCiAnswer(action, response.body, response.requestId, ciJobsResponseSchema);
    const job = parsed.Response.JobsDetail.find((candidate) => candidate.JobId === jobId);
    if (!job) {
      if (parsed.Response.NonExistJobIds.includes(jobId) || parsed.Response.JobsDetail.length === 0) {
        return undefined;
      }
      throw invalidCiAnswer(action, response.requestId, `asked for ${jobId}, CI described another job`);
    }
    return { job, xml: response.body, requestId: response.requestId };
  };

  const list = async (path: string, query: ListCiJobsQuery): Promise<CiJobPage> => {
    const action = `GET ${path}`;
    const response = await send({ action, method: 'GET', path, query: listQuery(query) });
    const parsed = readCiAnswer(action, response.body, response.requestId, ciJobsResponseSchema);
    return {
      jobs: parsed.Response.JobsDetail,
      nextToken: parsed.Response.NextToken ?? '',
      requestId: response.requestId,
    };
  };

  return {
    submitAsrJob: (request) => {
      if (!request.QueueId) throw new RangeError('POST /asr_jobs needs a QueueId (GET /asrqueue lists them)');
      return submit('/asr_jobs', request);
    },
    submitJob: (request) => submit('/jobs', request),
    describeAsrJob: (jobId) => describe('/asr_jobs', jobId),
    describeJob: (jobId) => describe('/jobs', jobId),
    listAsrJobs: (query = {}) => list('/asr_jobs', query),
    listJobs: (query = {}) => list('/jobs', query),
    async listAsrQueues(query = {}) {
      const action = 'GET /asrqueue';
      const params: Record<string, string> = {};
      if (query.queueIds !== undefined) params.queueIds = query.queueIds.join(',');
      if (query.state !== undefined) params.state = query.state;
      if (query.pageNumber !== undefined) params.pageNumber = String(query.pageNumber);
      if (query.pageSize !== undefined) params.pageSize = String(query.pageSize);
      const response = await send({ action, method: 'GET', path: '/asrqueue', query: params });
      return readCiAnswer(action, response.body, response.requestId, ciQueuesResponseSchema).Response
        .QueueList;
    },
    async cancelJob(jobId) {
      checkJobId(jobId);
      await send({
        action: 'PUT /jobs/<id>?cancel',
        method: 'PUT',
        path: `/jobs/${jobId}`,
        query: { cancel: undefined },
      });
    },
  };
}

function checkSubmit(request: SubmitSpeechJobRequest): void {
  if (!request.Input.Object && !request.Input.Url)
    throw new RangeError('a CI job needs Input.Object or Input.Url');
  if (!request.SpeechRecognition && !request.TemplateId) {
    throw new RangeError('a CI job needs SpeechRecognition parameters or a TemplateId');
  }
  if (request.SpeechRecognition?.FlashAsr && !request.SpeechRecognition.Format) {
    throw new RangeError('FlashAsr needs Format (the audio format, e.g. mp3)');
  }
  const userData = request.UserData ?? '';
  if (userData.length > 1024 || !/^[\x20-\x7e]*$/.test(userData)) {
    throw new RangeError(
      'UserData must be printable ASCII, at most 1024 characters (CI passes it back as is)',
    );
  }
}

function checkJobId(jobId: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(jobId)) throw new RangeError(`not a CI job id: ${JSON.stringify(jobId)}`);
}

function listQuery(query: ListCiJobsQuery): Record<string, string> {
  const out: Record<string, string> = { tag: 'SpeechRecognition' };
  if (query.queueId !== undefined) out.queueId = query.queueId;
  if (query.orderByTime !== undefined) out.orderByTime = query.orderByTime;
  if (query.nextToken) out.nextToken = query.nextToken;
  if (query.size !== undefined) out.size = String(query.size);
  if (query.states !== undefined) out.states = query.states === 'All' ? 'All' : query.states.join(',');
  if (query.startCreationTime !== undefined) out.startCreationTime = query.startCreationTime;
  if (query.endCreationTime !== undefined) out.endCreationTime = query.endCreationTime;
  return out;
}
