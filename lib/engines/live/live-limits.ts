/**
 * What ASR 语音流异步识别 (CreateAsyncRecognitionTask, API 2019-06-14) accepts and how long things
 * last. Sources: docs product 1093/52061 (the create API: engine types, protocols, 20 concurrent
 * streams, the 10-minute end), 1093/52633 (the callback: one per utterance of at most 15 s), the
 * `Task` model of tencentcloud-sdk-nodejs `asr_models.ts` (TaskId uint64, valid 24 h).
 */

/**
 * `EngineType` values of the current SDK (tencentcloud-sdk-nodejs 4.1 `CreateAsyncRecognitionTaskRequest`);
 * older documents also listed 16k_zh_video, 16k_ca and 16k_yue, which the current one no longer names.
 */
export const LIVE_ENGINE_TYPES = [
  ...['16k_zh', '16k_en', '16k_id', '16k_fil', '16k_th', '16k_pt'],
  ...['16k_tr', '16k_ar', '16k_es', '16k_hi', '16k_fr', '16k_de'],
] as const;
/** One `EngineType`. */
export type LiveEngineType = (typeof LIVE_ENGINE_TYPES)[number];

/** The filters (FilterDirty, FilterModal, FilterPunc) and ConvertNumMode apply to Mandarin only. */
export const MANDARIN_ONLY_OPTIONS_ENGINE: LiveEngineType = '16k_zh';

/** Default concurrent streams per account (more needs a ticket). */
export const MAX_CONCURRENT_STREAMS = 20;
/** Longest utterance one callback carries. */
export const MAX_UTTERANCE_MS = 15_000;
/** A task ends by itself after this long without stream data or without voice. */
export const IDLE_END_MS = 10 * 60_000;
/** A TaskId is valid this long; ids repeat on other days. */
export const TASK_ID_VALID_MS = 24 * 3_600_000;

/** Why a stream URL would be refused by the service, or undefined when it would be taken. */
export function streamUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"url" is not a URL; give the stream address, e.g. rtmp://host/app/stream`;
  }
  if (!['rtmp:', 'rtsp:', 'http:', 'https:'].includes(parsed.protocol)) {
    return `"url" uses ${parsed.protocol.replace(':', '')}; live recognition reads rtmp, rtsp and http(s) live streams (e.g. HTTP-FLV)`;
  }
  if (/\.m3u8$/i.test(parsed.pathname)) {
    return '"url" is an HLS playlist (.m3u8), which live recognition does not read; give the RTMP, RTSP or HTTP-FLV address of the same stream';
  }
  return undefined;
}
