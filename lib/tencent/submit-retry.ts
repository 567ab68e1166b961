/**
 * Which failures may be repeated for an action that creates something (ASR CreateRecTask, CI's
 * POST /asr_jobs and /jobs): one rule serves both clients. Repeating after a timeout or a reset
 * mid-request could start a second task for the same input: a second bill and a second callback.
 * So a submit is repeated only when Tencent said no (a retryable error answer: the rate limiter or
 * an internal error refused it) or when the connection never opened, so the request cannot have
 * arrived. Everything else is left to the caller's ledger and reconciler, which can check before
 * resubmitting.
 */
import { isRetryable, TencentApiError, TencentNetworkError } from './errors.js';
import { defaultRetryOptions, type RetryOptions } from './retry.js';

/**
 * How long a submit may keep asking, from its first attempt. The ledger's claim lease
 * (lib/pipeline/claim-lease.ts) is derived from it: nobody takes a claim over while its submitter may
 * still create a task.
 */
export const submitDeadlineMs = 60_000;

/**
 * The retry settings of a submit, in place of the general defaults (6 attempts in 20 s). Throttling
 * is answered by waiting: 500 uploads at once against CreateRecTask's 20 requests/s need 25 s to
 * get through, and six quick tries left most of them to SCF's retry a minute later, or to its
 * dead-letter queue. So a throttled submit keeps asking for up to 60 s (inside the upload function's
 * 90 s timeout, with room for the HEAD, the claim and the ledger writes); any other retryable
 * failure still gets the usual six attempts. Retry options given to a client (tests' clocks, a
 * shorter budget) still win, except the rule of what may be repeated.
 */
export function submitRetryOptions(clientRetry: RetryOptions = {}): RetryOptions {
  return {
    deadlineMs: submitDeadlineMs,
    maxAttempts: 60,
    maxDelayMs: 4_000,
    ...clientRetry,
    shouldRetry: shouldRepeatSubmit,
  };
}

/** A submit's retry rule: safe to repeat, and throttled or still within the usual attempts. */
function shouldRepeatSubmit(error: unknown, attemptNumber: number): boolean {
  return (
    isSafeToRepeatSubmit(error) && (isThrottled(error) || attemptNumber < defaultRetryOptions.maxAttempts)
  );
}

/** Tencent asked us to slow down (API 3.0 RequestLimitExceeded*, COS/CI SlowDown). */
function isThrottled(error: unknown): boolean {
  return error instanceof TencentApiError && /^(RequestLimitExceeded|SlowDown)(\.|$)/.test(error.code);
}

/** Socket errors that happen before any byte of the request was sent. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when repeating a create action cannot create a second task. */
function isSafeToRepeatSubmit(error: unknown): boolean {
  if (error instanceof TencentApiError) return isRetryable(error);
  if (error instanceof TencentNetworkError) {
    const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
    const code = cause?.code ?? cause?.cause?.code;
    return typeof code === 'string' && NEVER_SENT_CODES.has(code);
  }
  return false;
}
