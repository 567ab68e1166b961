/**
 * Signed HTTP to a bucket's COS host, `<bucket>.cos.<region>.myqcloud.com`: the transport of the
 * ObjectStorage port, over our HTTP client (../http-request.ts) and signer (lib/sign/cos-sign.ts).
 *
 * It sends what cos-nodejs-sdk-v5 sent for the same calls, so COS (and the emulator, which checks
 * like COS) sees no difference:
 * - the virtual-host URL, the key encoded per segment with encodeURIComponent plus `!'()*` (the SDK's
 *   camSafeUrlEncode, `/` kept), `.` and `..` segments sent as written;
 * - the q-sign signature (doc 436/7778) over the decoded path, every query parameter and the headers
 *   the SDK signs (`selectCosSignedHeaders`: host, content-type, content-length, x-cos-*); a body-less
 *   request other than GET says `content-length: 0`, as the SDK does;
 * - the session token in `x-cos-security-token`, outside the signed headers (doc 436/7728);
 * - credentials read from their source before every attempt, so rotated role credentials take effect
 *   at once;
 * - each attempt limited by `timeoutMs` of silence;
 * - the SDK's retries (sdk/base.js submitRequest, getRetryInfo): up to 4 attempts, at once, of a
 *   request that got no answer or a 5xx, and never of a 4xx. Throttling and longer outages are the
 *   storage's business (its own `withRetry`, with backoff);
 * - its clock-skew correction: when COS refuses the signature's time (RequestTimeTooSkewed, or
 *   AccessDenied "Request has expired", doc 436/7730) and its Date is 30 s or more from our clock,
 *   adopt COS's clock (kept for later requests) and sign again.
 *
 * An endpoint override (the emulator) changes only where the TCP connection goes: the URL, Host
 * header and signature keep the real bucket host.
 */
import { cosRequestTarget, selectCosSignedHeaders, signCos } from '../../sign/cos-sign.js';
import { CredentialsError } from '../credentials.js';
import { TencentApiError, TencentNetworkError } from '../errors.js';
import { type HttpBytesResponse, sendHttpRequestForBytes } from '../http-request.js';
import { withRetry } from '../retry.js';
import { cosAnswerError, cosNetworkError } from './cos-error.js';
import { type CosErrorBody, isClockRejection, readErrorBody } from './cos-xml.js';
import { type CredentialsSource, resolveCredentials } from './credentials-source.js';
import { type Endpoint, endpointProtocol } from './endpoint.js';

/** Options for {@link createCosTransport}. */
export interface CosTransportOptions {
  /** Region of the buckets, e.g. 'ap-guangzhou'. */
  readonly region: string;
  readonly credentials: CredentialsSource;
  /** Dial somewhere else (the emulator) while keeping the real host names. */
  readonly endpoint?: Endpoint;
  /** Per-attempt limit in ms of silence, waiting for the answer or inside its body (default 10 s). */
  readonly timeoutMs?: number;
  /** Lifetime of each request signature in seconds. */
  readonly signatureTtlSeconds?: number;
  /** Clock in ms, for signatures. */
  readonly now?: () => number;
}

/** One COS call. */
export interface CosCall {
  /** Names the call in errors, e.g. 'PutObject'. */
  readonly action: string;
  readonly method: 'GET' | 'HEAD' | 'PUT';
  readonly bucket: string;
  /** The raw object key; '' for a bucket call. */
  readonly key: string;
  /** Query parameters; '' is sent bare (`?versioning`). */
  readonly query?: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** A successful (2xx) answer. */
export interface CosAnswer {
  readonly status: number;
  readonly headers: HttpBytesResponse['headers'];
  readonly body: Buffer;
}

/** Sends one call; resolves on 2xx, rejects with TencentApiError, TencentNetworkError or CredentialsError. */
export type CosTransport = (call: CosCall) => Promise<CosAnswer>;

/** Attempts per call, the SDK's (`tryTimes < 4`). */
const attemptsPerCall = 4;
/** How far COS's Date must be from our clock before we adopt it (the SDK's threshold). */
const skewThresholdMs = 30_000;

/** A transport to the COS hosts of one region. */
export function createCosTransport(options: CosTransportOptions): CosTransport {
  const transport: Transport = {
    options,
    protocol: endpointProtocol(options.endpoint),
    now: options.now ?? Date.now,
    ttl: options.signatureTtlSeconds ?? 900,
    timeoutMs: options.timeoutMs ?? 10_000,
    clockOffsetMs: 0,
  };
  return (call) => {
    let offsetBefore = transport.clockOffsetMs;
    return withRetry(
      () => {
        offsetBefore = transport.clockOffsetMs;
        return attempt(transport, call);
      },
      {
        maxAttempts: attemptsPerCall,
        // At once, as the SDK did: this layer absorbs a dropped connection, not an outage.
        baseDelayMs: 0,
        maxDelayMs: 0,
        deadlineMs: Number.POSITIVE_INFINITY,
        shouldRetry: (error) => transport.clockOffsetMs !== offsetBefore || retriedBySdk(error),
      },
    );
  };
}

/** A transport's settings, and what it learnt. */
interface Transport {
  readonly options: CosTransportOptions;
  readonly protocol: 'http:' | 'https:';
  readonly now: () => number;
  readonly ttl: number;
  readonly timeoutMs: number;
  /** COS's clock minus ours, learnt from a time rejection. */
  clockOffsetMs: number;
}

/** One signed request and its answer. */
async function attempt(transport: Transport, call: CosCall): Promise<CosAnswer> {
  const { options } = transport;
  const credentials = resolveCredentials(options.credentials);
  const host = `${call.bucket}.cos.${options.region}.myqcloud.com`;
  const headers: Record<string, string> = { ...call.headers };
  if (call.body !== undefined) headers['content-length'] = String(call.body.length);
  else if (call.method !== 'GET') headers['content-length'] = '0';
  const start = Math.floor((transport.now() + transport.clockOffsetMs) / 1000) - 1;
  const { authorization } = signCos(
    {
      method: call.method,
      pathname: `/${call.key}`,
      query: call.query ?? {},
      headers: selectCosSignedHeaders({ ...headers, host }),
      keyTime: { start, end: start + transport.ttl },
    },
    credentials,
  );
  headers.authorization = authorization;
  if (credentials.token) headers['x-cos-security-token'] = credentials.token;
  let response: HttpBytesResponse;
  try {
    response = await sendHttpRequestForBytes({
      url: `${transport.protocol}//${host}${cosRequestTarget(`/${call.key}`, call.query)}`,
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      ...(options.endpoint ? { dialTo: options.endpoint.ip } : {}),
      idleTimeoutMs: transport.timeoutMs,
    });
  } catch (failure) {
    throw cosNetworkError(call.action, failure);
  }
  if (response.status < 300) {
    return { status: response.status, headers: response.headers, body: response.bytes };
  }
  const error = readErrorBody(response.bytes.toString('utf8'));
  learnClock(transport, error, String(response.headers.date ?? ''));
  throw cosAnswerError(call.action, {
    status: response.status,
    error,
    requestId: String(response.headers['x-cos-request-id'] ?? ''),
  });
}

/** Adopts COS's clock after a time rejection whose Date is far from ours. */
function learnClock(transport: Transport, error: CosErrorBody | undefined, date: string): void {
  const serverMs = Date.parse(date);
  if (!isClockRejection(error) || !Number.isFinite(serverMs)) return;
  const now = transport.now();
  if (Math.abs(now + transport.clockOffsetMs - serverMs) < skewThresholdMs) return;
  transport.clockOffsetMs = serverMs - now;
}

/** What the SDK retried: no answer at all, or a 5xx. Never a 4xx, nor a missing credential. */
function retriedBySdk(error: unknown): boolean {
  if (error instanceof CredentialsError) return false;
  if (error instanceof TencentNetworkError) return true;
  return error instanceof TencentApiError && error.httpStatus !== undefined && error.httpStatus >= 500;
}
