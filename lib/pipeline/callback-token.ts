/**
 * The signed callback URL (DESIGN "Decisions"). Tencent does not sign its callbacks, so the URL we
 * hand to the engine carries the proof: `<base>?job=<jobId>&exp=<unix s>&sig=<hex HMAC-SHA256(secret,
 * job + '.' + exp)>`. Only someone who knows the secret can mint one, it names exactly one job, and it
 * stops working at `exp`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PipelineConfig } from '../config/pipeline-config.js';
import type { SecretValue } from '../config/secret-value.js';
import { isJobId } from './job-id.js';

/** Why a callback token was refused. */
export type TokenRejection =
  /** A parameter is missing, repeated or not in its expected shape. */
  | 'malformed'
  /** The signature does not match any accepted secret. */
  | 'forged'
  /** Genuine, but past its expiry. */
  | 'expired';

/** The outcome of verifying a token. */
export type TokenVerdict =
  | { readonly ok: true; readonly jobId: string; readonly expiresAtMs: number }
  | { readonly ok: false; readonly reason: TokenRejection };

/** Builds the callback URL for `jobId`, valid until `expiresAtMs` (rounded up to whole seconds). */
export function signedCallbackUrl(
  baseUrl: string,
  jobId: string,
  expiresAtMs: number,
  secret: SecretValue,
): string {
  const exp = String(Math.ceil(expiresAtMs / 1000));
  const url = new URL(baseUrl);
  url.searchParams.set('job', jobId);
  url.searchParams.set('exp', exp);
  url.searchParams.set('sig', signature(secret, jobId, exp));
  return url.toString();
}

/**
 * Verifies the token in a callback's query (`job`, `exp`, `sig`). The order matters: shape first,
 * then the signature (so expiry is only ever reported for genuine tokens and says nothing to a
 * forger), then time. Signatures compare in constant time. It reads nothing but the query, so a
 * callback is authenticated before its body is even measured (complete.ts).
 */
export function verifyCallbackToken(
  query: Readonly<Record<string, unknown>>,
  options: {
    /** Accepted secrets: the current one, and the previous one during a rotation. */
    readonly secrets: readonly SecretValue[];
    readonly nowMs: number;
  },
): TokenVerdict {
  const job = single(query.job);
  const exp = single(query.exp);
  const sig = single(query.sig);
  if (job === undefined || exp === undefined || sig === undefined) return { ok: false, reason: 'malformed' };
  if (!isJobId(job) || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) {
    return { ok: false, reason: 'malformed' };
  }
  const given = Buffer.from(sig, 'hex');
  let genuine = false;
  for (const secret of options.secrets) {
    // No early exit: the time taken does not say which secret matched.
    const expected = Buffer.from(signature(secret, job, exp), 'hex');
    genuine = timingSafeEqual(expected, given) || genuine;
  }
  if (!genuine) return { ok: false, reason: 'forged' };
  const expiresAtMs = Number(exp) * 1000;
  if (options.nowMs >= expiresAtMs) return { ok: false, reason: 'expired' };
  return { ok: true, jobId: job, expiresAtMs };
}

function signature(secret: SecretValue, job: string, exp: string): string {
  return createHmac('sha256', secret.reveal()).update(`${job}.${exp}`).digest('hex');
}

/**
 * SCF's `queryString` gives a repeated key as an array and a bare key as `true`
 * (docs/tencent-wire.md §8.2); a token parameter must be exactly one string.
 */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The callback URL for a job submitted now, as the pipeline issues it: valid for the reconciler's
 * hard limit, after which the job is failed anyway and a late callback has nothing left to do.
 */
export function issueCallbackUrl(
  config: Pick<PipelineConfig, 'callback' | 'reconcile'>,
  jobId: string,
  nowMs: number,
): { url: string; expiresAtMs: number } {
  const expiresAtMs = Math.ceil((nowMs + config.reconcile.hardLimitMs) / 1000) * 1000;
  return {
    url: signedCallbackUrl(config.callback.baseUrl, jobId, expiresAtMs, config.callback.secret),
    expiresAtMs,
  };
}

/** The secrets a callback may be signed with: the current one, then the previous one during a rotation. */
export function acceptedSecrets(config: Pick<PipelineConfig, 'callback'>): SecretValue[] {
  return config.callback.previousSecret
    ? [config.callback.secret, config.callback.previousSecret]
    : [config.callback.secret];
}
