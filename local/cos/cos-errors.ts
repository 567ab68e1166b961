/**
 * COS errors in COS's XML shape (https://intl.cloud.tencent.com/document/api/436/7730): Code, Message,
 * Resource, RequestId, TraceId, with the HTTP status COS uses for each code. The messages follow what COS
 * and the SDK's retry logic expect: cos-nodejs-sdk-v5 treats `AccessDenied` + exactly "Request has
 * expired" like `RequestTimeTooSkewed` and corrects its clock from our Date header before retrying.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorResponse } from '../service.js';
import { xmlEscape } from './xml.js';

/** The COS error codes the emulator answers with, and their HTTP status. */
export const COS_ERROR_STATUS = {
  AccessDenied: 403,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketNotEmpty: 409,
  EntityTooSmall: 400,
  EntityTooLarge: 400,
  FileAlreadyExists: 409,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  // Not in the error table the emulator was built from: the code is assumed by analogy (S3 answers
  // KeyTooLongError); the 850-byte limit is COS's (doc 436/13324).
  KeyTooLong: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  MalformedXML: 400,
  MethodNotAllowed: 405,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NotImplemented: 501,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
} as const;

/** A COS error code the emulator knows. */
export type CosErrorCode = keyof typeof COS_ERROR_STATUS;

/** A fresh request id in the base64 style of `x-cos-request-id`. */
export function newCosRequestId(): string {
  return randomBytes(24).toString('base64');
}

/** An error response; `headerName` is x-ci-request-id on CI hosts. */
export function cosError(
  code: CosErrorCode,
  message: string,
  options: { resource?: string; requestId?: string; headerName?: string; now?: number } = {},
): EmulatorResponse {
  const requestId = options.requestId ?? newCosRequestId();
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>${code}</Code>\n\t<Message>${xmlEscape(message)}</Message>\n` +
    `\t<Resource>${xmlEscape(options.resource ?? '')}</Resource>\n\t<RequestId>${requestId}</RequestId>\n` +
    `\t<TraceId>${randomBytes(32).toString('base64')}</TraceId>\n</Error>`;
  return {
    status: COS_ERROR_STATUS[code],
    headers: {
      'content-type': 'application/xml',
      [options.headerName ?? 'x-cos-request-id']: requestId,
      server: 'tencent-cos',
      ...(options.now === undefined ? {} : { date: new Date(options.now).toUTCString() }),
    },
    body,
  };
}
