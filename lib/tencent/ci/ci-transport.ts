/**
 * Signed HTTP to a bucket's CI host, `<bucket>.ci.<region>.myqcloud.com`.
 *
 * Why our HTTP client (../http-request.ts) and signer rather than the COS SDK's `cos.request`: the
 * SDK retries every 5xx and network failure at once, up to 4 times, with no backoff and no off
 * switch; for `POST /asr_jobs` each blind retry may start another billed job. Here one layer decides (`withRetry` in the client),
 * with backoff, jitter, a deadline and knowledge of which failures are safe to repeat for a submit.
 * We also get the raw body and status to parse XML our way (strings kept, lists normalised), and the
 * URL, Host header and signature always name the real CI host; an endpoint override only changes
 * where the TCP connection goes, so the emulator sees exactly what CI would.
 *
 * Signature: COS q-sign over method, decoded path, every query parameter, and the headers host,
 * content-type and content-length (the set the official SDK signs for these calls; docs/tooling.md §3).
 * A session token goes in `x-ci-security-token`, unsigned, as the SDK does on CI hosts (CI doc
 * 1045/43609), never `x-cos-security-token`.
 */

import { cosRequestTarget, signCos } from '../../sign/cos-sign.js';
import { isClockRejection, readErrorBody } from '../cos/cos-xml.js';
import { type CredentialsSource, resolveCredentials } from '../cos/credentials-source.js';
import { type Endpoint, endpointProtocol } from '../cos/endpoint.js';
import { TencentApiError, TencentNetworkError } from '../errors.js';
import { sendHttpRequest } from '../http-request.js';

/** Options for {@link createCiTransport}. */
export interface CiTransportOptions {
  /** `name-appid` of the bucket whose CI host serves the jobs. */
  readonly bucket: string;
  readonly region: string;
  readonly credentials: CredentialsSource;
  /** Dial somewhere else (the emulator) while keeping the real CI host name. */
  readonly endpoint?: Endpoint;
  /** Per-request limit in ms of silence, waiting for the answer or inside its body (default 10 s). */
  readonly timeoutMs?: number;
  /** Clock in ms, for signatures. */
  readonly now?: () => number;
  /** Lifetime of each request signature in seconds. */
  readonly signatureTtlSeconds?: number;
}

/** One CI call. */
export interface CiHttpRequest {
  /** Names the call in errors, e.g. 'POST /asr_jobs'. */
  readonly action: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Decoded path, e.g. '/asr_jobs/s123'. */
  readonly path: string;
  /** Query parameters; undefined values are sent bare (`?cancel`). */
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** XML body. */
  readonly body?: string;
}

/** A successful CI answer. */
export interface CiHttpResponse {
  readonly status: number;
  readonly body: string;
  /** `x-ci-request-id`, for support tickets and logs. */
  readonly requestId: string;
}

/** Sends one request; resolves on 2xx, rejects with TencentApiError or TencentNetworkError otherwise. */
export type CiTransport = (call: CiHttpRequest) => Promise<CiHttpResponse>;

/** A transport bound to one bucket's CI host. */
export function createCiTransport(options: CiTransportOptions): CiTransport {
  const host = `${options.bucket}.ci.${options.region}.myqcloud.com`;
  const origin = `${endpointProtocol(options.endpoint)}//${host}`;
  const now = options.now ?? Date.now;
  const ttl = options.signatureTtlSeconds ?? 900;
  const timeoutMs = options.timeoutMs ?? 10_000;

  /** What the server's clock minus ours was last found to be (learnt from a skew rejection). */
  let clockOffsetMs = 0;

  const send = async (call: CiHttpRequest): Promise<RawAnswer> => {
    const credentials = resolveCredentials(options.credentials);
    const signedHeaders: Record<string, string> = { host };
    if (call.body !== undefined) {
      signedHeaders['content-type'] = 'application/xml';
      signedHeaders['content-length'] = String(Buffer.byteLength(call.body));
    } else if (call.method !== 'GET') {
      signedHeaders['content-length'] = '0';
    }
    const start = Math.floor((now() + clockOffsetMs) / 1000) - 1;
    const { authorization } = signCos(
      {
        method: call.method,
        pathname: call.path,
        query: call.query ?? {},
        headers: signedHeaders,
        keyTime: { start, end: start + ttl },
      },
      credentials,
    );
    const { host: _host, ...sentHeaders } = signedHeaders;
    const headers: Record<string, string> = { ...sentHeaders, authorization };
    if (credentials.token) headers['x-ci-security-token'] = credentials.token;
    try {
      const response = await sendHttpRequest({
        url: `${origin}${cosRequestTarget(call.path, call.query)}`,
        method: call.method,
        headers,
        ...(call.body !== undefined ? { body: call.body } : {}),
        ...(options.endpoint ? { dialTo: options.endpoint.ip } : {}),
        idleTimeoutMs: timeoutMs,
      });
      return {
        status: response.status,
        body: response.body,
        requestId: String(response.headers['x-ci-request-id'] ?? ''),
        date: String(response.headers.date ?? ''),
      };
    } catch (error) {
      throw new TencentNetworkError(call.action, error);
    }
  };

  return async (call) => {
    const answer = await send(call);
    // Like the official SDK (base.js getRetryInfo): when CI rejects the signature's time window and
    // its Date shows our clock 30 s or more off, adopt its clock and sign again, once. SCF hosts and
    // laptops drift; without this every call fails until someone fixes the clock.
    const skewMs = Date.parse(answer.date) - now();
    if (
      answer.status === 403 &&
      isClockRejection(readErrorBody(answer.body)) &&
      Number.isFinite(skewMs) &&
      Math.abs(skewMs) >= 30_000 &&
      Math.abs(skewMs - clockOffsetMs) >= 30_000
    ) {
      clockOffsetMs = skewMs;
      return check(call, await send(call));
    }
    return check(call, answer);
  };
}

/** The answer, or the error it means: a status of 300 or more, or an `<Error>` body behind a 2xx. */
function check(call: CiHttpRequest, answer: RawAnswer): CiHttpResponse {
  const failure =
    answer.status >= 300
      ? ciError(call.action, answer.status, answer.body, answer.requestId)
      : errorInBody(call.action, answer.status, answer.body, answer.requestId);
  if (failure) throw failure;
  return { status: answer.status, body: answer.body, requestId: answer.requestId };
}

/** An answer before it is judged. */
interface RawAnswer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  /** The server's Date header ('' when none). */
  readonly date: string;
}

/**
 * The typed error for a CI answer that is not a success: the XML `<Error>` fields when the body has
 * them (CI answers like COS, doc 436/7730), the status otherwise (a gateway's HTML 502, an empty 503).
 */
export function ciError(
  action: string,
  status: number,
  body: string,
  headerRequestId: string,
): TencentApiError {
  const parsed = readErrorBody(body);
  const code = parsed?.code || `HTTP${status}`;
  return new TencentApiError({
    action,
    code,
    message:
      parsed?.message || `CI answered HTTP ${status}${body ? ` with a body that is not an <Error>` : ''}`,
    requestId: parsed?.requestId || headerRequestId,
    httpStatus: status,
    // 429 is throttling whatever the code says; otherwise the shared rules (5xx yes, auth/params no).
    ...(status === 429 ? { retryable: true } : {}),
  });
}

/** A 2xx whose body is an `<Error>` is still an error (COS does this for some calls; be safe). */
function errorInBody(
  action: string,
  status: number,
  body: string,
  requestId: string,
): TencentApiError | undefined {
  if (!body.includes('<Error')) return undefined;
  return readErrorBody(body) ? ciError(action, status, body, requestId) : undefined;
}
