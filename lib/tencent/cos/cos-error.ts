/**
 * Turns what a COS call ends with into our error family, with the codes and messages the pipeline got
 * when cos-nodejs-sdk-v5 was the transport: the `<Error>` body's Code, Message and RequestId (doc
 * 436/7730) when the answer has one; for a bodiless answer (a HEAD) the status as code and its reason
 * phrase as message, e.g. '404: Not Found', as the SDK reported it; a network failure as
 * `<errno code>: <message>`. The request's URL and headers are never kept: errors get logged, and the
 * headers carry the signature and the session token.
 */
import { STATUS_CODES } from 'node:http';
import { TencentApiError, TencentNetworkError } from '../errors.js';
import { type CosErrorBody, CosXmlError } from './cos-xml.js';

/** An answer that is not a success, as the storage reads it. */
export interface CosFailedAnswer {
  readonly status: number;
  /** Its body's `<Error>` (readErrorBody in cos-xml.ts), undefined when it has none. */
  readonly error: CosErrorBody | undefined;
  /** `x-cos-request-id`, '' when absent. */
  readonly requestId: string;
}

/** The typed error for a COS answer with a status of 300 or more to the call named `action`. */
export function cosAnswerError(action: string, answer: CosFailedAnswer): TencentApiError {
  const { error } = answer;
  const code = error?.code || String(answer.status);
  const message = error?.message || STATUS_CODES[answer.status] || `HTTP ${answer.status}`;
  return new TencentApiError({
    action,
    code,
    message,
    requestId: error?.requestId || answer.requestId,
    httpStatus: answer.status,
    // COS throttles with 503 SlowDown and, on some gateways, 429; both clear up by waiting.
    ...(answer.status === 429 ? { retryable: true } : {}),
  });
}

/** The typed error for a request to `action` that got no complete answer (refused, reset, timed out). */
export function cosNetworkError(action: string, failure: unknown): TencentNetworkError {
  const code = (failure as { code?: unknown } | null)?.code;
  const message = failure instanceof Error ? failure.message : String(failure);
  return new TencentNetworkError(
    action,
    typeof code === 'string' && code !== '' ? new Error(`${code}: ${message}`) : new Error(message),
  );
}

/** A call refused before any request (an argument COS would misread): retrying cannot help. */
export function cosClientError(action: string, message: string): TencentApiError {
  return new TencentApiError({ action, code: 'ClientError', message, retryable: false });
}

/**
 * Runs a reader of a COS XML answer, a body that is not the promised document becoming a
 * non-retryable TencentApiError of the call (a proxy's page, a cut or garbled answer).
 */
export function readCosXml<T>(action: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof CosXmlError)) throw error;
    throw new TencentApiError({
      action,
      code: 'InvalidResponse',
      message: error.message,
      retryable: false,
      cause: error,
    });
  }
}
