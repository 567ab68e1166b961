/**
 * The account the emulator accepts: one app id, permanent SecretId/SecretKey pairs and temporary
 * credentials issued the way STS GetFederationToken issues them (a tmp SecretId, key and session token
 * that expire together). Like LocalStack's `test`/`test`, the default pair is public and meant only for
 * local use; `--appid`, `--secret-id` and `--secret-key` replace it.
 */
import { randomBytes } from 'node:crypto';
import type { Accounts } from './context.js';

/** App id used when none is given; buckets are then named `<name>-1250000000`, as in Tencent's docs. */
export const DEFAULT_APP_ID = '1250000000';
/** SecretId accepted when none is given (36 characters and an `AKID` prefix, like a real one). */
export const DEFAULT_SECRET_ID = 'AKIDLOCALcostranscribe00000000000000';
/** SecretKey paired with DEFAULT_SECRET_ID. Public on purpose: it protects nothing but a loopback server. */
export const DEFAULT_SECRET_KEY = 'localEmulatorSecretKey000000000000';

/** STS bounds for GetFederationToken's DurationSeconds (Tencent: 1 s to 7200 s, default 1800 s). */
const MAX_TEMPORARY_SECONDS = 7200;

/** Accounts with the permanent pairs given and a store of issued temporary credentials. */
export interface EmulatorAccounts extends Accounts {
  /** True when `secretId` was issued as temporary credentials, even if they have expired since. */
  isTemporary(secretId: string): boolean;
  /** Adds (or replaces) a permanent pair. */
  addPermanent(secretId: string, secretKey: string): void;
}

/** Builds the account registry; `now` is the emulator clock so tests can age temporary credentials. */
export function createAccounts(options: {
  secretId?: string;
  secretKey?: string;
  now: () => number;
}): EmulatorAccounts {
  const permanent = new Map<string, string>();
  const temporary = new Map<string, { secretKey: string; token: string; expiresAt: number }>();
  permanent.set(options.secretId ?? DEFAULT_SECRET_ID, options.secretKey ?? DEFAULT_SECRET_KEY);

  return {
    lookup(secretId) {
      const key = permanent.get(secretId);
      if (key !== undefined) return { secretKey: key };
      const tmp = temporary.get(secretId);
      if (tmp === undefined || tmp.expiresAt <= options.now()) return undefined;
      return { ...tmp };
    },
    issueTemporary(durationSeconds) {
      const seconds = Math.min(Math.max(Math.trunc(durationSeconds), 1), MAX_TEMPORARY_SECONDS);
      // Shapes follow STS: the tmp SecretId starts with AKID, the token is a long opaque string.
      const credentials = {
        secretId: `AKID${randomBytes(24).toString('base64url').slice(0, 32)}`,
        secretKey: randomBytes(24).toString('base64url').slice(0, 32),
        token: randomBytes(96).toString('base64url'),
        expiresAt: options.now() + seconds * 1000,
      };
      temporary.set(credentials.secretId, {
        secretKey: credentials.secretKey,
        token: credentials.token,
        expiresAt: credentials.expiresAt,
      });
      return credentials;
    },
    isTemporary(secretId) {
      return temporary.has(secretId);
    },
    addPermanent(secretId, secretKey) {
      permanent.set(secretId, secretKey);
    },
  };
}
