/**
 * The error family for everything that talks to Tencent Cloud. Each message says what went wrong
 * and, where we know it, what to do; `retryable` drives the retry policy and SCF's retry-on-throw.
 */

/** A Tencent service answered with an error (API 3.0 `Response.Error`, COS or CI XML `<Error>`, HTTP 5xx). */
export class TencentApiError extends Error {
  override readonly name = 'TencentApiError';
  /** API action or operation, e.g. 'CreateRecTask', 'PutObject', 'POST /asr_jobs'. */
  readonly action: string;
  /** Tencent error code, e.g. 'RequestLimitExceeded', 'AuthFailure.SignatureExpire', 'NoSuchKey'. */
  readonly code: string;
  /** Request id from the response ('' when the service gave none). */
  readonly requestId: string;
  /** HTTP status, when the failure came with one. */
  readonly httpStatus: number | undefined;
  /** True when the same request may succeed later (rate limit, internal error, 5xx, network). */
  readonly retryable: boolean;

  constructor(init: {
    action: string;
    code: string;
    message: string;
    requestId?: string;
    httpStatus?: number;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super(`${init.action} failed: ${init.code}: ${init.message}`, { cause: init.cause });
    this.action = init.action;
    this.code = init.code;
    this.requestId = init.requestId ?? '';
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? isRetryableCode(init.code, init.httpStatus);
  }
}

/** The network failed before any answer (reset, refused, timeout). Always retryable. */
export class TencentNetworkError extends Error {
  override readonly name = 'TencentNetworkError';
  readonly action: string;
  readonly retryable = true;

  constructor(action: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${action} failed: network error: ${reason}`, { cause });
    this.action = action;
  }
}

/**
 * Codes worth retrying. Tencent documents RequestLimitExceeded (and its `.` sub-codes) and
 * InternalError (and sub-codes) as transient; any 5xx is too. Auth and parameter errors never are:
 * retrying them only burns quota and hides the real problem.
 */
export function isRetryableCode(code: string, httpStatus?: number): boolean {
  if (/^(RequestLimitExceeded|InternalError|ServiceUnavailable|SlowDown)(\.|$)/.test(code)) return true;
  if (
    /^(AuthFailure|InvalidParameter|MissingParameter|UnauthorizedOperation|UnsupportedOperation)/.test(code)
  ) {
    return false;
  }
  return httpStatus !== undefined && httpStatus >= 500;
}

/** True for errors the retry policy may retry. */
export function isRetryable(error: unknown): boolean {
  return (error instanceof TencentApiError || error instanceof TencentNetworkError) && error.retryable;
}
