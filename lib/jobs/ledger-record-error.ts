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

/** Parses a ledger object's body with `schema`; what does not parse is a LedgerRecordError naming `key`. */
export function parseLedgerObject<T>(key: string, body: Buffer, schema: { parse(value: unknown): T }): T {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LedgerRecordError(key, 'not JSON', error);
  }
  try {
    return schema.parse(value);
  } catch (error) {
    throw new LedgerRecordError(key, 'not a record this version understands', error);
  }
}
