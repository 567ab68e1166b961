/**
 * The callback URL and SignToken a live task is created with. The URL is the pipeline's signed
 * callback URL with `live=1`, which the callback function routes on; the token in it is the same
 * `job.exp` HMAC as for files, valid as long as a TaskId is (24 h) plus an hour for late
 * callbacks. The SignToken is the job's own (lib/engines/live/check-sum.ts).
 */
import type { PipelineConfig } from '../../config/pipeline-config.js';
import { signTokenFor } from '../../engines/live/check-sum.js';
import { TASK_ID_VALID_MS } from '../../engines/live/live-limits.js';
import { signedCallbackUrl } from '../callback-token.js';

/** The query parameter that marks a live callback. */
export const LIVE_ROUTE_PARAMETER = 'live';

/** A live job's callback URL, its expiry and SignToken. */
export function issueLiveCallback(
  config: Pick<PipelineConfig, 'callback'>,
  jobId: string,
  nowMs: number,
): { url: string; expiresAtMs: number; signToken: string } {
  const expiresAtMs = Math.ceil((nowMs + TASK_ID_VALID_MS + 3_600_000) / 1000) * 1000;
  const base = new URL(config.callback.baseUrl);
  base.searchParams.set(LIVE_ROUTE_PARAMETER, '1');
  return {
    url: signedCallbackUrl(base.toString(), jobId, expiresAtMs, config.callback.secret),
    expiresAtMs,
    signToken: signTokenFor(config.callback.secret, jobId),
  };
}

/** True when a callback's query says it is a live one (the token check still decides everything). */
export function isLiveCallback(query: Readonly<Record<string, unknown>>): boolean {
  return query[LIVE_ROUTE_PARAMETER] === '1';
}
