/**
 * MPS (`mps.tencentcloudapi.com`, version 2019-06-12) RecognizeAudio: synchronous recognition of base64
 * audio, answered with times in SECONDS (docs/tencent-wire.md §7.2; recorded response from doc 1041/77359). PCM is
 * 16 kHz mono 16-bit; ogg-opus may be 16, 24 or 48 kHz. MPS's size and rate limits are undocumented.
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import { createApi3Service } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import type { EmulatorContext } from '../context.js';
import { RecognitionError } from '../recognizer/recognition.js';
import { recognizeSpeech } from '../recognizer/recognize-speech.js';
import type { EmulatedService } from '../service.js';

const recognizeAudioSchema = z.object({
  AudioData: z.string().min(1),
  // 'auto' or a language code ('zh', 'en', 'yue', 'zh-TW', ...): the list is long and growing.
  Source: z
    .string()
    .regex(/^(auto|[a-z]{2,3}(-[A-Za-z]{2,4})?)$/)
    .optional(),
  AudioFormat: z.enum(['pcm', 'ogg-opus']).optional(),
  SampleRate: z.number().int().optional(),
  UserExtPara: z.string().optional(),
});

/** The MPS endpoint with RecognizeAudio. */
export function createMpsService(context: EmulatorContext): EmulatedService {
  return createApi3Service(
    {
      service: 'mps',
      version: '2019-06-12',
      // The recorded response carries RequestId beside Response as well as inside it.
      requestIdOutsideResponse: true,
      actions: {
        RecognizeAudio: {
          rateLimit: 20,
          async handle(call) {
            const params = validateParams(recognizeAudioSchema, call.params);
            const format = params.AudioFormat ?? 'pcm';
            const rate = params.SampleRate ?? 16000;
            const allowed = format === 'pcm' ? [16000] : [16000, 24000, 48000];
            if (!allowed.includes(rate)) {
              throw new Api3Error(
                'InvalidParameterValue.SampleRate',
                `SampleRate ${rate} is not supported for ${format}; use ${allowed.join(', ')}.`,
              );
            }
            if (!/^[A-Za-z0-9+/]*={0,2}$/.test(params.AudioData) || params.AudioData.length % 4 !== 0) {
              throw new Api3Error(
                'InvalidParameterValue.AudioData',
                'AudioData must be base64 without line breaks.',
              );
            }
            const audio = Buffer.from(params.AudioData, 'base64');
            try {
              const recognition = await recognizeSpeech(audio, {
                language: params.Source ?? 'auto',
                ...(format === 'pcm' ? { rawPcm: { sampleRate: rate } } : {}),
              });
              const sentences = recognition.sentences.map((sentence) => {
                const words = sentence.words.map((w, i) => ({
                  End: seconds(w.endMs),
                  Start: seconds(w.startMs),
                  Word: writtenWord(w.text, i, sentence.words.length),
                }));
                return {
                  End: seconds(sentence.endMs),
                  Start: seconds(sentence.startMs),
                  Text: words.map((w) => w.Word).join(' '),
                  WordsInfo: words,
                };
              });
              return {
                AudioLength: seconds(recognition.durationMs),
                Sentence: sentences,
                Text: sentences.map((s) => s.Text).join(' '),
              };
            } catch (error) {
              if (!(error instanceof RecognitionError)) throw error;
              if (error.code === 'RecognizerMissing') throw new Api3Error('InternalError', error.message);
              throw new Api3Error(
                'InvalidParameterValue.AudioData',
                `AudioData could not be decoded as ${format}: ${error.message}`,
              );
            }
          },
        },
      },
    },
    context,
  );
}

function seconds(ms: number): number {
  return ms / 1000;
}

/** The recorded response writes sentences: first word capitalised, the last one with its full stop. */
function writtenWord(text: string, index: number, count: number): string {
  const capitalised = index === 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return index === count - 1 ? `${capitalised}.` : capitalised;
}
