/**
 * The ports the use cases depend on (DESIGN "use cases depend only on ports"). Functions build one
 * set per container (from-environment.ts); tests build theirs against the emulator.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';
import type { AsrClient } from '../engines/asr/asr-client.js';
import type { CiClient } from '../engines/ci/ci-client.js';
import type { LiveClient } from '../engines/live/live-client.js';
import type { MpsClient } from '../engines/mps/mps-client.js';
import type { JobLedger } from '../jobs/job-ledger.js';
import { onFirstUse } from '../lazy/on-first-use.js';
import type { Logger } from '../log/logger.js';
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
   * The claim lease: a claim with no submission younger than this belongs to an invocation that may
   * still submit; older, its submitter is gone and the claim may be submitted again. See
   * claim-lease.ts for why it is `claimLeaseMs` in production.
   */
  readonly claimLeaseMs: number;
}

/**
 * The dependencies a handler is made with: the ports themselves (tests), or how to build them,
 * called once at the first invocation (`main`, from the environment: a container builds them once,
 * and an event refused on its shape builds nothing).
 */
export type DepsSource = PipelineDeps | (() => PipelineDeps);

/** `source` as a function that builds the dependencies at its first call and keeps them. */
export function depsOnce(source: DepsSource): () => PipelineDeps {
  return typeof source === 'function' ? onFirstUse(source) : () => source;
}
