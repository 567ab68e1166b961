/**
 * TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0 (ASR, MPS, STS, ...). A pure function of
 * the request and the credentials: no clock, no I/O. The caller chooses the timestamp, so tests and
 * the emulator's verifier recompute the exact same value.
 *
 * Facts (docs/tencent-wire.md §1.2, official vectors in test/fixtures/vectors/tc3.json):
 * - canonical headers are `name:value\n` with name AND value lower-cased and trimmed (the doc's
 *   x-tc-action example signs `describeinstances`), sorted by name;
 * - the payload hash is over the exact bytes sent (a `\u`-escaped body hashes differently from raw UTF-8);
 * - the date in the credential scope is the UTC date of the timestamp.
 */
import { createHash, createHmac } from 'node:crypto';

/** What TC3 signs. */
export interface Tc3Input {
  /** HTTP method, upper case as sent ('POST', 'GET'). */
  readonly method: string;
  /** Host the request is addressed to (the real Tencent host, even when dialling an emulator). */
  readonly host: string;
  /** Canonical URI, '/' for API 3.0. */
  readonly path: string;
  /** Canonical query string: '' for POST; for GET the text after '?' as sent. */
  readonly query: string;
  /** Exactly the headers to sign, any name case; must include host and content-type. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (a string is hashed as UTF-8). */
  readonly payload: string | Uint8Array;
  /** Service name, the first label of the host ('asr', 'mps'). */
  readonly service: string;
  /** X-TC-Timestamp, unix seconds. */
  readonly timestamp: number;
}

/** Every intermediate value of a TC3 signature, so tests and verifiers can compare step by step. */
export interface Tc3Signature {
  readonly authorization: string;
  readonly canonicalRequest: string;
  readonly hashedCanonicalRequest: string;
  readonly stringToSign: string;
  readonly credentialScope: string;
  readonly signedHeaders: string;
  readonly signature: string;
  /** YYYY-MM-DD, the UTC date of the timestamp. */
  readonly date: string;
}

/** The fields of a TC3 Authorization header. */
export interface Tc3Authorization {
  readonly algorithm: string;
  readonly secretId: string;
  readonly date: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** The only algorithm API 3.0 defines for signature v3. */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** Signs one API 3.0 request with TC3-HMAC-SHA256 and returns every intermediate value. */
export function signTc3(
  input: Tc3Input,
  credentials: { readonly secretId: string; readonly secretKey: string },
): Tc3Signature {
  const pairs: [string, string][] = [];
  for (const rawName in input.headers) {
    const name = rawName.trim().toLowerCase();
    const value = String(input.headers[rawName]).trim().toLowerCase();
    const same = pairs.findIndex((pair) => pair[0] === name);
    // Two spellings of one header ('Host' and 'host'): the last one given wins, signed once.
    if (same >= 0) pairs.splice(same, 1);
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => compareAscii(a[0], b[0]));
  let canonicalHeaders = '';
  let signedHeaders = '';
  for (const [name, value] of pairs) {
    canonicalHeaders += `${name}:${value}\n`;
    signedHeaders += signedHeaders ? `;${name}` : name;
  }

  const canonicalRequest = `${input.method}\n${input.path}\n${input.query}\n${canonicalHeaders}\n${signedHeaders}\n${sha256Hex(input.payload)}`;
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const date = utcDate(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `${TC3_ALGORITHM}\n${input.timestamp}\n${credentialScope}\n${hashedCanonicalRequest}`;

  const signature = createHmac('sha256', signingKey(credentials.secretKey, date, input.service))
    .update(stringToSign)
    .digest('hex');

  return {
    authorization: `${TC3_ALGORITHM} Credential=${credentials.secretId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    canonicalRequest,
    hashedCanonicalRequest,
    stringToSign,
    credentialScope,
    signedHeaders,
    signature,
    date,
  };
}

const AUTHORIZATION_PATTERN =
  /^(\S+) Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`.
 * Returns undefined for anything else, so a verifier can answer AuthFailure.SignatureFailure.
 * The algorithm is returned as written: the verifier decides whether it is acceptable.
 */
export function parseTc3Authorization(header: string): Tc3Authorization | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (!match) return undefined;
  const [, algorithm = '', secretId = '', date = '', service = '', signedHeaders = '', signature = ''] =
    match;
  return { algorithm, secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** UTC calendar date of a unix-seconds timestamp, as YYYY-MM-DD. */
export function utcDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/**
 * The derived key depends only on (secret key, date, service), so the last one is kept: three of
 * the five HMACs per request are saved while one service is called with one key on one day (the
 * AWS SigV4 signer caches its signing key the same way). One entry: nothing accumulates.
 */
let lastSigningKey: { secretKey: string; date: string; service: string; key: Buffer } | undefined;

function signingKey(secretKey: string, date: string, service: string): Buffer {
  const last = lastSigningKey;
  if (last && last.secretKey === secretKey && last.date === date && last.service === service) return last.key;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  lastSigningKey = { secretKey, date, service, key };
  return key;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
