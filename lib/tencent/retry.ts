/**
 * Retries a Tencent call on retryable failures with exponential backoff, full jitter and an overall
 * deadline (the AWS "full jitter" scheme: sleep = random(0, min(cap, base * 2^attempt))). Never retries
 * what `isRetryable` rejects (auth, parameters): those are thrown at once.
 */
import { isRetryable } from './errors.js';

/** Knobs of the retry policy; every field has a production default. */
export interface RetryOptions {
  /** Give up when the next attempt could not start before this many ms from the first attempt. */
  readonly deadlineMs?: number;
  /** At most this many attempts in all. */
  readonly maxAttempts?: number;
  /** Backoff base and cap in ms. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Injected for tests: clock, sleep and randomness. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Which failures to retry (attemptNumber counts from 1); defaults to `isRetryable`. */
  readonly shouldRetry?: (error: unknown, attemptNumber: number) => boolean;
}

export const defaultRetryOptions = {
  deadlineMs: 20_000,
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
} as const;

/** Calls `attempt` until it succeeds, fails with a non-retryable error, or the budget runs out. */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const shouldRetry = options.shouldRetry ?? isRetryable;
  const deadlineMs = options.deadlineMs ?? defaultRetryOptions.deadlineMs;
  const maxAttempts = options.maxAttempts ?? defaultRetryOptions.maxAttempts;
  const base = options.baseDelayMs ?? defaultRetryOptions.baseDelayMs;
  const cap = options.maxDelayMs ?? defaultRetryOptions.maxDelayMs;
  const startedAt = now();

  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!shouldRetry(error, attemptNumber) || attemptNumber >= maxAttempts) throw error;
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** (attemptNumber - 1)));
      if (now() + delay - startedAt >= deadlineMs) throw error;
      await sleep(delay);
    }
  }
}

/** Milliseconds left before `deadlineMs` from `startedAt`, for per-attempt timeouts. */
export function remainingMs(startedAt: number, deadlineMs: number, now: () => number = Date.now): number {
  return Math.max(0, deadlineMs - (now() - startedAt));
}
