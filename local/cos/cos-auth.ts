/**
 * Checks a COS request's q-sign signature the way COS does (https://intl.cloud.tencent.com/document/product/436/7778):
 * from the Authorization header or, for presigned URLs, from the query; recomputed over exactly the
 * headers and parameters the CLIENT listed in q-header-list / q-url-param-list (clients differ in what
 * they sign), over the decoded path; within the q-key-time window; with the session token a temporary
 * SecretId requires (x-cos-security-token, or x-ci-security-token on CI hosts, in a header or the query).
 *
 * Clock rules (COS documents the codes, not the exact thresholds; these follow S3, which COS mirrors):
 * a window that has ended is AccessDenied "Request has expired"; a window that starts more than 15 min
 * in the future, or a Date header more than 15 min off, is RequestTimeTooSkewed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Accounts } from '../context.js';
import type { CosErrorCode } from './cos-errors.js';
import { expectedQSignature, readQSign } from './q-sign.js';

/** How far a client clock may run ahead, and a Date header may drift, before COS calls it skewed. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** What a signature is checked against. */
export interface SignedRequest {
  readonly method: string;
  /** The request path, still percent-encoded. */
  readonly rawPath: string;
  /** Decoded query pairs. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: IncomingHttpHeaders;
  /** True on `*.ci.*` hosts, where the token travels as x-ci-security-token. */
  readonly ciHost?: boolean;
}

/** The outcome: the caller's SecretId, or a COS error code and message. */
export type AuthOutcome =
  | { readonly ok: true; readonly secretId: string; readonly anonymous: false }
  | { readonly ok: true; readonly anonymous: true }
  | { readonly ok: false; readonly code: CosErrorCode; readonly message: string; readonly detail?: string };

/** Verifies the request's signature; an unsigned request is `anonymous` (the caller decides whether that is allowed). */
export function verifyCosSignature(request: SignedRequest, accounts: Accounts, nowMs: number): AuthOutcome {
  const headerAuth = headerValue(request.headers, 'authorization');
  const queryMap = new Map(request.query.map(([key, value]) => [key.toLowerCase(), value] as const));
  let authText: string | undefined;
  if (headerAuth !== undefined && headerAuth !== '') {
    authText = headerAuth;
  } else if (queryMap.has('q-sign-algorithm') || queryMap.has('q-signature')) {
    // Presigned form: rebuild a q-* string from the decoded query values.
    authText = request.query
      .filter(([key]) => key.toLowerCase().startsWith('q-'))
      .map(([key, value]) => `${key.toLowerCase()}=${encodeURIComponent(value)}`)
      .join('&');
  }
  if (authText === undefined) return { ok: true, anonymous: true };

  const auth = readQSign(authText);
  if (!auth) {
    return {
      ok: false,
      code: 'AccessDenied',
      message: 'Invalid Authorization: every q-* field must be present once (see COS Request Signature).',
    };
  }
  if (auth.algorithm.toLowerCase() !== 'sha1') {
    return {
      ok: false,
      code: 'InvalidArgument',
      message: `q-sign-algorithm '${auth.algorithm}' is not supported: use sha1.`,
    };
  }
  const window = parseKeyTime(auth.keyTime);
  if (!window) {
    return {
      ok: false,
      code: 'AccessDenied',
      message: `Invalid q-key-time '${auth.keyTime}': expected start;end in unix seconds.`,
    };
  }

  const account = accounts.lookup(auth.secretId);
  if (!account) {
    return {
      ok: false,
      code: 'InvalidAccessKeyId',
      message: 'The Access Key Id you provided does not exist in our records.',
    };
  }
  if (account.token !== undefined) {
    const tokenName = request.ciHost ? 'x-ci-security-token' : 'x-cos-security-token';
    const token =
      headerValue(request.headers, tokenName) ??
      headerValue(request.headers, 'x-cos-security-token') ??
      queryMap.get(tokenName) ??
      queryMap.get('x-cos-security-token');
    if (token === undefined || !constantTimeEqual(token, account.token)) {
      return {
        ok: false,
        code: 'InvalidAccessKeyId',
        message: `The temporary Access Key Id needs its session token in ${tokenName}; it is missing or wrong.`,
      };
    }
  }

  const nowSeconds = Math.floor(nowMs / 1000);
  if (window.end < nowSeconds) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
  if (window.start * 1000 > nowMs + MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      code: 'RequestTimeTooSkewed',
      message: "The difference between the request time and the server's time is too large.",
    };
  }
  const date = headerValue(request.headers, 'date');
  if (date !== undefined && Math.abs(Date.parse(date) - nowMs) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      code: 'RequestTimeTooSkewed',
      message: "The difference between the request time and the server's time is too large.",
    };
  }

  const signedHeaders = new Map<string, string>();
  for (const name of auth.headerList) {
    const value = headerValue(request.headers, safeDecode(name));
    if (value === undefined) {
      return {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The Signature you specified is invalid.',
        detail: `header '${name}' is in q-header-list but not in the request`,
      };
    }
    signedHeaders.set(safeDecode(name), value);
  }
  const signedQuery = new Map<string, string>();
  for (const name of auth.urlParamList) {
    const key = safeDecode(name).toLowerCase();
    const value = queryMap.get(key);
    if (value === undefined) {
      return {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The Signature you specified is invalid.',
        detail: `parameter '${name}' is in q-url-param-list but not in the query`,
      };
    }
    signedQuery.set(key, value);
  }

  const path = safeDecode(request.rawPath);
  const expected = expectedQSignature(
    {
      method: request.method,
      path: path.startsWith('/') ? path : `/${path}`,
      params: signedQuery,
      headers: signedHeaders,
      keyTime: auth.keyTime,
    },
    account.secretKey,
  );
  if (!constantTimeEqual(expected.signature, auth.signature.toLowerCase())) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The Signature you specified is invalid.',
      // For the log: what the server signed, with any signed session token masked.
      detail: `server HttpString ${JSON.stringify(expected.httpString.replace(/(x-c(?:os|i)-security-token=)[^&\n]*/gi, '$1***'))}`,
    };
  }
  return { ok: true, secretId: auth.secretId, anonymous: false };
}

function parseKeyTime(text: string): { start: number; end: number } | undefined {
  const match = /^(\d{1,12});(\d{1,12})$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start <= end ? { start, end } : undefined;
}

/** One header's value (Node joins repeated headers with ', '). */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
