/**
 * The Tencent Cloud API 3.0 caller: signs each attempt with TC3, POSTs compact JSON (http-request.ts),
 * reads `Response` / `Response.Error` into a typed result or a TencentApiError, and retries only
 * what may succeed later (lib/tencent/retry.ts decides, from `retryable`).
 *
 * Facts (docs/tencent-wire.md §1): path '/', headers X-TC-Action / X-TC-Version /
 * X-TC-Timestamp (unix seconds; more than 5 min off is AuthFailure.SignatureExpire, so each attempt
 * is signed afresh) / X-TC-Region (optional for ASR) / X-TC-Token (temporary credentials only).
 * Content-Type is 'application/json' without charset, as the official SDK sends it: the signed
 * value must equal the sent one.
 */
import type { z } from 'zod';
import { signTc3 } from '../../sign/tc3.js';
import type { Credentials } from '../credentials.js';
import { TencentApiError, TencentNetworkError } from '../errors.js';
import { sendHttpRequest } from '../http-request.js';
import { defaultRetryOptions, type RetryOptions, remainingMs, withRetry } from '../retry.js';
import { readApi3Response } from './envelope.js';
import { stringifyJson } from './lossless-json.js';

/** Credentials as a value, or a function asked before every attempt (SCF role credentials rotate). */
export type CredentialsSource = Credentials | (() => Credentials | Promise<Credentials>);

/** How to reach one API 3.0 service. */
export interface Api3ClientOptions {
  /** The real host, signed and sent as Host, e.g. 'asr.tencentcloudapi.com'. */
  readonly endpoint: string;
  /** API version of the service, e.g. '2019-06-14'. */
  readonly version: string;
  /** X-TC-Region; left out when undefined (optional for ASR). */
  readonly region?: string;
  readonly credentials: CredentialsSource;
  /**
   * Dial this origin instead of https://<endpoint> while still sending and signing
   * `Host: <endpoint>`, e.g. 'http://127.0.0.1:9000' for the local emulator.
   */
  readonly connectTo?: string;
  /** Limit of one attempt, in ms (cut further so no attempt outlives the retry deadline). */
  readonly attemptTimeoutMs?: number;
  /** Retry policy; `now` also stamps X-TC-Timestamp, so one injected clock drives both. */
  readonly retry?: RetryOptions;
  /** X-TC-Language for error messages. */
  readonly language?: 'zh-CN' | 'en-US';
  /**
   * Told of every failed attempt, retried or not, so a logger can explain slow or failed calls.
   * It gets the typed error only: no credentials, no Authorization header.
   */
  readonly onFailedAttempt?: (failure: { action: string; attempt: number; error: unknown }) => void;
}

/** Calls actions of one API 3.0 service. */
export interface Api3Client {
  /** The host requests are signed for. */
  readonly endpoint: string;
  /**
   * Calls `action` with `params` (undefined members dropped; bigints sent as bare integers) and
   * parses the `Response` object with `schema`. Throws TencentApiError or TencentNetworkError.
   */
  call<S extends z.ZodTypeAny>(
    action: string,
    params: object,
    schema: S,
    options?: Api3CallOptions,
  ): Promise<z.output<S>>;
  /**
   * As `call`, also returning the answer's body as received: an engine's result is kept as the
   * bytes it sent (the `.raw.json` output), with fields the schema does not know and ids as numbers.
   */
  callKeepingBody<S extends z.ZodTypeAny>(
    action: string,
    params: object,
    schema: S,
    options?: Api3CallOptions,
  ): Promise<Api3Answer<z.output<S>>>;
}

/** A parsed `Response` and the body it was read from, as received (UTF-8 text). */
export interface Api3Answer<T> {
  readonly response: T;
  readonly body: string;
}

/** Per-call choices. */
export interface Api3CallOptions {
  /**
   * This call's retry options in place of the client's. Actions that create something pass
   * `submitRetryOptions` (lib/tencent/submit-retry.ts), so a lost answer never starts a second task.
   */
  readonly retry?: RetryOptions;
}

/** Default per-attempt limit: long enough for SentenceRecognition on a 60 s clip. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

/** Creates a caller for one service; nothing is dialled until the first call. */
export function createApi3Client(options: Api3ClientOptions): Api3Client {
  const service = options.endpoint.split('.')[0] ?? options.endpoint;
  const dial = options.connectTo === undefined ? undefined : new URL(options.connectTo);
  const url = `${dial?.protocol ?? 'https:'}//${options.endpoint}/`;
  const now = options.retry?.now ?? Date.now;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;

  async function attempt<S extends z.ZodTypeAny>(
    action: string,
    body: string,
    schema: S,
    startedAt: number,
    deadlineMs: number,
  ): Promise<Api3Answer<z.output<S>>> {
    const credentials =
      typeof options.credentials === 'function' ? await options.credentials() : options.credentials;
    const headers = signedHeaders(options, service, action, body, credentials, Math.floor(now() / 1000));
    const limitMs = Math.max(1, Math.min(attemptTimeoutMs, remainingMs(startedAt, deadlineMs, now)));
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error(`no complete answer within ${limitMs} ms (attempt timeout)`)),
      limitMs,
    );
    let status: number;
    let text: string;
    try {
      const response = await sendHttpRequest({
        url,
        method: 'POST',
        headers,
        body,
        signal: abort.signal,
        ...(dial ? { dialTo: dial.host } : {}),
      });
      status = response.status;
      text = response.body;
    } catch (error) {
      throw new TencentNetworkError(action, abort.signal.aborted ? abort.signal.reason : error);
    } finally {
      clearTimeout(timer);
    }
    return { response: readApi3Response(action, status, text, schema), body: text };
  }

  async function callKeepingBody<S extends z.ZodTypeAny>(
    action: string,
    params: object,
    schema: S,
    callOptions: Api3CallOptions = {},
  ): Promise<Api3Answer<z.output<S>>> {
    const body = stringifyJson(params);
    const startedAt = now();
    const retry = callOptions.retry ?? options.retry ?? {};
    const deadlineMs = retry.deadlineMs ?? defaultRetryOptions.deadlineMs;
    return withRetry(async (attemptNumber) => {
      try {
        return await attempt(action, body, schema, startedAt, deadlineMs);
      } catch (error) {
        options.onFailedAttempt?.({ action, attempt: attemptNumber, error });
        throw error;
      }
    }, retry);
  }

  return {
    endpoint: options.endpoint,
    callKeepingBody,
    call: async (action, params, schema, callOptions) =>
      (await callKeepingBody(action, params, schema, callOptions)).response,
  };
}

/** True when `error` came from an API 3.0 call and names one of `codes` (exactly or as a prefix + '.'). */
export function hasTencentCode(error: unknown, ...codes: string[]): boolean {
  return (
    error instanceof TencentApiError &&
    codes.some((code) => error.code === code || error.code.startsWith(`${code}.`))
  );
}

/** The headers of one API 3.0 request, signed with TC3-HMAC-SHA256 over `body` (doc 213/30654). */
function signedHeaders(
  options: Api3ClientOptions,
  service: string,
  action: string,
  body: string,
  credentials: Credentials,
  timestamp: number,
): Record<string, string> {
  const contentType = 'application/json';
  const signed = signTc3(
    {
      method: 'POST',
      host: options.endpoint,
      path: '/',
      query: '',
      headers: { 'content-type': contentType, host: options.endpoint },
      payload: body,
      service,
      timestamp,
    },
    credentials,
  );
  const headers: Record<string, string> = {
    host: options.endpoint,
    'content-type': contentType,
    authorization: signed.authorization,
    'x-tc-action': action,
    'x-tc-version': options.version,
    'x-tc-timestamp': String(timestamp),
  };
  if (options.region) headers['x-tc-region'] = options.region;
  if (credentials.token) headers['x-tc-token'] = credentials.token;
  if (options.language) headers['x-tc-language'] = options.language;
  return headers;
}
