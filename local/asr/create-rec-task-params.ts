/**
 * CreateRecTask's parameters as the node SDK's CreateRecTaskRequest defines them (docs product 1093/37823),
 * validated field by field and then across fields, with Tencent's codes for each kind of mistake.
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import { isTelephoneEngine } from '../engine-names.js';
import {
  BASIC_ONLY_ENGINES,
  REC_TASK_ENGINES,
  SPEAKER_ENGINES,
  takesSpeakerCount,
  WRITTEN_TEXT_ENGINES,
} from './asr-engines.js';

/** Data (base64) may carry at most 5 MB of audio. */
export const MAX_DATA_BYTES = 5 * 1024 * 1024;

const flag = (max: number) => z.number().int().min(0).max(max);

/** The request schema; every documented field, so an undocumented one is UnknownParameter. */
export const createRecTaskSchema = z.object({
  EngineModelType: z.enum(REC_TASK_ENGINES),
  ChannelNum: z.number().int().min(1).max(2),
  ResTextFormat: flag(5),
  SourceType: flag(1),
  Data: z.string().optional(),
  DataLen: z.number().int().min(0).optional(),
  Url: z.string().optional(),
  CallbackUrl: z.string().optional(),
  SpeakerDiarization: z.union([z.literal(0), z.literal(1), z.literal(3)]).optional(),
  SpeakerNumber: flag(10).optional(),
  HotwordId: z.string().optional(),
  ReinforceHotword: flag(1).optional(),
  CustomizationId: z.string().optional(),
  EmotionRecognition: flag(2).optional(),
  EmotionalEnergy: flag(1).optional(),
  ConvertNumMode: z.union([z.literal(0), z.literal(1), z.literal(3)]).optional(),
  FilterDirty: flag(2).optional(),
  FilterPunc: flag(2).optional(),
  FilterModal: flag(2).optional(),
  SentenceMaxLength: z.number().int().min(0).max(40).optional(),
  Extra: z.string().optional(),
  HotwordList: z.string().optional(),
  KeyWordLibIdList: z.array(z.string()).max(10).optional(),
  ReplaceTextId: z.string().optional(),
  SpeakerRoles: z.array(z.object({ RoleAudioUrl: z.string(), RoleName: z.string() })).optional(),
});

/** CreateRecTask parameters after field validation. */
export type CreateRecTaskParams = z.infer<typeof createRecTaskSchema>;

/** A validated task request: the parameters and the audio source, decoded when it came inline. */
export interface RecTaskRequest {
  readonly params: CreateRecTaskParams;
  readonly source:
    | { readonly kind: 'url'; readonly url: string }
    | { readonly kind: 'data'; readonly audio: Buffer };
}

/** The rules that span fields; throws Api3Error for the first one broken. */
export function checkCreateRecTask(params: CreateRecTaskParams): RecTaskRequest {
  const engine = params.EngineModelType;
  if (params.ChannelNum === 2 && !isTelephoneEngine(engine)) {
    throw invalid('ChannelNum', `2 (stereo) is only supported by 8k engines; ${engine} needs 1.`);
  }
  if (params.ResTextFormat > 0 && BASIC_ONLY_ENGINES.has(engine)) {
    throw invalid('ResTextFormat', `${engine} only supports 0.`);
  }
  if (params.ResTextFormat >= 4 && !WRITTEN_TEXT_ENGINES.has(engine)) {
    throw invalid('ResTextFormat', `${params.ResTextFormat} is only available with 8k_zh and 16k_zh.`);
  }
  const diarization = params.SpeakerDiarization ?? 0;
  if (diarization === 1 && !SPEAKER_ENGINES.has(engine)) {
    throw invalid('SpeakerDiarization', `${engine} does not support speaker separation.`);
  }
  if (diarization !== 0 && params.ChannelNum !== 1) {
    throw invalid('SpeakerDiarization', 'speaker separation needs ChannelNum 1.');
  }
  if (diarization === 3 && (params.SpeakerRoles ?? []).length === 0) {
    throw new Api3Error('MissingParameter', 'SpeakerDiarization 3 (role separation) needs `SpeakerRoles`.');
  }
  const speakers = params.SpeakerNumber ?? 0;
  if (speakers > 0 && !takesSpeakerCount(engine)) {
    throw invalid('SpeakerNumber', '16k engines only support 0 (automatic).');
  }
  const maxLength = params.SentenceMaxLength ?? 0;
  if (maxLength !== 0 && (maxLength < 6 || params.ResTextFormat !== 3)) {
    throw invalid('SentenceMaxLength', 'use 0, or 6 to 40 together with ResTextFormat 3.');
  }
  if ((params.EmotionRecognition ?? 0) === 2 && params.ResTextFormat === 0) {
    throw invalid('EmotionRecognition', '2 (tag in text) needs ResTextFormat above 0.');
  }
  if (params.HotwordList !== undefined) checkHotwordList(params.HotwordList);
  if (params.Extra !== undefined) checkExtra(params.Extra);
  if (params.CallbackUrl !== undefined && params.CallbackUrl !== '' && !isHttpUrl(params.CallbackUrl)) {
    throw invalid('CallbackUrl', 'must be an http:// or https:// URL.');
  }
  return { params, source: audioSource(params) };
}

function audioSource(params: CreateRecTaskParams): RecTaskRequest['source'] {
  if (params.SourceType === 0) {
    if (params.Url === undefined || params.Url === '') {
      throw new Api3Error('MissingParameter', 'SourceType 0 needs `Url`.');
    }
    if (!isHttpUrl(params.Url)) {
      throw new Api3Error(
        'InvalidParameterValue.ErrorInvalidUrl',
        'Url must be an http:// or https:// URL the service can download.',
      );
    }
    return { kind: 'url', url: params.Url };
  }
  if (params.Data === undefined || params.Data === '') {
    throw new Api3Error('MissingParameter', 'SourceType 1 needs `Data` (the audio, base64).');
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(params.Data) || params.Data.length % 4 !== 0) {
    throw invalid('Data', 'is not base64 (no line breaks, padded with =).');
  }
  const audio = Buffer.from(params.Data, 'base64');
  if (audio.length > MAX_DATA_BYTES) {
    throw new Api3Error(
      'InvalidParameterValue.ErrorVoicedataTooLong',
      `Data carries ${audio.length} bytes; at most 5 MB may be sent inline. Use SourceType 0 with a Url for longer audio.`,
    );
  }
  if (params.DataLen !== undefined && params.DataLen !== audio.length) {
    throw new Api3Error(
      'InvalidParameter.ErrorContentlength',
      `DataLen ${params.DataLen} is not the length of the decoded Data (${audio.length} bytes).`,
    );
  }
  return { kind: 'data', audio };
}

function checkHotwordList(list: string): void {
  const entries = list.split(',');
  if (entries.length > 128) throw invalid('HotwordList', 'at most 128 words.');
  for (const entry of entries) {
    const match = /^([^|]+)\|(\d+)$/.exec(entry);
    const weight = Number(match?.[2]);
    if (!match || (match[1] ?? '').length > 30 || !((weight >= 1 && weight <= 11) || weight === 100)) {
      throw invalid(
        'HotwordList',
        `'${entry}' is not word|weight (word up to 30 characters, weight 1-11 or 100).`,
      );
    }
  }
}

function checkExtra(extra: string): void {
  try {
    JSON.parse(extra);
  } catch {
    throw invalid('Extra', 'must be a JSON string.');
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function invalid(field: string, why: string): Api3Error {
  return new Api3Error('InvalidParameterValue', `The value of parameter \`${field}\` is invalid: ${why}`);
}
