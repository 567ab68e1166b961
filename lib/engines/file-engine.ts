/**
 * The one interface every file engine (ci, asr, sentence, mps) is reached through: what it accepts
 * (limits, models), how it takes a job, how its result is fetched as the bytes it sent, and how its
 * callback names the task. What one engine knows lives in its folder beside this file; the pipeline
 * asks the registry (file-engines.ts) and never branches on an engine's name.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';
import type { JobSettings } from '../jobs/job-settings.js';
import type { ObjectStorage } from '../tencent/object-storage.js';
import type { ReadOptions } from '../transcript/read-options.js';
import type { Transcript } from '../transcript/transcript.js';
import type { AsrClient } from './asr/asr-client.js';
import type { CiClient } from './ci/ci-client.js';
import type { FileEngineName } from './engine-names.js';
import type { MpsClient } from './mps/mps-client.js';

/** What the engines need of the pipeline's ports. */
export interface EngineDeps {
  readonly config: PipelineConfig;
  readonly storage: ObjectStorage;
  readonly asr: AsrClient;
  /** CI speech jobs of the input bucket (CI runs on the bucket that holds the media). */
  readonly ci: CiClient;
  readonly mps: MpsClient;
}

/** The job as an engine needs it. */
export interface EngineJob {
  readonly jobId: string;
  readonly bucket: string;
  readonly key: string;
  readonly profile: JobSettings;
  /** Signed callback URL of an asynchronous engine ('' when none is wanted). */
  readonly callbackUrl: string;
  readonly callbackExpiresAt: number;
}

/**
 * An engine's result as it sent it: the `.raw.json` / `.raw.xml` output, which the engine that sent
 * it reads into the transcript (its `readResult`).
 */
export interface EngineResult {
  /** The engine that sent it, whose adapter reads it. */
  readonly engine: FileEngineName;
  /** The body as received (UTF-8 text), never re-serialised. */
  readonly raw: string;
  readonly rawType: 'json' | 'xml';
}

/** What an engine answered to a submission. */
export type EngineSubmission =
  | { readonly kind: 'async'; readonly taskId: string; readonly callbackExpiresAt: number }
  | ({ readonly kind: 'sync'; readonly taskId: string } & EngineResult);

/** The task a callback is about, as its body names it (nothing more of a body is trusted). */
export interface CallbackClaim {
  readonly engine: FileEngineName;
  readonly taskId: string;
  /** Our job id as the body carries it (CI UserData); undefined when the body has none. */
  readonly jobId: string | undefined;
}

/** Tencent's limits of one engine (docs/tencent-wire.md §3, §6, §7). */
export interface EngineLimits {
  readonly maxBytes: number;
  readonly maxDurationMs: number;
}

/** One speech engine for files. */
export interface FileEngine {
  readonly name: FileEngineName;
  readonly limits: EngineLimits;
  /** The model names this engine's API accepts. */
  readonly models: readonly string[];
  /** Starts work on `job`. Throws typed Tencent errors; their `retryable` decides SCF retries. */
  submit(deps: EngineDeps, job: EngineJob): Promise<EngineSubmission>;
  /**
   * The result of the submitted task `taskId` as the engine sent it; 'lost' when the engine no longer
   * knows the task. A synchronous engine's answer died with the invocation that got it, so it
   * recognises the clip again.
   */
  query(deps: EngineDeps, job: EngineJob, taskId: string): Promise<EngineResult | 'lost'>;
  /**
   * Reads a result of this engine (`submit`'s or `query`'s, or a stored `.raw.*`) into the transcript:
   * the engine's own adapter, with no guessing of shapes (that is `readTranscript`'s, for any file).
   * The adapter is loaded on first use, so a cold start that only submits never loads it (issue 16).
   * @throws TranscriptParseError when the result is unreadable; TranscriptTaskFailedError when it says the task failed
   */
  readResult(raw: string, options: ReadOptions): Promise<Transcript>;
  /** Reads a callback body of this engine; undefined when the body is not one. Absent: no callbacks. */
  readCallback?(body: string): CallbackClaim | undefined;
  /** Cancels a task nobody will read (a lost submit race); absent where the engine cannot. */
  cancel?(deps: EngineDeps, taskId: string): Promise<void>;
}

/** The chosen engine cannot read this file format (bad input, not a transient fault). */
export class UnsupportedForEngineError extends Error {
  override readonly name = 'UnsupportedForEngineError';
  constructor(engine: string, extension: string, formats: readonly string[]) {
    super(
      `the ${engine} engine cannot read .${extension} files; use ${formats.map((f) => `.${f}`).join(' ')} or set x-cos-meta-asr-engine: asr`,
    );
  }
}
