/** What the job ledger's `claim` and `record` are asked, and what they answer (job-ledger.ts). */
import type { FileEngineName } from '../engines/engine-names.js';
import type { JobInput } from './job-records.js';
import type { JobSettings } from './job-settings.js';
import type { JobView } from './job-view.js';

/** The result of `claim`: this call made the claim (and the job's view), or another one did. */
export type ClaimOutcome =
  | { readonly outcome: 'claimed'; readonly view: JobView }
  | { readonly outcome: 'already-claimed' };

/** The result of `record`: written (with the job as the record makes it), or another writer decided that slot first. */
export type RecordOutcome =
  | { readonly outcome: 'recorded'; readonly view: JobView }
  | { readonly outcome: 'lost'; readonly current: JobView | undefined };

/** What a recorder knows that the ledger's status write needs. */
export interface RecordOptions {
  /**
   * The job's claimed status was written already (an engine recognised inline shows its claim while
   * it works, lib/pipeline/run-submission.ts), so the `submitted` status follows one of its own job.
   */
  readonly claimStatusWritten?: boolean | undefined;
}

/** What `claim` needs to know about the job. */
export interface ClaimRequest {
  readonly input: JobInput;
  /** The job's settings (what rides along with them, like effectiveProfile's provenance, is not stored). */
  readonly profile: JobSettings;
  /** The function claiming ('upload', 'reconcile', 'cli'). */
  readonly by: string;
  /** The engine a file's job was routed to (none for a live job). */
  readonly engine?: FileEngineName | undefined;
  /** A remark about the upload's audio, shown in its status from the start. */
  readonly note?: string | undefined;
}
