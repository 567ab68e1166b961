/**
 * Presigned COS GET URLs (doc 436/7778 "signature in the URL"; 436/35153 for the token). Computed here
 * rather than with the SDK's `getObjectUrl`, whose synchronous form leaves `;` and the session token
 * unencoded and which cannot see per-request credentials from our `getAuthorization` hook.
 * The signature covers only `host`, so whoever receives the URL (ASR, CI, a browser) can fetch it
 * with any headers. Signing itself is the official static signer; swap in lib/sign once it lands.
 */
import COS from 'cos-nodejs-sdk-v5';
import type { Credentials } from '../credentials.js';
import { cosUrlEncode, hasDotSegment, objectPath } from './object-key.js';

/** What to presign. */
export interface PresignRequest {
  readonly bucket: string;
  readonly region: string;
  readonly key: string;
  readonly expiresInSeconds: number;
  readonly credentials: Credentials;
  /** 'https:' for Tencent; the emulator serves its own COS host over 'http:' too. */
  readonly protocol: 'http:' | 'https:';
  /** Clock in ms. */
  readonly now: number;
}

/**
 * Allowance for a server clock running behind ours: the signature becomes valid this many seconds
 * before now, so a URL used at once is not refused as "not yet valid".
 */
const clockSkewAllowanceSeconds = 60;

/** A URL that GETs the object until `expiresInSeconds` from `now`. */
export function presignGetUrl(request: PresignRequest): string {
  if (hasDotSegment(request.key)) {
    throw new RangeError(
      `cannot presign "${request.key}": URL parsers collapse "." and ".." path segments, so the URL would name another object; rename the object`,
    );
  }
  if (!Number.isInteger(request.expiresInSeconds) || request.expiresInSeconds <= 0) {
    throw new RangeError(`expiresInSeconds must be a positive integer, got ${request.expiresInSeconds}`);
  }
  const host = `${request.bucket}.cos.${request.region}.myqcloud.com`;
  const nowSeconds = Math.floor(request.now / 1000);
  const keyTime = `${nowSeconds - clockSkewAllowanceSeconds};${nowSeconds + request.expiresInSeconds}`;
  const authorization = COS.getAuthorization({
    SecretId: request.credentials.secretId,
    SecretKey: request.credentials.secretKey,
    Method: 'get',
    Pathname: `/${request.key}`,
    Headers: { host },
    KeyTime: keyTime,
  });
  const query = authorization
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      return `${pair.slice(0, at)}=${cosUrlEncode(pair.slice(at + 1))}`;
    })
    .join('&');
  const token = request.credentials.token
    ? `&x-cos-security-token=${cosUrlEncode(request.credentials.token)}`
    : '';
  return `${request.protocol}//${host}${objectPath(request.key)}?${query}${token}`;
}
