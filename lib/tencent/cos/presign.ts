/**
 * Presigned COS GET URLs (doc 436/7778 "signature in the URL"; 436/35153 for the token). Computed with our own
 * signer (lib/sign) rather than the SDK's `getObjectUrl`, whose synchronous form leaves the session
 * token unencoded and which cannot see per-request credentials from our `getAuthorization` hook.
 * The signature covers only `host`, so whoever receives the URL (ASR, CI, a browser) can fetch it
 * with any headers. With temporary credentials the URL carries the session token and stops working
 * when that token expires, whatever `expiresInSeconds` says.
 */
import { presignCosUrl } from '../../sign/cos-sign.js';
import type { Credentials } from '../credentials.js';
import { hasDotSegment } from './object-key.js';

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
  const nowSeconds = Math.floor(request.now / 1000);
  return presignCosUrl(
    {
      host: `${request.bucket}.cos.${request.region}.myqcloud.com`,
      key: request.key,
      protocol: request.protocol,
      keyTime: {
        start: nowSeconds - clockSkewAllowanceSeconds,
        end: nowSeconds + request.expiresInSeconds,
      },
    },
    request.credentials,
  );
}
