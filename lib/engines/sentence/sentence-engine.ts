/**
 * SentenceRecognition (docs/tencent-wire.md §7.1): synchronous recognition of a clip of at most 60 s
 * and 3 MB, by presigned URL. The answer is the result, completed inline by the upload.
 */
import { extensionOf } from '../../tencent/cos/object-key.js';
import { hotwordSettings, presignedInput } from '../asr/asr-engine.js';
import { REC_TASK_MODELS } from '../asr/asr-models.js';
import {
  type EngineDeps,
  type EngineJob,
  type EngineSubmission,
  type FileEngine,
  UnsupportedForEngineError,
} from '../file-engine.js';

/** `VoiceFormat` by file extension: the formats SentenceRecognition decodes. */
const voiceFormats: Readonly<Record<string, string>> = {
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

/** SentenceRecognition's engine. */
export const sentenceEngine: FileEngine = {
  name: 'sentence',
  limits: { maxBytes: 3 * 1024 * 1024, maxDurationMs: 60_000 },
  // Its EngSerViceType names are ASR's closely enough that settings are checked against ASR's list.
  models: REC_TASK_MODELS,
  submit: recognise,
  // The answer died with the invocation that got it (crash before `done`): the clip is heard again.
  query: (deps, job) => recognise(deps, job),
};

async function recognise(
  deps: EngineDeps,
  job: EngineJob,
): Promise<Extract<EngineSubmission, { kind: 'sync' }>> {
  const extension = extensionOf(job.key);
  const format = voiceFormats[extension];
  if (!format) throw new UnsupportedForEngineError('sentence', extension, Object.keys(voiceFormats));
  const answer = await deps.asr.sentenceRecognition({
    EngSerViceType: job.profile.model,
    SourceType: 0,
    VoiceFormat: format,
    Url: presignedInput(deps, job),
    WordInfo: 2,
    ...hotwordSettings(job.profile),
    FilterDirty: job.profile.filterDirty,
    FilterModal: job.profile.filterModal,
  });
  return { kind: 'sync', taskId: answer.response.RequestId, raw: answer.body, rawType: 'json' };
}
