/**
 * The API 3.0 answer envelope: `{"Response": {..., "RequestId"}}` on success,
 * `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` on failure, both normally with HTTP 200
 * (docs/tencent-wire.md §10.1). Gateways and emulators may also answer 4xx/5xx with or
 * without that envelope, so the status and the body are judged together.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { TencentApiError } from '../errors.js';
import { parseJsonLosslessly } from './lossless-json.js';

const envelopeSchemas = onFirstUse(() => ({
  error: z.object({
    Response: z.object({
      Error: z.object({ Code: z.string().min(1), Message: z.string().nullish() }),
      RequestId: z.string().nullish(),
    }),
  }),
  success: z.object({
    // passthrough: each action's own schema reads the fields it knows.
    Response: z.object({ RequestId: z.string().nullish() }).passthrough(),
  }),
}));

/**
 * Turns one HTTP answer into the action's typed result, or throws a TencentApiError whose
 * `retryable` follows the code (RequestLimitExceeded*, InternalError*) or the status (5xx).
 */
export function readApi3Response<S extends z.ZodTypeAny>(
  action: string,
  httpStatus: number,
  bodyText: string,
  schema: S,
): z.output<S> {
  const ok = httpStatus >= 200 && httpStatus < 300;
  let body: unknown;
  try {
    body = parseJsonLosslessly(bodyText);
  } catch {
    if (!ok) throw httpError(action, httpStatus, bodyText);
    throw new TencentApiError({
      action,
      code: 'InvalidResponse',
      message: `HTTP ${httpStatus} with a body that is not JSON: ${preview(bodyText)}`,
      httpStatus,
    });
  }

  const failure = envelopeSchemas().error.safeParse(body);
  if (failure.success) {
    const { Error: error, RequestId } = failure.data.Response;
    throw new TencentApiError({
      action,
      code: error.Code,
      message: error.Message ?? '(no message)',
      requestId: RequestId ?? '',
      httpStatus,
    });
  }

  if (!ok) throw httpError(action, httpStatus, bodyText);

  const envelope = envelopeSchemas().success.safeParse(body);
  if (!envelope.success) {
    throw new TencentApiError({
      action,
      code: 'InvalidResponse',
      message: `the body has no Response object: ${preview(bodyText)}`,
      httpStatus,
    });
  }
  const result = schema.safeParse(envelope.data.Response);
  if (!result.success) {
    throw new TencentApiError({
      action,
      code: 'InvalidResponse',
      message: `the Response does not match what ${action} documents: ${describeIssues(result.error)}`,
      requestId: envelope.data.Response.RequestId ?? '',
      httpStatus,
      retryable: false,
    });
  }
  return result.data;
}

/** A non-2xx answer without Tencent's envelope (a gateway, a proxy): judged by its status. */
function httpError(action: string, httpStatus: number, bodyText: string): TencentApiError {
  return new TencentApiError({
    action,
    code: `HTTP${httpStatus}`,
    message: `HTTP ${httpStatus} without a Response.Error: ${preview(bodyText)}`,
    httpStatus,
    // A gateway's 429 is a rate limit like RequestLimitExceeded: refused, safe to repeat later.
    ...(httpStatus === 429 ? { retryable: true } : {}),
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty)';
}
