/**
 * A ledger object that does not parse: someone edited or truncated it by hand, or a newer version of
 * the pipeline wrote it. Not retryable (reading it again gives the same bytes); the message names
 * the object so an operator can look at it.
 */
export class LedgerRecordError extends Error {
  override readonly name = 'LedgerRecordError';
  readonly retryable = false;
  /** The ledger object's key. */
  readonly key: string;

  constructor(key: string, reason: string, cause?: unknown) {
    super(
      `ledger object ${key} is unreadable (${reason}); inspect it, and remove the job folder to re-run the job`,
      {
        cause,
      },
    );
    this.key = key;
  }
}
