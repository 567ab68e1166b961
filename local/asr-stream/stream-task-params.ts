/**
 * CreateAsyncRecognitionTask's parameters as Tencent checks them, from the documents (not from the
 * pipeline's code): the field list of tencentcloud-sdk-nodejs 4.1 `CreateAsyncRecognitionTaskRequest`
 * (asr_models.ts) and docs product 1093/52061. An undocumented field is UnknownParameter, a missing
 * required one MissingParameter, an engine type or stream URL outside what the service takes
 * InvalidParameterValue (HLS is refused, as the current documents say: "不支持hls, m3u8").
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';

/** EngineType values of the current SDK's field comment. */
export const STREAM_ENGINE_TYPES = [
  '16k_zh',
  '16k_en',
  '16k_id',
  '16k_fil',
  '16k_th',
  '16k_pt',
  '16k_tr',
  '16k_ar',
  '16k_es',
  '16k_hi',
  '16k_fr',
  '16k_de',
] as const;

const level = z.number().int().min(0).max(2);

/** Every documented field. */
export const createStreamTaskSchema = z.object({
  EngineType: z.enum(STREAM_ENGINE_TYPES),
  Url: z.string().min(1),
  CallbackUrl: z.string().min(1),
  SignToken: z.string().optional(),
  FilterDirty: level.optional(),
  FilterModal: level.optional(),
  FilterPunc: level.optional(),
  ConvertNumMode: z.number().int().min(0).max(1).optional(),
  WordInfo: level.optional(),
  HotwordId: z.string().optional(),
  AudioData: z.boolean().optional(),
});

/** A validated request. */
export type CreateStreamTaskParams = z.infer<typeof createStreamTaskSchema>;

/** The checks across fields; throws Api3Error with Tencent's code for the first one broken. */
export function checkStreamTask(params: CreateStreamTaskParams): CreateStreamTaskParams {
  const url = parseUrl(params.Url);
  if (!url || !['rtmp:', 'rtsp:', 'http:', 'https:'].includes(url.protocol)) {
    throw invalid('Url', 'the stream must be an rtmp://, rtsp:// or http(s):// live stream address.');
  }
  if (/\.m3u8$/i.test(url.pathname)) {
    throw invalid(
      'Url',
      'HLS (m3u8) streams are not supported; use RTMP, RTSP or an HTTP live stream such as HTTP-FLV.',
    );
  }
  const callback = parseUrl(params.CallbackUrl);
  if (!callback || (callback.protocol !== 'http:' && callback.protocol !== 'https:')) {
    throw invalid('CallbackUrl', 'must be an http:// or https:// URL.');
  }
  return params;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function invalid(field: string, why: string): Api3Error {
  return new Api3Error('InvalidParameterValue', `The value of parameter \`${field}\` is invalid: ${why}`);
}
