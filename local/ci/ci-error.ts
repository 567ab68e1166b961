/**
 * CI's request-level errors. CI documents the COS-style `<Error>` body without `<Resource>` (CI error
 * codes page, tencentcloud.com/document/product/1045/43611): Code, Message, RequestId, TraceId, with
 * `Content-Type: application/xml` and a 3xx/4xx/5xx status. Codes reuse COS's names
 * (AccessDenied, SignatureDoesNotMatch, InvalidArgument, MalformedXML, NoSuchBucket, ...).
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorResponse } from '../service.js';
import { toXml } from './xml.js';

/** A request CI refuses; thrown inside the service and turned into the XML error answer. */
export class CiError extends Error {
  override readonly name = 'CiError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A fresh request id in the style of `x-ci-request-id` (base64 of random bytes). */
export function newRequestId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The common headers CI answers with (recorded response: `Server: tencent-ci`, `x-ci-request-id`,
 * `Date`). The Date matters: cos-nodejs-sdk-v5 re-syncs its clock from it after RequestTimeTooSkewed.
 */
export function ciHeaders(requestId: string, nowMs: number): Record<string, string> {
  return {
    'Content-Type': 'application/xml',
    Date: new Date(nowMs).toUTCString(),
    Server: 'tencent-ci',
    'x-ci-request-id': requestId,
  };
}

/** Renders a CiError in CI's XML error shape. */
export function ciErrorResponse(error: CiError, requestId: string, nowMs: number): EmulatorResponse {
  const body =
    "<?xml version='1.0' encoding='utf-8' ?>" +
    toXml({
      Error: {
        Code: error.code,
        Message: error.message,
        RequestId: requestId,
        TraceId: randomBytes(24).toString('base64url'),
      },
    });
  return { status: error.status, headers: ciHeaders(requestId, nowMs), body };
}
