/**
 * The emulator's own TC3-HMAC-SHA256 arithmetic, written from the server's side and apart from the
 * pipeline's signer: the emulator recomputes what a request should carry from what arrived (the
 * headers the client named in SignedHeaders, in the client's order, and the body bytes as received),
 * so a mistake in the pipeline's signer cannot be mirrored here. Proven on the official worked
 * examples (test/fixtures/vectors/tc3.json) and on requests signed by the official SDKs.
 * Source: TencentCloud API 3.0 "Signature v3" (docs api 1427/56189).
 */
import { createHash, createHmac } from 'node:crypto';

/** The algorithm name API 3.0 defines. */
export const TC3 = 'TC3-HMAC-SHA256';

/** The parts of `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`. */
export interface Tc3Header {
  readonly algorithm: string;
  readonly secretId: string;
  readonly date: string;
  readonly service: string;
  /** Header names as the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** What the server has in hand to recompute a signature. */
export interface Tc3Received {
  readonly method: string;
  /** '' for POST; the raw query text for GET. */
  readonly query: string;
  /** Values of the signed headers, in SignedHeaders order. */
  readonly signedValues: readonly (readonly [name: string, value: string])[];
  readonly body: Uint8Array | string;
  readonly service: string;
  readonly timestamp: number;
  readonly secretKey: string;
}

const HEADER_SHAPE =
  /^(\S+) +Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, *SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$/;

/** Reads an Authorization header; undefined when it is not in the TC3 shape. */
export function readTc3Header(text: string): Tc3Header | undefined {
  const parts = HEADER_SHAPE.exec(text.trim());
  if (parts === null) return undefined;
  const [, algorithm, secretId, date, service, names, signature] = parts as unknown as string[];
  return {
    algorithm: algorithm as string,
    secretId: secretId as string,
    date: date as string,
    service: service as string,
    signedHeaders: (names as string).split(';'),
    signature: signature as string,
  };
}

/** The UTC day of a unix time in seconds, as the credential scope writes it. */
export function scopeDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The lower-case hex signature the request should carry. */
export function expectedTc3Signature(received: Tc3Received): string {
  const lines = received.signedValues.map(([name, value]) => `${name}:${value.trim().toLowerCase()}\n`);
  const names = received.signedValues.map(([name]) => name).join(';');
  const canonical = [received.method, '/', received.query, lines.join(''), names, sha256(received.body)].join(
    '\n',
  );
  const date = scopeDate(received.timestamp);
  const toSign = `${TC3}\n${received.timestamp}\n${date}/${received.service}/tc3_request\n${sha256(canonical)}`;
  let key: Buffer = hmac(`TC3${received.secretKey}`, date);
  key = hmac(key, received.service);
  key = hmac(key, 'tc3_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}
