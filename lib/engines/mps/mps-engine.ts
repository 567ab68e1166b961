/**
 * MPS RecognizeAudio (docs/tencent-wire.md §7.2): synchronous recognition of the audio bytes
 * themselves, only as 16 kHz PCM or Ogg Opus, for clips of at most 60 s and 3 MB. The answer is the
 * result, completed inline by the upload.
 */
import { extensionOf } from '../../tencent/cos/object-key.js';
import { REC_TASK_MODELS } from '../asr/asr-models.js';
import {
  type EngineDeps,
  type EngineJob,
  type EngineSubmission,
  type FileEngine,
  UnsupportedForEngineError,
} from '../file-engine.js';

/** MPS's engine. */
export const mpsEngine: FileEngine = {
  name: 'mps',
  limits: { maxBytes: 3 * 1024 * 1024, maxDurationMs: 60_000 },
  // Settings name ASR models; the language is taken from the name (`16k_en` → `en`).
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
  const format =
    extension === 'pcm' ? 'pcm' : extension === 'ogg' || extension === 'opus' ? 'ogg-opus' : undefined;
  if (!format) throw new UnsupportedForEngineError('mps', extension, ['pcm', 'ogg', 'opus']);
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
