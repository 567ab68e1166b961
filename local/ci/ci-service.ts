/**
 * The emulator's CI speech-recognition service on `<bucket>.ci.<region>.myqcloud.com` (Host-routed):
 *
 *   GET  /asrqueue                    DescribeSpeechQueues: the bucket's default queue
 *   POST /asr_jobs                    CreateSpeechJobs (legacy; QueueId required)
 *   GET  /asr_jobs/<id>[,<id>...]     DescribeSpeechJob
 *   GET  /asr_jobs?queueId=..         DescribeSpeechJobs
 *   POST /jobs                        CreateMediaJobs with Tag SpeechRecognition
 *   GET  /jobs/<id>                   DescribeMediaJob
 *   GET  /jobs?tag=SpeechRecognition  DescribeMediaJobs
 *   PUT  /jobs/<id>?cancel            CancelMediaJob (Submitted jobs only)
 *
 * Every request is q-sign verified like COS. Jobs run in the background (job-runner.ts).
 */

import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { recognizeSpeech } from '../recognizer/index.js';
import type { EmulatedService, EmulatorRequest, EmulatorResponse } from '../service.js';
import { defaultQueueId, describeQueuesXml } from './asr-queue.js';
import { CiError, ciErrorResponse, ciHeaders, newRequestId } from './ci-error.js';
import { listJobsXml } from './job-list.js';
import { parseJobRequest } from './job-request.js';
import { JobRunner, type Recognize } from './job-runner.js';
import { jobDetailTree } from './job-xml.js';
import { ciQuery, verifyCiSignature } from './q-sign-check.js';
import type { SpeechJob } from './speech-job.js';
import { toXml } from './xml.js';

/** Options for tests and embedding; production defaults otherwise. */
export interface CiServiceOptions {
  /** The recogniser; defaults to local/recognizer's `recognizeSpeech`, loaded on first use. */
  readonly recognize?: Recognize;
  /** Jobs recognised at once; the machine is small and pocketsphinx is CPU-bound. */
  readonly concurrency?: number;
}

/** The CI service plus a hook tests use to wait for background jobs. */
export interface CiService extends EmulatedService {
  /** Resolves when no job is queued or running. */
  whenIdle(): Promise<void>;
}

const CI_HOST = /^([a-z0-9-]+-\d+)\.ci\.([a-z0-9-]+)\.myqcloud\.com$/;

/** Creates the CI speech-job service over the emulator context. */
export function createCiService(context: EmulatorContext, options: CiServiceOptions = {}): CiService {
  const jobs = new Map<string, SpeechJob>();
  const startedAt = context.now();
  const recognize = options.recognize;
  const runner = new JobRunner(context, recognize ?? recognizeSpeech, options.concurrency ?? 2);

  async function route(
    request: EmulatorRequest,
    bucket: string,
    region: string,
  ): Promise<EmulatorResponse | string> {
    verifyCiSignature(request, context.accounts);
    if (!(await context.store.bucketExists(bucket))) {
      throw new CiError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    }
    const query = ciQuery(request.rawQuery);
    const path = request.rawPath.replace(/\/+$/, '');
    const [, api, rest] = /^\/(asrqueue|asr_jobs|jobs)(?:\/(.+))?$/.exec(path) ?? [];
    const method = request.method.toUpperCase();

    if (api === 'asrqueue' && method === 'GET' && rest === undefined) {
      return describeQueuesXml(bucket, startedAt, query);
    }
    if ((api === 'asr_jobs' || api === 'jobs') && rest === undefined) {
      if (method === 'POST') return submit(request, api, bucket, region);
      if (method === 'GET') return listJobsXml(jobs.values(), api, bucket, query);
    }
    if ((api === 'asr_jobs' || api === 'jobs') && rest !== undefined) {
      const ids = decodeURIComponent(rest);
      if (method === 'GET') return describe(bucket, ids);
      if (method === 'PUT' && api === 'jobs' && query.has('cancel')) return cancel(bucket, ids);
    }
    if (api !== undefined) throw new CiError(405, 'MethodNotAllowed', `${method} is not allowed on ${path}.`);
    throw new CiError(400, 'InvalidArgument', `${method} ${path} is not a CI speech-recognition operation.`);
  }

  async function submit(
    request: EmulatorRequest,
    api: 'asr_jobs' | 'jobs',
    bucket: string,
    region: string,
  ): Promise<string> {
    const spec = parseJobRequest(request.body, api);
    const queueId = defaultQueueId(bucket);
    if (spec.queueId !== undefined && spec.queueId !== queueId) {
      throw new CiError(
        400,
        'InvalidArgument',
        `Request.QueueId '${spec.queueId}' does not exist; this bucket's queue is ${queueId}.`,
      );
    }
    if (spec.output.region !== region) {
      throw new CiError(
        400,
        'InvalidArgument',
        `Request.Operation.Output.Region '${spec.output.region}' must be the job's region ${region}.`,
      );
    }
    if (!(await context.store.bucketExists(spec.output.bucket))) {
      throw new CiError(
        400,
        'InvalidArgument',
        `Request.Operation.Output.Bucket '${spec.output.bucket}' does not exist.`,
      );
    }
    const job: SpeechJob = {
      jobId: `s${randomUUID().replaceAll('-', '')}`,
      queueId,
      bucket,
      region,
      spec,
      createdAt: context.now(),
      state: 'Submitted',
      startedAt: undefined,
      endedAt: undefined,
      code: 'Success',
      message: '',
      result: undefined,
    };
    jobs.set(job.jobId, job);
    context.log('ci.job.submitted', { jobId: job.jobId, api, bucket });
    runner.enqueue(job);
    return toXml({ Response: { JobsDetail: jobDetailTree(job) } });
  }

  function describe(bucket: string, idList: string): string {
    const found: SpeechJob[] = [];
    const missing: string[] = [];
    for (const id of idList.split(',').filter((id) => id !== '')) {
      const job = jobs.get(id);
      if (job && job.bucket === bucket) found.push(job);
      else missing.push(id);
    }
    return toXml({
      Response: {
        JobsDetail: found.map((job) => jobDetailTree(job)),
        NonExistJobIds: missing.length > 0 ? missing : undefined,
      },
    });
  }

  function cancel(bucket: string, id: string): EmulatorResponse {
    const job = jobs.get(id);
    if (!job || job.bucket !== bucket)
      throw new CiError(400, 'InvalidArgument', `The job ${id} does not exist.`);
    if (job.state !== 'Submitted') {
      throw new CiError(400, 'InvalidArgument', `The job provided can not be modified (state ${job.state}).`);
    }
    job.state = 'Cancel';
    job.endedAt = context.now();
    context.log('ci.job.cancelled', { jobId: id });
    return { status: 200, body: '' };
  }

  return {
    name: 'ci',
    handles: (host) => CI_HOST.test(host),
    whenIdle: () => runner.whenIdle(),
    async handle(request) {
      const requestId = newRequestId();
      const [, bucket = '', region = ''] = CI_HOST.exec(request.host) ?? [];
      try {
        const answer = await route(request, bucket, region);
        if (typeof answer !== 'string')
          return { ...answer, headers: { ...ciHeaders(requestId, context.now()), ...answer.headers } };
        return { status: 200, headers: ciHeaders(requestId, context.now()), body: answer };
      } catch (error) {
        if (error instanceof CiError) return ciErrorResponse(error, requestId, context.now());
        context.log('ci.internal-error', { reason: error instanceof Error ? error.message : String(error) });
        return ciErrorResponse(
          new CiError(500, 'InternalError', 'We encountered an internal error. Please try again.'),
          requestId,
          context.now(),
        );
      }
    },
  };
}
