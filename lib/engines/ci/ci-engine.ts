/**
 * CI speech jobs (docs/tencent-wire.md §6): asynchronous, on the bucket that holds the media, at most
 * 512 MB and 5 h. CI calls the signed callback URL when the job ends; the job is then described on
 * the configured path (ci-jobs-path.ts) and its XML body kept as received.
 */

import type { EngineDeps, FileEngine } from '../file-engine.js';
import { readCiCallback } from './ci-callback.js';
import { describeSpeechJob, needsQueue, submitSpeechJob } from './ci-jobs-path.js';
import { CI_MODELS } from './ci-models.js';
import type { CiEngineModelType } from './ci-request.js';

/** CI's engine. */
export const ciEngine: FileEngine = {
  name: 'ci',
  limits: { maxBytes: 512 * 1024 * 1024, maxDurationMs: 5 * 3_600_000 },
  models: CI_MODELS,
  async submit(deps, job) {
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
  },
  async query(deps, _job, taskId) {
    const answer = await describeSpeechJob(deps.ci, deps.config.ciJobsPath, taskId);
    return answer ? { engine: 'ci', raw: answer.xml, rawType: 'xml' } : 'lost';
  },
  async readResult(raw, options) {
    const [{ resultJson, resultText }, { fromCiJob }, { parseCiJobXml }] = await Promise.all([
      import('../../transcript/result-text.js'),
      import('./ci-job.js'),
      import('./ci-job-xml.js'),
    ]);
    const text = resultText(raw);
    // CI answers XML; a job described as JSON (a saved one) reads the same.
    if (text.startsWith('<')) return fromCiJob(parseCiJobXml(text), 'CI job XML', options);
    return fromCiJob(resultJson(text), 'CI job JSON', options);
  },
  readCallback: readCiCallback,
  async cancel(deps, taskId) {
    await deps.ci.cancelJob(taskId);
  },
};

/** Discovered queues by bucket: a bucket's speech queue does not change while a container lives. */
const discoveredQueues = new Map<string, Promise<string>>();

async function ciQueue(deps: EngineDeps): Promise<string> {
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
