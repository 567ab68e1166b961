/**
 * The validated configuration every function builds once per container (`loadConfig`). Inside the
 * pipeline these types are exact: nothing re-validates (STYLE §4).
 */
import type { CiJobsPath } from '../engines/ci/ci-jobs-path.js';
import type { SubtitleFormat, SubtitleProfileName } from '../subtitles/formats.js';
import type { Engine } from './engines.js';
import type { SecretValue } from './secret-value.js';

/** A hotword for ASR `HotwordList` (`word|weight`, weight 1-11 or 100). */
export interface Hotword {
  readonly word: string;
  readonly weight: number;
}

/**
 * Engine settings a profile (or the defaults) fixes for every file under a prefix, as configured;
 * effectiveProfile resolves them with a file's metadata into its JobSettings (lib/jobs/job-settings.ts),
 * the one shape a job's settings take from there on.
 */
export interface EngineSettings {
  readonly engine: Engine;
  /** `EngineModelType`, checked against the engine's list. */
  readonly model: string;
  /** 1, or 2 for 8k telephone audio (each channel one speaker). */
  readonly channels: 1 | 2;
  /** Sorted, without repeats. */
  readonly formats: readonly SubtitleFormat[];
  readonly subtitleProfile: SubtitleProfileName;
  /** Speaker diarization: undefined = off, 0 = on with automatic count, 1-10 = fixed count. */
  readonly speakers: number | undefined;
  readonly hotwords: readonly Hotword[];
  /** ASR/CI FilterDirty: profanity kept (0), removed (1) or masked with * (2). */
  readonly filterDirty: FilterLevel;
  /** ASR/CI FilterModal: filler words (um, 嗯) kept (0), partly removed (1) or all removed (2). */
  readonly filterModal: FilterLevel;
}

/**
 * A Tencent filter level. FilterPunc is not offered: subtitles need the punctuation to end sentences
 * and cues, so it is always 0 (keep).
 */
export type FilterLevel = 0 | 1 | 2;

/** Settings for the files under one key prefix of the input bucket (the longest matching prefix wins). */
export interface PrefixProfile {
  /** A full key prefix in the input bucket, starting with the input prefix. */
  readonly prefix: string;
  readonly settings: EngineSettings;
}

/** Bucket + key prefix where one kind of object lives. */
export interface Place {
  /** `name-appid`. */
  readonly bucket: string;
  readonly prefix: string;
}

/** The whole pipeline configuration. */
export interface PipelineConfig {
  /** `ap-guangzhou` form. */
  readonly region: string;
  readonly appId: string;
  /** Watched by the upload trigger. */
  readonly input: Place;
  /**
   * The trigger's key suffix filter (TRIGGER_SUFFIX; '' for every key), applied by SCF to events. The
   * reconciler keeps to it too, so it never submits what the trigger leaves out on purpose.
   */
  readonly triggerSuffix: string;
  /** Transcripts and subtitles. */
  readonly output: Place;
  /** Job ledger records and per-input status objects. */
  readonly ledger: Place;
  readonly defaults: EngineSettings;
  /** Longest prefix first. */
  readonly profiles: readonly PrefixProfile[];
  /** CI speech queue; when undefined the submit step discovers the bucket's queue (`GET /asrqueue`). */
  readonly ciQueueId: string | undefined;
  /** CI_JOBS_PATH: `/asr_jobs` (CreateSpeechJobs, needs a queue) or `/jobs` (queue optional). */
  readonly ciJobsPath: CiJobsPath;
  readonly callback: {
    /** The public URL of the callback function (its function URL). */
    readonly baseUrl: string;
    /** Signs new tokens. */
    readonly secret: SecretValue;
    /** Also accepted when verifying, so a secret can be rotated without failing jobs in flight. */
    readonly previousSecret: SecretValue | undefined;
  };
  /** Lifetime of the presigned GET URL handed to ASR (seconds, as COS expects). */
  readonly presignTtlSeconds: number;
  readonly reconcile: {
    /** A job with no progress for this long is looked at by the reconciler. */
    readonly staleAfterMs: number;
    /** A job not finished this long after its claim is failed; callback tokens live this long. */
    readonly hardLimitMs: number;
    /** Lost-trigger submissions per reconciler run, so a backlog cannot exhaust engine quota at once. */
    readonly maxSubmissionsPerRun: number;
  };
}
