/**
 * The `CheckSum` header of a live callback (docs product 1093/52633): lower-case hex SHA-256 of the
 * account AppID, the task's `SignToken` and the raw body, concatenated. The SignToken is ours to
 * choose; each job gets its own, derived from the callback secret, so a token leaked from one job's
 * task cannot sign callbacks for another and nothing per job needs storing.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretValue } from '../../config/secret-value.js';

/** The CheckSum Tencent sends for `rawBody` (the legacy form body signs its `data` field instead). */
export function liveCheckSum(appId: string, signToken: string, rawBody: string | Buffer): string {
  return createHash('sha256').update(appId).update(signToken).update(rawBody).digest('hex');
}

/** A job's SignToken: HMAC-SHA256(secret, 'live-sign-token.' + jobId), 32 hex characters. */
export function signTokenFor(secret: SecretValue, jobId: string): string {
  return createHmac('sha256', secret.reveal()).update(`live-sign-token.${jobId}`).digest('hex').slice(0, 32);
}

/**
 * True when `given` (the header) is the CheckSum of `signed` under one of the secrets' tokens for
 * `jobId`. Every secret is tried (no early exit), each comparison in constant time.
 */
export function checkSumMatches(
  given: string | undefined,
  signed: { readonly appId: string; readonly jobId: string; readonly rawBody: string | Buffer },
  secrets: readonly SecretValue[],
): boolean {
  if (given === undefined || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const wanted = Buffer.from(given.toLowerCase(), 'hex');
  let matched = false;
  for (const secret of secrets) {
    const expected = liveCheckSum(signed.appId, signTokenFor(secret, signed.jobId), signed.rawBody);
    matched = timingSafeEqual(Buffer.from(expected, 'hex'), wanted) || matched;
  }
  return matched;
}
