/**
 * Request types of the ASR actions we call (asr.tencentcloudapi.com, 2019-06-14), mirroring every
 * documented parameter (docs/tencent-wire.md §3.2, §4, §7.1; tencentcloud-sdk-nodejs
 * asr_models). Numeric enums stay numbers, as Tencent sends them; their meanings are noted where a
 * caller must choose.
 */
import type { Uint64String } from '../../tencent/api3/uint64.js';

/** A voiceprint to name a speaker (SpeakerDiarization = 3). */
export interface SpeakerRoleInfo {
  /** URL of clean speech of that person (under 45 s). */
  readonly RoleAudioUrl: string;
  /** Name that replaces the speaker id when the voice matches. */
  readonly RoleName: string;
}

/** CreateRecTask: starts asynchronous recognition of a recording (up to 5 h, 1 GB by URL). */
export interface CreateRecTaskRequest {
  /** Engine, e.g. '16k_zh', '16k_en', '16k_zh_en', '8k_zh' (telephone audio needs an 8k engine). */
  readonly EngineModelType: string;
  /** 1 mono; 2 stereo (8k telephone only, channels become speakers 0/1). */
  readonly ChannelNum: number;
  /**
   * 0 sentences only; 1 + words without punctuation; 2 + words with punctuation; 3 like 2 split at
   * punctuation (for subtitles); 4 semantic segmentation (paid); 5 written-form text (paid).
   */
  readonly ResTextFormat: number;
  /** 0 = Url, 1 = Data. */
  readonly SourceType: 0 | 1;
  /** Base64 audio when SourceType = 1 (at most 5 MB). */
  readonly Data?: string;
  /** Byte length of the audio before base64. */
  readonly DataLen?: number;
  /** Downloadable audio URL when SourceType = 0 (we pass a presigned COS GET). */
  readonly Url?: string;
  /** Where Tencent POSTs the result (form-urlencoded); carries our job id and token. */
  readonly CallbackUrl?: string;
  /** 0 off, 1 speaker separation, 3 role separation with SpeakerRoles. */
  readonly SpeakerDiarization?: number;
  /** 0 = automatic (up to 20), 1-10 fixed (not for 16k engines). */
  readonly SpeakerNumber?: number;
  readonly HotwordId?: string;
  /** @deprecated by Tencent. */
  readonly ReinforceHotword?: number;
  /** Self-learning model id. */
  readonly CustomizationId?: string;
  /** 0 off, 1 on, 2 on with the tag in the text (paid; needs ResTextFormat > 0). */
  readonly EmotionRecognition?: number;
  readonly EmotionalEnergy?: number;
  /** 0 Chinese numerals, 1 smart Arabic numerals (default), 3 maths mode. */
  readonly ConvertNumMode?: number;
  /** 0 keep, 1 drop, 2 mask with '*'. */
  readonly FilterDirty?: number;
  /** 0 keep, 1 drop sentence-final punctuation, 2 drop all. */
  readonly FilterPunc?: number;
  /** 0 keep, 1 partial, 2 strict filtering of filler words. */
  readonly FilterModal?: number;
  /** 0 off or 6-40 characters per segment (needs ResTextFormat = 3). */
  readonly SentenceMaxLength?: number;
  /** A JSON string of extra options, e.g. '{"Domain":3}'. */
  readonly Extra?: string;
  /** 'word|weight,word|weight' (at most 128 words); overrides HotwordId. */
  readonly HotwordList?: string;
  /** At most 10 keyword-library ids. */
  readonly KeyWordLibIdList?: readonly string[];
  readonly ReplaceTextId?: string;
  readonly SpeakerRoles?: readonly SpeakerRoleInfo[];
}

/** DescribeTaskStatus: the state and result of a task (kept 24 h; TaskIds repeat across days). */
export interface DescribeTaskStatusRequest {
  readonly TaskId: Uint64String;
}

/** SentenceRecognition: synchronous recognition of a clip of at most 60 s and 3 MB. */
export interface SentenceRecognitionRequest {
  /** Engine; Tencent spells it EngSerViceType. '8k_zh', '16k_zh', '16k_en', '16k_ja', ... */
  readonly EngSerViceType: string;
  /** 0 = Url, 1 = Data. */
  readonly SourceType: 0 | 1;
  /** 'wav', 'pcm', 'ogg-opus', 'speex', 'silk', 'mp3', 'm4a', 'aac', 'amr'. */
  readonly VoiceFormat: string;
  readonly Url?: string;
  /** Base64 audio without line breaks. */
  readonly Data?: string;
  readonly DataLen?: number;
  /** 0 none, 1 word times, 2 word times including punctuation. */
  readonly WordInfo?: number;
  readonly FilterDirty?: number;
  readonly FilterModal?: number;
  readonly FilterPunc?: number;
  readonly ConvertNumMode?: number;
  readonly HotwordId?: string;
  readonly CustomizationId?: string;
  readonly HotwordList?: string;
  /** 8000 for 8 kHz pcm on a 16k engine; pcm only. */
  readonly InputSampleRate?: number;
  readonly ReplaceTextId?: string;
  /** @deprecated by Tencent. */
  readonly ProjectId?: number;
  /** @deprecated by Tencent (only 2 = one sentence). */
  readonly SubServiceType?: number;
  /** @deprecated by Tencent. */
  readonly UsrAudioKey?: string;
  /** @deprecated by Tencent. */
  readonly ReinforceHotword?: number;
}
