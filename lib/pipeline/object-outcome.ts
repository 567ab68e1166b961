/** What the upload use case reports for each object of an event (the upload function returns it). */

/** What became of one object. */
export interface ObjectOutcome {
  /** The key as found in COS (the first candidate when none was found). */
  readonly key: string;
  readonly outcome:
    | 'submitted'
    | 'done'
    | 'failed'
    | 'skipped'
    /** Another invocation holds or finished this job. */
    | 'duplicate'
    /** Not ours to process: folder marker, pipeline output, outside the input prefix or bucket. */
    | 'ignored'
    /** Deleted before we looked. */
    | 'gone';
  readonly jobId?: string;
  readonly code?: string;
}
