/**
 * SentenceRecognition, ASR's synchronous one-sentence call (docs/tencent-wire.md §7.1): at most 60 s and
 * 3 MB of audio, answered in the same request with AudioDuration and word times in MILLISECONDS.
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import type { Api3Call } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import type { EmulatorContext } from '../context.js';
import { engineLanguage, isTelephoneEngine } from '../engine-names.js';
import { RecognitionError } from '../recognizer/recognition.js';
import { recognizeSpeech } from '../recognizer/recognize-speech.js';
import { SENTENCE_ENGINES } from './asr-engines.js';

const MAX_SENTENCE_MS = 60_000;
/** 3 MB, counted on the base64 text as the docs say. */
const MAX_DATA_CHARS = 3 * 1024 * 1024;
const flag = (max: number) => z.number().int().min(0).max(max);

const sentenceRecognitionSchema = z.object({
  EngSerViceType: z.enum(SENTENCE_ENGINES),
  SourceType: flag(1),
  VoiceFormat: z.enum(['wav', 'pcm', 'ogg-opus', 'speex', 'silk', 'mp3', 'm4a', 'aac', 'amr']),
  Url: z.string().optional(),
  Data: z.string().optional(),
  DataLen: z.number().int().min(0).optional(),
  WordInfo: flag(2).optional(),
  FilterDirty: flag(2).optional(),
  FilterModal: flag(2).optional(),
  FilterPunc: flag(2).optional(),
  ConvertNumMode: flag(1).optional(),
  HotwordId: z.string().optional(),
  CustomizationId: z.string().optional(),
  HotwordList: z.string().optional(),
  InputSampleRate: z.literal(8000).optional(),
  ReplaceTextId: z.string().optional(),
  // Deprecated but still accepted by the SDK's request model.
  ProjectId: z.number().int().optional(),
  SubServiceType: z.number().int().optional(),
  UsrAudioKey: z.string().optional(),
  ReinforceHotword: flag(1).optional(),
});

/** Handles one SentenceRecognition call. */
export async function sentenceRecognition(
  context: EmulatorContext,
  call: Api3Call,
): Promise<Record<string, unknown>> {
  const params = validateParams(sentenceRecognitionSchema, call.params);
  if (params.InputSampleRate !== undefined && params.VoiceFormat !== 'pcm') {
    throw new Api3Error(
      'InvalidParameterValue',
      'The value of parameter `InputSampleRate` is invalid: only for pcm.',
    );
  }
  const audio = await sentenceAudio(context, params);
  const telephone = isTelephoneEngine(params.EngSerViceType);
  try {
    const recognition = await recognizeSpeech(audio, {
      language: engineLanguage(params.EngSerViceType),
      maxDurationMs: MAX_SENTENCE_MS,
      ...(params.VoiceFormat === 'pcm'
        ? { rawPcm: { sampleRate: params.InputSampleRate ?? (telephone ? 8000 : 16000) } }
        : {}),
    });
    const words = recognition.sentences.flatMap((s) => s.words);
    const text = words.map((w) => w.text).join(' ');
    const punctuated =
      text === ''
        ? ''
        : `${text.charAt(0).toUpperCase()}${text.slice(1)}${(params.FilterPunc ?? 0) === 0 ? '.' : ''}`;
    const wordInfo = (params.WordInfo ?? 0) > 0;
    return {
      Result: punctuated,
      AudioDuration: recognition.durationMs,
      WordSize: wordInfo ? words.length : 0,
      WordList: wordInfo
        ? words.map((w) => ({ Word: w.text, StartTime: w.startMs, EndTime: w.endMs }))
        : null,
    };
  } catch (error) {
    if (!(error instanceof RecognitionError)) throw error;
    if (error.code === 'TooLong') {
      throw new Api3Error(
        'InvalidParameterValue.ErrorVoicedataTooLong',
        'The audio is longer than 60 s; use CreateRecTask.',
      );
    }
    if (error.code === 'RecognizerMissing') throw new Api3Error('InternalError', error.message);
    throw new Api3Error(
      'FailedOperation.ErrorRecognize',
      `The audio could not be recognised: ${error.message}`,
    );
  }
}

async function sentenceAudio(
  context: EmulatorContext,
  params: z.infer<typeof sentenceRecognitionSchema>,
): Promise<Buffer> {
  if (params.SourceType === 0) {
    if (params.Url === undefined || params.Url === '')
      throw new Api3Error('MissingParameter', 'SourceType 0 needs `Url`.');
    const fetched = await context.fetchInput(params.Url);
    if (!fetched.ok) {
      throw new Api3Error(
        'FailedOperation.ErrorDownFile',
        `Failed to download the audio (${fetched.status > 0 ? `HTTP ${fetched.status}` : fetched.reason}).`,
      );
    }
    if (fetched.body.length > MAX_DATA_CHARS) {
      throw new Api3Error('InvalidParameterValue.ErrorVoicedataTooLong', 'The audio is larger than 3 MB.');
    }
    return fetched.body;
  }
  if (params.Data === undefined || params.Data === '')
    throw new Api3Error('MissingParameter', 'SourceType 1 needs `Data`.');
  if (params.Data.length > MAX_DATA_CHARS) {
    throw new Api3Error(
      'InvalidParameterValue.ErrorVoicedataTooLong',
      'Data is larger than 3 MB (after base64).',
    );
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(params.Data) || params.Data.length % 4 !== 0) {
    throw new Api3Error(
      'InvalidParameterValue',
      'The value of parameter `Data` is invalid: not base64 (no line breaks).',
    );
  }
  const audio = Buffer.from(params.Data, 'base64');
  if (params.DataLen !== undefined && params.DataLen !== audio.length) {
    throw new Api3Error(
      'InvalidParameter.ErrorContentlength',
      `DataLen ${params.DataLen} is not the decoded length ${audio.length}.`,
    );
  }
  return audio;
}
