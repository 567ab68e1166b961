/**
 * Reads a CI answer body (XML) with the action's zod schema, as api3/envelope.ts does for API 3.0:
 * a body that does not parse or does not match is an InvalidResponse TencentApiError, not retried.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import { TencentApiError } from '../errors.js';
import { parseCiXml } from './ci-xml.js';

/** The action's answer, parsed from `body` with `schema`; throws InvalidResponse when it cannot be. */
export function readCiAnswer<T>(
  action: string,
  body: string,
  requestId: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
): T {
  let document: unknown;
  try {
    document = parseCiXml(body);
  } catch (error) {
    throw invalidCiAnswer(action, requestId, (error as Error).message);
  }
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidCiAnswer(
      action,
      requestId,
      `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unexpected shape'}`,
    );
  }
  return parsed.data;
}

/** CI answered 2xx with something we cannot read; repeating the call will not change that. */
export function invalidCiAnswer(action: string, requestId: string, problem: string): TencentApiError {
  return new TencentApiError({
    action,
    code: 'InvalidResponse',
    message: `unreadable CI answer (${problem}); keep the request id for Tencent support`,
    requestId,
    retryable: false,
  });
}
