/**
 * The emulator's own COS q-sign arithmetic (q-sign-algorithm=sha1), written from the server's side and
 * apart from the pipeline's signer, so that a mistake there cannot be mirrored here. It recomputes the
 * signature over exactly the headers and parameters the client listed, over the decoded path.
 * Source: COS "Request Signature" (docs product 436/7778); proven on its worked examples
 * (test/fixtures/vectors/cos.json) and on requests signed by cos-nodejs-sdk-v5.
 */
import { createHash, createHmac } from 'node:crypto';

/** The q-* fields of an Authorization header or a presigned URL. */
export interface QSign {
  readonly algorithm: string;
  readonly secretId: string;
  readonly keyTime: string;
  /** Lower-case encoded header names as listed ([] when none). */
  readonly headerList: readonly string[];
  /** Lower-case encoded parameter names as listed ([] when none). */
  readonly urlParamList: readonly string[];
  readonly signature: string;
}

/** What the server signs: lower-case names with their raw values. */
export interface QSignSubject {
  readonly method: string;
  /** The decoded path, starting with '/'. */
  readonly path: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly params: ReadonlyMap<string, string>;
  readonly keyTime: string;
}

/** The recomputed signature, with the HttpString for a log line. */
export interface QSignExpected {
  readonly signature: string;
  readonly httpString: string;
}

const FIELDS = [
  'q-sign-algorithm',
  'q-ak',
  'q-sign-time',
  'q-key-time',
  'q-header-list',
  'q-url-param-list',
  'q-signature',
];

/** Reads the q-* fields (values may be %-encoded); undefined unless each field is there exactly once. */
export function readQSign(text: string): QSign | undefined {
  const found = new Map<string, string>();
  for (const part of text.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!FIELDS.includes(name)) continue;
    if (found.has(name)) return undefined;
    const value = decodeOrUndefined(eq < 0 ? '' : part.slice(eq + 1));
    if (value === undefined) return undefined;
    found.set(name, value);
  }
  if (FIELDS.some((name) => !found.has(name))) return undefined;
  const list = (name: string) => {
    const value = found.get(name) ?? '';
    return value === '' ? [] : value.split(';');
  };
  return {
    algorithm: found.get('q-sign-algorithm') ?? '',
    secretId: found.get('q-ak') ?? '',
    keyTime: found.get('q-key-time') ?? '',
    headerList: list('q-header-list'),
    urlParamList: list('q-url-param-list'),
    signature: found.get('q-signature') ?? '',
  };
}

/** COS UrlEncode: every byte but A-Z a-z 0-9 - _ . ~ as %XX. */
export function qSignEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const literal =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    out += literal ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The signature the request should carry, for the given secret key. */
export function expectedQSignature(subject: QSignSubject, secretKey: string): QSignExpected {
  const httpString = `${subject.method.toLowerCase()}\n${subject.path}\n${pairs(subject.params)}\n${pairs(subject.headers)}\n`;
  const sha1 = createHash('sha1').update(httpString).digest('hex');
  const stringToSign = `sha1\n${subject.keyTime}\n${sha1}\n`;
  const signKey = createHmac('sha1', secretKey).update(subject.keyTime).digest('hex');
  return { signature: createHmac('sha1', signKey).update(stringToSign).digest('hex'), httpString };
}

/** `k=v&...`: keys lower-cased and encoded, values encoded, sorted by encoded key. */
function pairs(values: ReadonlyMap<string, string>): string {
  const encoded = [...values].map(([name, value]) => [
    qSignEncode(name.toLowerCase()).toLowerCase(),
    qSignEncode(value),
  ]);
  encoded.sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
