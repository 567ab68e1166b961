/**
 * The API 3.0 response envelope: always HTTP 200 and JSON `{"Response": {...fields, "RequestId"}}`,
 * with `Response.Error {Code, Message}` for failures (the "Return Results" page of every API 3.0
 * product; the node SDK only looks at `Response.Error` after a 200).
 */

import type { EmulatorResponse } from '../service.js';
import { writeLosslessJson } from './lossless-json.js';

/** A success: the action's fields plus the request id. */
export function api3Success(
  requestId: string,
  fields: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return jsonResponse({ Response: { ...fields, RequestId: requestId } }, headers);
}

/** A failure in Tencent's shape. */
export function api3Failure(
  requestId: string,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return jsonResponse(
    { Response: { Error: { Code: code, Message: message }, RequestId: requestId } },
    headers,
  );
}

function jsonResponse(body: unknown, headers: Readonly<Record<string, string>>): EmulatorResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
    body: writeLosslessJson(body),
  };
}
