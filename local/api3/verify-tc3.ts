/**
 * Checks an API 3.0 request's TC3-HMAC-SHA256 signature the way Tencent does: over the headers the
 * client chose to sign (whatever they are, as long as host and content-type are among them), the exact
 * body bytes, the timestamp within 5 minutes of the server clock, the credential scope's date and
 * service, and the session token of temporary credentials (docs api 1427/56189 and the API 3.0
 * common error codes). The arithmetic is the emulator's own (tc3-expected.ts), not the pipeline's signer.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Accounts } from '../context.js';
import type { EmulatorRequest } from '../service.js';
import { Api3Error } from './api3-error.js';
import { expectedTc3Signature, readTc3Header, scopeDate, TC3 } from './tc3-expected.js';

/** Tencent allows 5 minutes between X-TC-Timestamp and its clock, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Who signed a request that verified. */
export interface VerifiedCaller {
  readonly secretId: string;
  readonly temporary: boolean;
}

/**
 * Verifies the request or throws Api3Error with Tencent's code. `service` is the first label of the
 * API host ('asr'), which the credential scope must name.
 */
export function verifyTc3(
  request: EmulatorRequest,
  service: string,
  accounts: Accounts & { isTemporary?: (secretId: string) => boolean },
): VerifiedCaller {
  const header = single(request.headers.authorization);
  if (header === undefined || header === '') {
    throw new Api3Error('AuthFailure.InvalidAuthorization', 'The Authorization header is missing.');
  }
  const authorization = readTc3Header(header);
  if (!authorization || authorization.algorithm !== TC3) {
    throw new Api3Error(
      'AuthFailure.InvalidAuthorization',
      'Authorization header is not in the TC3-HMAC-SHA256 format: TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/<service>/tc3_request, SignedHeaders=<headers>, Signature=<hex>.',
    );
  }
  const signed = authorization.signedHeaders;
  if (!signed.includes('host') || !signed.includes('content-type')) {
    throw new Api3Error(
      'AuthFailure.InvalidAuthorization',
      'SignedHeaders must include content-type and host.',
    );
  }

  const timestampText = single(request.headers['x-tc-timestamp']) ?? '';
  const timestamp = Number(timestampText);
  if (!/^\d+$/.test(timestampText) || !Number.isSafeInteger(timestamp)) {
    throw new Api3Error('InvalidParameter', 'X-TC-Timestamp must be a unix time in seconds.');
  }
  const serverSeconds = Math.floor(request.receivedAt / 1000);
  if (Math.abs(request.receivedAt - timestamp * 1000) > MAX_CLOCK_SKEW_MS) {
    throw new Api3Error(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp ${timestamp} differs from the server time ${serverSeconds} by more than 5 minutes; check the local clock.`,
    );
  }

  const account = accounts.lookup(authorization.secretId);
  if (!account) {
    if (accounts.isTemporary?.(authorization.secretId)) {
      throw new Api3Error(
        'AuthFailure.TokenFailure',
        'The temporary credentials have expired; request new ones from STS.',
      );
    }
    throw new Api3Error(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  }
  const temporary = account.token !== undefined;
  if (temporary) {
    const token = single(request.headers['x-tc-token']);
    if (token === undefined || token === '') {
      throw new Api3Error('AuthFailure.TokenFailure', 'Temporary credentials require the X-TC-Token header.');
    }
    if (!equalText(token, account.token ?? '')) {
      throw new Api3Error('AuthFailure.TokenFailure', 'The X-TC-Token does not belong to this SecretId.');
    }
  }

  if (authorization.date !== scopeDate(timestamp)) {
    throw new Api3Error(
      'AuthFailure.SignatureFailure',
      `The date ${authorization.date} in Credential is not the UTC date of X-TC-Timestamp (${scopeDate(timestamp)}).`,
    );
  }
  if (authorization.service !== service) {
    throw new Api3Error(
      'AuthFailure.SignatureFailure',
      `The service '${authorization.service}' in Credential does not match this endpoint ('${service}').`,
    );
  }

  const signedValues: [string, string][] = [];
  for (const name of signed) {
    const value = single(request.headers[name]);
    if (value === undefined) {
      throw new Api3Error(
        'AuthFailure.SignatureFailure',
        `Signed header '${name}' is missing from the request.`,
      );
    }
    signedValues.push([name, value]);
  }
  const expected = expectedTc3Signature({
    method: request.method,
    query: request.method === 'GET' ? request.rawQuery : '',
    signedValues,
    body: request.body,
    service,
    timestamp,
    secretKey: account.secretKey,
  });
  if (request.rawPath !== '/' || !equalText(expected, authorization.signature)) {
    throw new Api3Error(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  return { secretId: authorization.secretId, temporary };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
