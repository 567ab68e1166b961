/**
 * Turns what cos-nodejs-sdk-v5 rejects with into our error family. The SDK rejects with plain objects,
 * not Errors: `{ statusCode, code, message, error: { Code, Message, RequestId }, headers, RequestId }`
 * for service answers (code from the XML `<Error>` body; a bodiless HEAD gets the status as code, e.g.
 * '404'), and `{ code: 'ECONNREFUSED', message }` without a status when the network failed.
 * The SDK's request URL and headers are deliberately not kept as the cause: errors get logged.
 */
import { TencentApiError, TencentNetworkError } from '../errors.js';

/** The parts of an SDK rejection we read. */
interface SdkFailure {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly error?: unknown;
  readonly RequestId?: string;
  readonly headers?: Record<string, unknown>;
}

/** Node and SDK error codes meaning the request never got an answer. */
const networkCodes = /^(E[A-Z]+|ESOCKETTIMEDOUT|UND_ERR_.*)$/;

/** The typed error for a failed SDK call named `action` (e.g. 'PutObject'). */
export function cosError(action: string, failure: unknown): TencentApiError | TencentNetworkError {
  if (failure instanceof TencentApiError || failure instanceof TencentNetworkError) return failure;
  const sdk: SdkFailure = typeof failure === 'object' && failure !== null ? (failure as SdkFailure) : {};
  const body =
    typeof sdk.error === 'object' && sdk.error !== null ? (sdk.error as Record<string, unknown>) : {};
  const code = stringOr(body.Code, sdk.code ?? '');
  const message = stringOr(body.Message, sdk.message ?? String(failure));
  if (sdk.statusCode === undefined) {
    if (networkCodes.test(code)) return new TencentNetworkError(action, new Error(`${code}: ${message}`));
    // Rejected inside the SDK before any request (bad parameters): retrying cannot help.
    return new TencentApiError({ action, code: code || 'ClientError', message, retryable: false });
  }
  const requestId = stringOr(
    body.RequestId,
    sdk.RequestId ?? stringOr(sdk.headers?.['x-cos-request-id'], ''),
  );
  return new TencentApiError({
    action,
    code: code || `HTTP${sdk.statusCode}`,
    message: message || `HTTP ${sdk.statusCode}`,
    requestId,
    httpStatus: sdk.statusCode,
    // COS throttles with 503 SlowDown and, on some gateways, 429; both clear up by waiting.
    ...(sdk.statusCode === 429 ? { retryable: true } : {}),
  });
}

/** The HTTP status of an SDK rejection, when it carried one. */
export function sdkStatus(failure: unknown): number | undefined {
  return typeof failure === 'object' && failure !== null ? (failure as SdkFailure).statusCode : undefined;
}

/** The service error code of an SDK rejection ('' when none). */
export function sdkCode(failure: unknown): string {
  if (typeof failure !== 'object' || failure === null) return '';
  const sdk = failure as SdkFailure;
  const body =
    typeof sdk.error === 'object' && sdk.error !== null ? (sdk.error as Record<string, unknown>) : {};
  return stringOr(body.Code, sdk.code ?? '');
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
