/**
 * What we send to CI speech-recognition jobs. Names and values mirror the documents one to one so a
 * reader can hold them side by side: doc 1045/49546 (`POST /asr_jobs`, QueueId required),
 * doc 1045/73385 (`POST /jobs` with Tag SpeechRecognition) and the template doc 1045/50303 for the
 * SpeechRecognition parameters (FlashAsr, Format, FirstChannelOnly, WordInfo). Every value travels as
 * XML text; numbers and booleans are written with `String()`.
 */

/** CI engine names (they differ from the ASR API's; doc 1045/51260). */
export type CiEngineModelType =
  | '8k_zh'
  | '8k_zh_s'
  | '8k_en'
  | '16k_zh'
  | '16k_zh_video'
  | '16k_en'
  | '16k_ca'
  | '16k_ja'
  | '16k_zh_edu'
  | '16k_en_edu'
  | '16k_zh_medical'
  | '16k_th'
  | '16k_zh_dialect';

/** `Operation.SpeechRecognition`: how to recognise. */
export interface CiSpeechRecognition {
  readonly EngineModelType: CiEngineModelType;
  /** 1 mono; 2 dual (8k_zh only, caller and callee). Required for general (non-fast) ASR. */
  readonly ChannelNum?: 1 | 2;
  /** 0 text with segment times; 1 words without punctuation times; 2 words with punctuation. */
  readonly ResTextFormat?: 0 | 1 | 2;
  /** 0 keep, 1 remove, 2 replace restricted words with `*` (Mandarin only). */
  readonly FilterDirty?: 0 | 1 | 2;
  /** 0 keep, 1 partial, 2 strict removal of modal particles (Mandarin only). */
  readonly FilterModal?: 0 | 1 | 2;
  /** 0 Chinese numerals, 1 Arabic by context, 3 mathematical conversion (general ASR only). */
  readonly ConvertNumMode?: 0 | 1 | 3;
  /** 1 separates speakers (mono 8k_zh, 16k_zh, 16k_zh_video). */
  readonly SpeakerDiarization?: 0 | 1;
  /** 0 automatic (up to six), 1-10 a fixed count; with SpeakerDiarization only. */
  readonly SpeakerNumber?: number;
  /** 0 keep, 1 drop the sentence-final mark, 2 drop all punctuation. */
  readonly FilterPunc?: 0 | 1 | 2;
  /** File CI writes to Output: 'txt' (default) or 'srt'. */
  readonly OutputFileType?: 'txt' | 'srt';
  /** Fast recognition (8k_zh, 16k_zh, 16k_en, 16k_zh_video; at most 100 MB and 2 h). */
  readonly FlashAsr?: boolean;
  /** Audio format for fast recognition, required with FlashAsr: wav, pcm, ogg-opus, speex, silk, mp3, m4a, aac. */
  readonly Format?: string;
  /** Fast recognition: 1 (default) only the first channel, 0 every channel. */
  readonly FirstChannelOnly?: 0 | 1;
  /** Fast recognition word times: 0 none, 1 without punctuation, 2 with punctuation. */
  readonly WordInfo?: 0 | 1 | 2;
}

/** Where CI writes its own result file. */
export interface CiOutput {
  readonly Region: string;
  readonly Bucket: string;
  readonly Object: string;
}

/** The media: a key in the bucket the request is sent to, or a public/presigned URL. Object wins if both. */
export type CiInput =
  | { readonly Object: string; readonly Url?: string }
  | { readonly Object?: undefined; readonly Url: string };

/** Message-queue settings for `CallBackType: 'TDMQ'` (CI doc 1045/49945 "CallBackMqConfig"). */
export interface CiCallBackMqConfig {
  /** 'sh', 'bj', 'gz', 'cd' or 'hk'. */
  readonly MqRegion: string;
  /** 'Queue' (default) or 'Topic'. */
  readonly MqMode: string;
  readonly MqName: string;
}

/** The request fields both submit APIs share. */
interface CiSubmitCommon {
  readonly Input: CiInput;
  readonly SpeechRecognition?: CiSpeechRecognition;
  /** A template instead of inline parameters (`POST /jobs`; wins over SpeechRecognition). */
  readonly TemplateId?: string;
  readonly Output: CiOutput;
  /** Passed back untouched in results and callbacks: printable ASCII, at most 1024 characters. */
  readonly UserData?: string;
  /** Priority 0 (default), 1 or 2. */
  readonly JobLevel?: 0 | 1 | 2;
  /** Callback URL; overrides the queue's; 'no' disables the queue callback. */
  readonly CallBack?: string;
  /** 'XML' (default) or 'JSON'. */
  readonly CallBackFormat?: 'XML' | 'JSON';
  /** 'Url' (default) or 'TDMQ'. */
  readonly CallBackType?: 'Url' | 'TDMQ';
  readonly CallBackMqConfig?: CiCallBackMqConfig;
}

/** `POST /asr_jobs` (doc 1045/49546): the queue is required. */
export interface SubmitAsrJobRequest extends CiSubmitCommon {
  readonly QueueId: string;
}

/** `POST /jobs` with `Tag: SpeechRecognition`: the queue is optional. */
export interface SubmitSpeechJobRequest extends CiSubmitCommon {
  readonly QueueId?: string;
}

/** Job states CI documents. */
export type CiJobState = 'Submitted' | 'Running' | 'Success' | 'Failed' | 'Pause' | 'Cancel';

/** Filters of `GET /asr_jobs` and `GET /jobs` (doc 436/47597); names are the query parameters'. */
export interface ListCiJobsQuery {
  readonly queueId?: string;
  readonly orderByTime?: 'Desc' | 'Asc';
  /** The previous page's NextToken. */
  readonly nextToken?: string;
  /** Page size, 1-100 (CI's default 10). */
  readonly size?: number;
  /** 'All' or any of the states. */
  readonly states?: 'All' | readonly CiJobState[];
  /** `%Y-%m-%dT%H:%m:%S%z`, e.g. 2026-11-22T10:00:00+0800. */
  readonly startCreationTime?: string;
  readonly endCreationTime?: string;
}

/** Filters of `GET /asrqueue` (DescribeSpeechQueues, doc 1207/47599). */
export interface ListCiQueuesQuery {
  readonly queueIds?: readonly string[];
  readonly state?: 'Active' | 'Paused';
  readonly pageNumber?: number;
  readonly pageSize?: number;
}
