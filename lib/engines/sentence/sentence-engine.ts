/**
 * SentenceRecognition (docs/tencent-wire.md §7.1): synchronous recognition of a short clip by
 * presigned URL (lib/engines/short-clip-engine.ts).
 */
import { extensionOf } from '../../tencent/cos/object-key.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import type { Transcript } from '../../transcript/transcript.js';
import { hotwordSettings, presignedInput } from '../asr/asr-engine.js';
import { REC_TASK_MODELS } from '../asr/asr-models.js';
import { UnsupportedForEngineError } from '../file-engine.js';
import { shortClipEngine } from '../short-clip-engine.js';

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

/**
 * SentenceRecognition's engine. Its EngSerViceType names are ASR's closely enough that settings are
 * checked against ASR's list.
 */
export const sentenceEngine = shortClipEngine(
  'sentence',
  REC_TASK_MODELS,
  (deps, job) => {
    const extension = extensionOf(job.key);
    const format = voiceFormats[extension];
    if (!format) throw new UnsupportedForEngineError('sentence', extension, Object.keys(voiceFormats));
    return deps.asr.sentenceRecognition({
      EngSerViceType: job.profile.model,
      SourceType: 0,
      VoiceFormat: format,
      Url: presignedInput(deps, job),
      WordInfo: 2,
      ...hotwordSettings(job.profile),
      FilterDirty: job.profile.filterDirty,
      FilterModal: job.profile.filterModal,
    });
  },
  readSentenceRecognition,
);

/** A SentenceRecognition answer's transcript, its adapter loaded on first use. */
async function readSentenceRecognition(raw: string, options: ReadOptions): Promise<Transcript> {
  const [{ resultJson, resultText }, { fromSentenceRecognition }] = await Promise.all([
    import('../../transcript/result-text.js'),
    import('./sentence-recognition.js'),
  ]);
  return fromSentenceRecognition(resultJson(resultText(raw)), options);
}
