/**
 * The life of a job, explicitly. A job is born `claimed` (the upload handler won the
 * create-if-absent race), becomes `submitted` once an engine has accepted it, and ends in exactly one
 * of `done`, `failed` or `skipped`. Nothing leaves a final state: re-processing the same content with
 * the same settings is the same job and stays finished; a new upload (new ETag) is a new job.
 *
 *   claimed ──► submitted ──► done
 *      │            ├───────► failed   (engine failure, hard limit)
 *      │            └───────► skipped  (a newer upload replaced the input: outputs not written)
 *      ├───────────────────► failed   (bad input found after the claim, submission refused)
 *      └───────────────────► skipped  (nothing to transcribe, e.g. no audio stream)
 *
 * Each state is one append-only record in a fixed slot (see job-ledger.ts): whoever creates the slot
 * first decides, so two writers can never both move a job on.
 */

export const jobStates = ['claimed', 'submitted', 'done', 'failed', 'skipped'] as const;
/** A job's state. */
export type JobState = (typeof jobStates)[number];

/** The states a job ends in. */
export const finalStates = ['done', 'failed', 'skipped'] as const;
export type FinalState = (typeof finalStates)[number];

const allowed: Readonly<Record<JobState, readonly JobState[]>> = {
  claimed: ['submitted', 'failed', 'skipped'],
  submitted: ['done', 'failed', 'skipped'],
  done: [],
  failed: [],
  skipped: [],
};

/** True when a job in `from` may move to `to`. */
export function canTransition(from: JobState, to: JobState): boolean {
  return allowed[from].includes(to);
}

/** True for `done`, `failed` and `skipped`. */
export function isFinal(state: JobState): state is FinalState {
  return (finalStates as readonly JobState[]).includes(state);
}

/**
 * The record slot a state is written to. All final states share slot 2: that shared key is what
 * makes "done" from a callback and "failed" from the reconciler's hard limit mutually exclusive.
 */
export function slotOf(state: JobState): 0 | 1 | 2 {
  if (state === 'claimed') return 0;
  if (state === 'submitted') return 1;
  return 2;
}
