/**
 * ASR recording recognition (CreateRecTask, docs/tencent-wire.md §3): asynchronous, by presigned URL,
 * at most 1 GB and 5 h. ASR calls the signed callback URL when the task ends; the result is then
 * pulled with DescribeTaskStatus and kept as the body ASR sent.
 */
import type { JobSettings } from '../../jobs/job-settings.js';
import type { CallbackClaim, EngineDeps, EngineJob, FileEngine } from '../file-engine.js';
import { REC_TASK_MODELS } from './asr-models.js';

/** ASR's engine. */
export const asrEngine: FileEngine = {
  name: 'asr',
  limits: { maxBytes: 1024 * 1024 * 1024, maxDurationMs: 5 * 3_600_000 },
  models: REC_TASK_MODELS,
  async submit(deps, job) {
    const answer = await deps.asr.createRecTask({
      EngineModelType: job.profile.model,
      ChannelNum: job.profile.channels,
      // 2 = words with punctuation times, what subtitles need.
      ResTextFormat: 2,
      SourceType: 0,
      Url: presignedInput(deps, job),
      CallbackUrl: job.callbackUrl,
      ...speakerSettings(job.profile),
      ...hotwordSettings(job.profile),
      FilterDirty: job.profile.filterDirty,
      FilterModal: job.profile.filterModal,
      FilterPunc: 0,
      ConvertNumMode: 1,
    });
    return { kind: 'async', taskId: String(answer.Data.TaskId), callbackExpiresAt: job.callbackExpiresAt };
  },
  async query(deps, _job, taskId) {
    const answer = await deps.asr.describeTaskStatus({ TaskId: taskId });
    // The body as ASR sent it: `.raw.json` keeps unknown fields and the TaskId's number type.
    return { engine: 'asr', raw: answer.body, rawType: 'json' };
  },
  async readResult(raw, options) {
    const [{ resultJson, resultText }, { fromDescribeTaskStatus }] = await Promise.all([
      import('../../transcript/result-text.js'),
      import('./describe-task-status.js'),
    ]);
    return fromDescribeTaskStatus(resultJson(resultText(raw)), options);
  },
  readCallback,
};

/**
 * ASR POSTs a form, `code=0&requestId=<TaskId>&...` (docs/tencent-wire.md §3.4); the requestId is a
 * bare uint64.
 */
function readCallback(body: string): CallbackClaim | undefined {
  const text = body.trim();
  // CI's notices are XML or JSON; a form never starts like them.
  if (text.startsWith('<') || text.startsWith('{')) return undefined;
  const taskId = new URLSearchParams(text).get('requestId');
  if (taskId === null || !/^\d{1,20}$/.test(taskId)) return undefined;
  return { engine: 'asr', taskId, jobId: undefined };
}

/** A presigned GET of the input, for the engines that fetch it by URL (SourceType 0). */
export function presignedInput(deps: EngineDeps, job: EngineJob): string {
  return deps.storage.presignGet({ bucket: job.bucket, key: job.key }, deps.config.presignTtlSeconds);
}

/** `HotwordList` as ASR's APIs take it, `word|weight,...`; nothing when the profile has none. */
export function hotwordSettings(profile: JobSettings): { HotwordList?: string } {
  if (profile.hotwords.length === 0) return {};
  return { HotwordList: profile.hotwords.map((h) => `${h.word}|${h.weight}`).join(',') };
}

function speakerSettings(profile: JobSettings): { SpeakerDiarization?: number; SpeakerNumber?: number } {
  return profile.speakers === null ? {} : { SpeakerDiarization: 1, SpeakerNumber: profile.speakers };
}
