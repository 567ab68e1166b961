/**
 * Starting work on an engine, one function per engine. Asynchronous engines (CI, ASR) get a signed
 * callback URL and return their task id; synchronous ones (SentenceRecognition, MPS) return the
 * result itself, which the submit step completes inline.
 */
import { needsQueue, submitSpeechJob } from '../engines/ci/jobs-path.js';
import type { JobProfile } from '../jobs/job-records.js';
import type { CiEngineModelType } from '../tencent/ci/ci-request.js';
import type { ConcreteEngine } from './input-rules.js';
import { extensionOf } from './input-rules.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** What an engine answered to a submission. */
export type EngineSubmission =
  | { readonly kind: 'async'; readonly taskId: string; readonly callbackExpiresAt: number }
  | { readonly kind: 'sync'; readonly taskId: string; readonly raw: string; readonly rawType: 'json' };

/** The job as the engine needs it. */
export interface EngineJob {
  readonly jobId: string;
  readonly bucket: string;
  readonly key: string;
  readonly profile: JobProfile;
  readonly callbackUrl: string;
  readonly callbackExpiresAt: number;
}

/** Submits `job` to `engine`. Throws typed Tencent errors; their `retryable` decides SCF retries. */
export async function submitToEngine(
  deps: PipelineDeps,
  engine: ConcreteEngine,
  job: EngineJob,
): Promise<EngineSubmission> {
  switch (engine) {
    case 'ci':
      return submitCi(deps, job);
    case 'asr':
      return submitAsr(deps, job);
    case 'sentence':
      return submitSentence(deps, job);
    case 'mps':
      return submitMps(deps, job);
  }
}

/** Discovered queues by bucket: a bucket's speech queue does not change while a container lives. */
const discoveredQueues = new Map<string, Promise<string>>();

async function ciQueue(deps: PipelineDeps): Promise<string> {
  if (deps.config.ciQueueId) return deps.config.ciQueueId;
  const bucket = deps.config.input.bucket;
  let queue = discoveredQueues.get(bucket);
  if (!queue) {
    queue = deps.ci.listAsrQueues().then((queues) => {
      const id = queues[0]?.QueueId;
      if (!id) {
        throw new Error(
          `bucket ${bucket} has no CI speech queue; enable CI speech recognition on it or set CI_QUEUE_ID`,
        );
      }
      return id;
    });
    discoveredQueues.set(bucket, queue);
    // A failed discovery is asked again next time, not remembered.
    queue.catch(() => discoveredQueues.delete(bucket));
  }
  return queue;
}

async function submitCi(deps: PipelineDeps, job: EngineJob): Promise<EngineSubmission> {
  const { config } = deps;
  const p = job.profile;
  // `/jobs` takes a queue only when one is configured: no queue listing, one call fewer.
  const queueId = needsQueue(config.ciJobsPath) ? await ciQueue(deps) : config.ciQueueId;
  const result = await submitSpeechJob(deps.ci, config.ciJobsPath, {
    ...(queueId === undefined ? {} : { QueueId: queueId }),
    Input: { Object: job.key },
    SpeechRecognition: {
      // Checked against the CI list when the profile or override chose engine ci (lib/config/engines.ts).
      EngineModelType: p.model as CiEngineModelType,
      ChannelNum: p.channels,
      // 2 = words with punctuation times, what subtitles need.
      ResTextFormat: 2,
      ...(p.speakers === null ? {} : { SpeakerDiarization: 1 as const, SpeakerNumber: p.speakers }),
      FilterDirty: p.filterDirty,
      FilterModal: p.filterModal,
    },
    // CI's own result file: kept beside the ledger, never in the watched prefix.
    Output: {
      Region: config.region,
      Bucket: config.ledger.bucket,
      Object: `${config.ledger.prefix}engine/${job.jobId}.txt`,
    },
    UserData: job.jobId,
    CallBack: job.callbackUrl,
  });
  return { kind: 'async', taskId: result.job.JobId, callbackExpiresAt: job.callbackExpiresAt };
}

async function submitAsr(deps: PipelineDeps, job: EngineJob): Promise<EngineSubmission> {
  const p = job.profile;
  const url = deps.storage.presignGet({ bucket: job.bucket, key: job.key }, deps.config.presignTtlSeconds);
  const answer = await deps.asr.createRecTask({
    EngineModelType: p.model,
    ChannelNum: p.channels,
    ResTextFormat: 2,
    SourceType: 0,
    Url: url,
    CallbackUrl: job.callbackUrl,
    ...(p.speakers === null ? {} : { SpeakerDiarization: 1, SpeakerNumber: p.speakers }),
    ...(p.hotwords.length === 0 ? {} : { HotwordList: hotwordList(p) }),
    FilterDirty: p.filterDirty,
    FilterModal: p.filterModal,
    FilterPunc: 0,
    ConvertNumMode: 1,
  });
  return { kind: 'async', taskId: String(answer.Data.TaskId), callbackExpiresAt: job.callbackExpiresAt };
}

const sentenceFormats: Readonly<Record<string, string>> = {
  wav: 'wav',
  pcm: 'pcm',
  ogg: 'ogg-opus',
  opus: 'ogg-opus',
  speex: 'speex',
  silk: 'silk',
  mp3: 'mp3',
  m4a: 'm4a',
  aac: 'aac',
  amr: 'amr',
};

async function submitSentence(deps: PipelineDeps, job: EngineJob): Promise<EngineSubmission> {
  const p = job.profile;
  const format = sentenceFormats[extensionOf(job.key)];
  if (!format) throw new UnsupportedForEngineError('sentence', job.key, Object.keys(sentenceFormats));
  const answer = await deps.asr.sentenceRecognition({
    EngSerViceType: p.model,
    SourceType: 0,
    VoiceFormat: format,
    Url: deps.storage.presignGet({ bucket: job.bucket, key: job.key }, deps.config.presignTtlSeconds),
    WordInfo: 2,
    ...(p.hotwords.length === 0 ? {} : { HotwordList: hotwordList(p) }),
    FilterDirty: p.filterDirty,
    FilterModal: p.filterModal,
  });
  return { kind: 'sync', taskId: answer.response.RequestId, raw: answer.body, rawType: 'json' };
}

async function submitMps(deps: PipelineDeps, job: EngineJob): Promise<EngineSubmission> {
  const extension = extensionOf(job.key);
  // RecognizeAudio takes the bytes themselves, only as 16 kHz PCM or Ogg Opus.
  const format =
    extension === 'pcm' ? 'pcm' : extension === 'ogg' || extension === 'opus' ? 'ogg-opus' : undefined;
  if (!format) throw new UnsupportedForEngineError('mps', job.key, ['pcm', 'ogg', 'opus']);
  const object = await deps.storage.get({ bucket: job.bucket, key: job.key });
  if (!object) throw new Error(`${job.key} disappeared before MPS could read it`);
  const answer = await deps.mps.recognizeAudio({
    AudioData: object.body.toString('base64'),
    Source: job.profile.model.replace(/^\d+k_/, '').split('_')[0] ?? 'auto',
    AudioFormat: format,
    SampleRate: 16000,
  });
  return { kind: 'sync', taskId: answer.response.RequestId, raw: answer.body, rawType: 'json' };
}

function hotwordList(p: JobProfile): string {
  return p.hotwords.map((h) => `${h.word}|${h.weight}`).join(',');
}

/** The chosen synchronous engine cannot read this file format (bad input, not a transient fault). */
export class UnsupportedForEngineError extends Error {
  override readonly name = 'UnsupportedForEngineError';
  constructor(engine: string, key: string, formats: readonly string[]) {
    super(
      `the ${engine} engine cannot read .${extensionOf(key)} files; use ${formats.map((f) => `.${f}`).join(' ')} or set x-cos-meta-asr-engine: asr`,
    );
  }
}
