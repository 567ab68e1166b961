/**
 * MPS RecognizeAudio (docs/tencent-wire.md §7.2): synchronous recognition of a short clip's bytes
 * themselves, only as 16 kHz PCM or Ogg Opus (lib/engines/short-clip-engine.ts).
 */
import { extensionOf } from '../../tencent/cos/object-key.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import type { Transcript } from '../../transcript/transcript.js';
import { REC_TASK_MODELS } from '../asr/asr-models.js';
import { UnsupportedForEngineError } from '../file-engine.js';
import { shortClipEngine } from '../short-clip-engine.js';

/** MPS's engine. Settings name ASR models; the language is taken from the name (`16k_en` → `en`). */
export const mpsEngine = shortClipEngine(
  'mps',
  REC_TASK_MODELS,
  async (deps, job) => {
    const extension = extensionOf(job.key);
    const format =
      extension === 'pcm' ? 'pcm' : extension === 'ogg' || extension === 'opus' ? 'ogg-opus' : undefined;
    if (!format) throw new UnsupportedForEngineError('mps', extension, ['pcm', 'ogg', 'opus']);
    const object = await deps.storage.get({ bucket: job.bucket, key: job.key });
    if (!object) throw new Error(`${job.key} disappeared before MPS could read it`);
    return deps.mps.recognizeAudio({
      AudioData: object.body.toString('base64'),
      Source: job.profile.model.replace(/^\d+k_/, '').split('_')[0] ?? 'auto',
      AudioFormat: format,
      SampleRate: 16000,
    });
  },
  readRecognizeAudio,
);

/** A RecognizeAudio answer's transcript, its adapter loaded on first use. */
async function readRecognizeAudio(raw: string, options: ReadOptions): Promise<Transcript> {
  const [{ resultJson, resultText }, { fromRecognizeAudio }] = await Promise.all([
    import('../../transcript/result-text.js'),
    import('./recognize-audio.js'),
  ]);
  return fromRecognizeAudio(resultJson(resultText(raw)), options);
}
