/**
 * An uploaded object asks for settings we cannot honour through its `x-cos-meta-asr-*` metadata.
 * This is bad input, not a fault: the submit step records a failed job with this message and never
 * retries (a retry cannot change the metadata).
 */

/** One unusable metadata header. */
export interface MetadataProblem {
  /** The header as the uploader wrote it, e.g. `x-cos-meta-asr-speakers`. */
  readonly header: string;
  readonly message: string;
}

/** Thrown by `effectiveProfile` when the object's metadata overrides are invalid. */
export class MetadataOverrideError extends Error {
  override readonly name = 'MetadataOverrideError';
  /** Stable code for failure records and status objects. */
  readonly code = 'InvalidMetadata';
  readonly problems: readonly MetadataProblem[];

  constructor(problems: readonly MetadataProblem[]) {
    super(
      `the object's metadata cannot be used: ${problems.map((p) => `${p.header}: ${p.message}`).join('; ')}; fix the metadata and upload again`,
    );
    this.problems = problems;
  }
}
