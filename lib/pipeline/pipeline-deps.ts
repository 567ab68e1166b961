/**
 * The ports the use cases depend on (DESIGN "use cases depend only on ports"). Functions build one
 * set per container (from-environment.ts); tests build theirs against the emulator.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';
import type { LiveClient } from '../engines/live/live-client.js';
import type { JobLedger } from '../jobs/job-ledger.js';
import type { Logger } from '../log/logger.js';
import type { AsrClient } from '../tencent/asr/asr-client.js';
import type { CiClient } from '../tencent/ci/ci-client.js';
import type { MpsClient } from '../tencent/mps/recognize-audio.js';
import type { ObjectStorage } from '../tencent/object-storage.js';

/** Everything submit, complete and reconcile need. */
export interface PipelineDeps {
  readonly config: PipelineConfig;
  readonly storage: ObjectStorage;
  readonly ledger: JobLedger;
  readonly asr: AsrClient;
  readonly mps: MpsClient;
  /** CI speech jobs of the input bucket (CI runs on the bucket that holds the media). */
  readonly ci: CiClient;
  /** ASR live-stream recognition (CreateAsyncRecognitionTask and its two companions). */
  readonly live: LiveClient;
  readonly logger: Logger;
  /** Integer ms clock. */
  readonly now: () => number;
  /**
   * A claim with no submission younger than this belongs to an invocation still at work (a
   * concurrent duplicate event); older, its submitter failed and the claim is submitted again.
   * Shorter than SCF's first retry delay (60 s), longer than one submit takes.
   */
  readonly resubmitAfterMs: number;
}

/** Default `resubmitAfterMs`. */
export const defaultResubmitAfterMs = 30_000;
