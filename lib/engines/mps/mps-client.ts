/**
 * MPS RecognizeAudio: synchronous speech recognition of base64 audio (mps.tencentcloudapi.com,
 * 2019-06-12; docs/tencent-wire.md §7.2). Times in the answer are SECONDS (floats). Size, duration and
 * rate limits are not documented (UNVERIFIED in the reference), so callers keep clips short.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { type Api3Answer, type Api3ClientOptions, createApi3Client } from '../../tencent/api3/api3-client.js';

/** The real MPS host (signed and sent as Host even when dialling the emulator). */
export const MPS_ENDPOINT = 'mps.tencentcloudapi.com';
/** The MPS API version these types mirror. */
export const MPS_VERSION = '2019-06-12';

/** RecognizeAudio request: every documented parameter. */
export interface RecognizeAudioRequest {
  /** Base64 audio. */
  readonly AudioData: string;
  /** Language: 'auto' (default), 'zh', 'en', 'ja', 'ko', 'yue', 'fr', 'de', ... */
  readonly Source?: string;
  /** 'pcm' (16 kHz mono 16-bit, default) or 'ogg-opus' (16000/24000/48000 Hz mono). */
  readonly AudioFormat?: 'pcm' | 'ogg-opus';
  /** pcm: 16000; ogg-opus: 16000, 24000 or 48000. */
  readonly SampleRate?: number;
  /** Extension parameters, a string passed through. */
  readonly UserExtPara?: string;
}

const maybe = <T extends z.ZodTypeAny>(schema: T) => schema.nullish();

/** RecognizeAudio's answer, built on first use (lib/lazy/on-first-use.ts): only the MPS engine reads it. */
const recognizeAudioResponse = onFirstUse(() => {
  /** One word; Start/End in seconds; Trans is a translation when one was asked for. */
  const word = z.object({
    Word: maybe(z.string()),
    Start: maybe(z.number()),
    End: maybe(z.number()),
    Trans: maybe(z.string()),
  });
  /** One sentence; Start/End in seconds. */
  const sentence = z.object({
    Text: maybe(z.string()),
    Start: maybe(z.number()),
    End: maybe(z.number()),
    WordsInfo: maybe(z.array(word)),
  });
  return z.object({
    RequestId: z.string(),
    Text: maybe(z.string()),
    /** Seconds. */
    AudioLength: maybe(z.number()),
    Sentence: maybe(z.array(sentence)),
  });
});

/** RecognizeAudio answer. */
export const recognizeAudioResponseSchema = z.lazy(recognizeAudioResponse);

/** Parsed RecognizeAudio answer. */
export type RecognizeAudioResponse = z.output<typeof recognizeAudioResponseSchema>;

/** The MPS action the pipeline uses. */
export interface MpsClient {
  /** Recognises base64 audio synchronously; the body as received is the job's raw result. */
  recognizeAudio(request: RecognizeAudioRequest): Promise<Api3Answer<RecognizeAudioResponse>>;
}

/** Options of the MPS client: those of the API 3.0 caller, with MPS's endpoint and version as defaults. */
export type MpsClientOptions = Omit<Api3ClientOptions, 'endpoint' | 'version'> & {
  readonly endpoint?: string;
  readonly version?: string;
};

/** Creates an MPS client (pass `connectTo` to reach the local emulator). */
export function createMpsClient(options: MpsClientOptions): MpsClient {
  const api = createApi3Client({
    ...options,
    endpoint: options.endpoint ?? MPS_ENDPOINT,
    version: options.version ?? MPS_VERSION,
  });
  return {
    recognizeAudio: (request) => api.callKeepingBody('RecognizeAudio', request, recognizeAudioResponseSchema),
  };
}
