/**
 * A job as its records say it is: the fold of the append-only records into one current view. The
 * highest slot wins; nothing else is needed because each slot can be written only once.
 */

import type { FileEngineName } from '../engines/engine-names.js';
import type {
  ClaimedRecord,
  FinalRecord,
  JobError,
  JobInput,
  JobRecord,
  SubmittedRecord,
} from './job-records.js';
import type { JobSettings } from './job-settings.js';
import type { JobState } from './job-state.js';

/** The current state of a job with everything known about it. */
export interface JobView {
  readonly jobId: string;
  readonly state: JobState;
  readonly input: JobInput;
  readonly profile: JobSettings;
  /** The engine a file's job was routed to at claim; undefined for live jobs and older claims. */
  readonly engine: FileEngineName | undefined;
  readonly claimedAt: number;
  readonly submission: Pick<SubmittedRecord, 'engine' | 'taskId' | 'callbackExpiresAt' | 'at'> | undefined;
  readonly finishedAt: number | undefined;
  /** Output keys when done. */
  readonly outputs: readonly string[];
  readonly audioDurationMs: number | undefined;
  /** The failure (failed) or the reason (skipped). */
  readonly error: JobError | undefined;
  /** Remarks of the claim (audio format) and of the result (no speech), joined; not errors. */
  readonly note: string | undefined;
}

/** Folds a job's records; undefined when there is no claim (a job that never started). */
export function foldJob(records: readonly JobRecord[]): JobView | undefined {
  const claimed = records.find((r): r is ClaimedRecord => r.state === 'claimed');
  if (!claimed) return undefined;
  const submitted = records.find((r): r is SubmittedRecord => r.state === 'submitted');
  const final = records.find(
    (r): r is FinalRecord => r.state === 'done' || r.state === 'failed' || r.state === 'skipped',
  );
  // Slot order, whatever order the records were listed in.
  const claimedView = claimedJob(claimed);
  const submittedView = submitted ? withRecord(claimedView, submitted) : claimedView;
  return final ? withRecord(submittedView, final) : submittedView;
}

/**
 * The job `view` with one later record applied: what the ledger's `record` returns (the view its
 * caller held, moved on by the record it wrote) and how `foldJob` folds, so the two cannot differ.
 */
export function withRecord(view: JobView, record: SubmittedRecord | FinalRecord): JobView {
  if (record.state === 'submitted') {
    const { engine, taskId, callbackExpiresAt, at } = record;
    return { ...view, state: 'submitted', submission: { engine, taskId, callbackExpiresAt, at } };
  }
  return {
    ...view,
    state: record.state,
    finishedAt: record.at,
    outputs: record.state === 'done' ? record.outputs : [],
    audioDurationMs: record.state === 'done' ? record.audioDurationMs : undefined,
    error: record.state === 'failed' ? record.error : record.state === 'skipped' ? record.reason : undefined,
    note: joinNotes(view.note, record.state === 'done' ? record.note : undefined),
  };
}

function claimedJob(claimed: ClaimedRecord): JobView {
  return {
    jobId: claimed.jobId,
    state: 'claimed',
    input: claimed.input,
    profile: claimed.profile,
    engine: claimed.engine,
    claimedAt: claimed.at,
    submission: undefined,
    finishedAt: undefined,
    outputs: [],
    audioDurationMs: undefined,
    error: undefined,
    note: joinNotes(claimed.note),
  };
}

/** Notes in the order they were made, or undefined when there are none. */
export function joinNotes(...notes: ReadonlyArray<string | undefined>): string | undefined {
  const present = notes.filter((n): n is string => n !== undefined && n !== '');
  return present.length === 0 ? undefined : present.join('; ');
}
