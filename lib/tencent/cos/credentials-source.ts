/**
 * Where a client reads its credentials from. SCF rotates role credentials (the environment is
 * refreshed between invocations), so clients resolve the source on every request instead of keeping
 * a copy: a function source is read each time, a fixed value is used as is.
 */
import type { Credentials } from '../credentials.js';

/** Fixed credentials, or a synchronous provider read before every signature. */
export type CredentialsSource = Credentials | (() => Credentials);

/** The credentials to sign the next request with. */
export function resolveCredentials(source: CredentialsSource): Credentials {
  return typeof source === 'function' ? source() : source;
}
