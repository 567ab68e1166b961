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
export function isSafeToRepeatSubmit(error: unknown): boolean {
  if (error instanceof TencentApiError) return isRetryable(error);
  if (error instanceof TencentNetworkError) {
    const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
    const code = cause?.code ?? cause?.cause?.code;
    return typeof code === 'string' && NEVER_SENT_CODES.has(code);
  }
  return false;
}
