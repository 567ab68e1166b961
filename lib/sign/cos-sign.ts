/**
 * COS request signature (`q-sign-algorithm=sha1`), header and presigned-URL forms. Pure functions:
 * the caller passes the key time, so signatures are reproducible and verifiable.
 *
 * Byte-compatible with cos-nodejs-sdk-v5 3.0.0 `COS.getAuthorization` (sdk/util.js getAuth), whose
 * quirks a verifier must reproduce exactly (docs/tencent-wire.md §2):
 * - keys are UrlEncoded (encodeURIComponent plus ! ' ( ) *) and THEN lower-cased, values are encoded
 *   as given; a key without value signs as `key=`;
 * - q-header-list / q-url-param-list are sorted by the encoded key, but HttpHeaders / HttpParameters
 *   are sorted by the RAW key lower-cased. The two orders differ for non-ASCII keys ('aé' vs 'az'),
 *   so they are computed separately;
 * - the path is the decoded object path.
 */
import { createHash, createHmac } from 'node:crypto';

/** What a COS signature covers. */
export interface CosSignInput {
  /** HTTP method, any case (signed lower-cased). */
  readonly method: string;
  /** Decoded object path starting with '/', e.g. '/dir/腾讯云.mp3' ('/' is prefixed when missing). */
  readonly pathname: string;
  /** The query parameters to sign; '' or undefined is a key without value (`?acl`). */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Exactly the headers to sign (see `selectCosSignedHeaders` for the SDK's choice). */
  readonly headers: Readonly<Record<string, string>>;
  /** Validity window, unix seconds. */
  readonly keyTime: { readonly start: number; readonly end: number };
}

/** Every intermediate value of a COS signature. */
export interface CosSignature {
  /** `q-sign-algorithm=sha1&q-ak=..&q-sign-time=..&q-key-time=..&q-header-list=..&q-url-param-list=..&q-signature=..` */
  readonly authorization: string;
  readonly signKey: string;
  /** lower(method)\npath\nHttpParameters\nHttpHeaders\n */
  readonly httpString: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly headerList: string;
  readonly urlParamList: string;
}

/** The q-* fields of a COS Authorization (header value or presigned-URL query). */
export interface CosAuthorization {
  readonly algorithm: string;
  readonly secretId: string;
  readonly signTime: string;
  readonly keyTime: string;
  /** Lower-case encoded header names, in signed order ([] when none). */
  readonly headerList: string[];
  /** Lower-case encoded parameter names, in signed order ([] when none). */
  readonly urlParamList: string[];
  readonly signature: string;
}

/** Signs a COS request; the result's `authorization` goes in the Authorization header as is. */
export function signCos(
  input: CosSignInput,
  credentials: { readonly secretId: string; readonly secretKey: string },
): CosSignature {
  const keyTime = `${input.keyTime.start};${input.keyTime.end}`;
  const pathname = input.pathname.startsWith('/') ? input.pathname : `/${input.pathname}`;
  const headers = canonicalPairs(input.headers);
  const params = canonicalPairs(input.query);

  const httpString = `${input.method.toLowerCase()}\n${pathname}\n${params.pairs}\n${headers.pairs}\n`;
  const stringToSign = `sha1\n${keyTime}\n${createHash('sha1').update(httpString).digest('hex')}\n`;
  const signKey = createHmac('sha1', credentials.secretKey).update(keyTime).digest('hex');
  const signature = createHmac('sha1', signKey).update(stringToSign).digest('hex');
  const authorization =
    `q-sign-algorithm=sha1&q-ak=${credentials.secretId}&q-sign-time=${keyTime}&q-key-time=${keyTime}` +
    `&q-header-list=${headers.list}&q-url-param-list=${params.list}&q-signature=${signature}`;
  return {
    authorization,
    signKey,
    httpString,
    stringToSign,
    signature,
    headerList: headers.list,
    urlParamList: params.list,
  };
}

/**
 * Parses the q-* fields from an Authorization header value or a presigned URL's query string
 * (either may be %-encoded: a URL carries `1557989753%3B1557996953`). Undefined unless every field
 * is present once.
 */
export function parseCosAuthorization(value: string): CosAuthorization | undefined {
  const fields = new Map<string, string>();
  for (const part of value.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq);
    if (!name.startsWith('q-')) continue;
    if (fields.has(name)) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return undefined;
    }
    fields.set(name, decoded);
  }
  const get = (name: string) => fields.get(name);
  const algorithm = get('q-sign-algorithm');
  const secretId = get('q-ak');
  const signTime = get('q-sign-time');
  const keyTime = get('q-key-time');
  const headerList = get('q-header-list');
  const urlParamList = get('q-url-param-list');
  const signature = get('q-signature');
  if (
    algorithm === undefined ||
    secretId === undefined ||
    signTime === undefined ||
    keyTime === undefined ||
    headerList === undefined ||
    urlParamList === undefined ||
    signature === undefined
  ) {
    return undefined;
  }
  const split = (list: string) => (list === '' ? [] : list.split(';'));
  return {
    algorithm,
    secretId,
    signTime,
    keyTime,
    headerList: split(headerList),
    urlParamList: split(urlParamList),
    signature,
  };
}

/** Inputs of a presigned object URL. */
export interface PresignCosUrlInput {
  /** Bucket host, e.g. 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com'. */
  readonly host: string;
  /** Object key, decoded; one leading '/' is dropped, as the SDK does ('/a.mp3' and 'a.mp3' are one object). */
  readonly key: string;
  /** 'https:' by default. */
  readonly protocol?: 'http:' | 'https:';
  /** 'GET' by default. */
  readonly method?: string;
  /** Extra query parameters, signed and appended to the URL (e.g. response-content-type). */
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Headers the eventual request must carry and that are signed; `host` is added unless present. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly keyTime: { readonly start: number; readonly end: number };
}

/**
 * A presigned COS URL in the form `cos.getObjectUrl` of cos-nodejs-sdk-v5 returns to its callback:
 * `<url>?q-sign-algorithm=..&q-url-param-list=<re-encoded>..&q-signature=..[&x-cos-security-token=..][&<query>]`.
 * Host is signed (as the SDK does by default) so the URL cannot be replayed against another bucket.
 * The token is %-encoded here, unlike the SDK, so tokens with '+' or '/' survive query parsing.
 */
export function presignCosUrl(
  input: PresignCosUrlInput,
  credentials: { readonly secretId: string; readonly secretKey: string; readonly token?: string },
): string {
  const headers: Record<string, string> = {};
  let hasHost = false;
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    // The SDK drops empty-valued headers before signing (base.js getAuthorizationAsync).
    if (value === '') continue;
    if (name.toLowerCase() === 'host') hasHost = true;
    headers[name] = value;
  }
  if (!hasHost) headers.host = input.host;
  const query = input.query ?? {};
  const key = input.key.startsWith('/') ? input.key.slice(1) : input.key;
  const signed = signCos(
    { method: input.method ?? 'GET', pathname: `/${key}`, query, headers, keyTime: input.keyTime },
    credentials,
  );
  // q-url-param-list is encoded once more (';' -> %3b) for CI compatibility, as the SDK's callback form does.
  const authorization = signed.authorization.replace(
    /q-url-param-list=[^&]*/,
    `q-url-param-list=${encodeURIComponent(signed.urlParamList).toLowerCase()}`,
  );
  let url = `${input.protocol ?? 'https:'}//${input.host}/${cosUrlEncode(key).replace(/%2F/g, '/')}?${authorization}`;
  if (credentials.token) url += `&x-cos-security-token=${cosUrlEncode(credentials.token)}`;
  const extra = encodedPairs(query);
  if (extra) url += `&${extra}`;
  return url;
}

/**
 * The headers cos-nodejs-sdk-v5 chooses to sign out of a request's headers (util.js getSignHeaderObj):
 * any name containing `x-cos-` or `x-ci-`, and a fixed list of standard headers. `date` is not in it.
 */
export function selectCosSignedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower.includes('x-cos-') || lower.includes('x-ci-') || SDK_SIGNED_HEADERS.has(lower)) {
      selected[name] = headers[name] as string;
    }
  }
  return selected;
}

const SDK_SIGNED_HEADERS = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-length',
  'content-md5',
  'content-type',
  'expect',
  'expires',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'range',
  'transfer-encoding',
  'pic-operations',
]);

/**
 * The path and query of a COS or CI request URL as the COS SDK writes them: each path segment
 * UrlEncoded with '/' kept, then `?k=v&...` in the order given, a parameter with no value (undefined
 * or '') as its bare name (`?versioning`, `?cancel`). The signature is computed over the same pairs.
 */
export function cosRequestTarget(path: string, query?: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(query ?? {}).map(([name, value]) =>
    value ? `${cosUrlEncode(name)}=${cosUrlEncode(value)}` : cosUrlEncode(name),
  );
  return `${path.split('/').map(cosUrlEncode).join('/')}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

/** COS UrlEncode: only A-Za-z0-9 - _ . ~ stay literal (encodeURIComponent also keeps ! ' ( ) *). */
export function cosUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalPairs(record: Readonly<Record<string, string | undefined>>): {
  list: string;
  pairs: string;
} {
  const keys = Object.keys(record);
  if (keys.length === 0) return { list: '', pairs: '' };
  const entries = keys.map((key) => ({
    key,
    lower: key.toLowerCase(),
    encoded: cosUrlEncode(key).toLowerCase(),
  }));
  // Default sort compares UTF-16 code units, as the SDK's `a > b` does.
  const list = entries
    .map((entry) => entry.encoded)
    .sort()
    .join(';');
  entries.sort((a, b) => compareCodeUnits(a.lower, b.lower));
  let pairs = '';
  for (const { key, encoded } of entries) {
    pairs += `${pairs ? '&' : ''}${encoded}=${encodeValue(record[key])}`;
  }
  return { list, pairs };
}

/** `k=v&...` sorted by raw key lower-cased (stable), keys encoded as given (the URL form). */
function encodedPairs(record: Readonly<Record<string, string | undefined>>): string {
  const keys = Object.keys(record).sort((a, b) => compareCodeUnits(a.toLowerCase(), b.toLowerCase()));
  let out = '';
  for (const key of keys) out += `${out ? '&' : ''}${cosUrlEncode(key)}=${encodeValue(record[key])}`;
  return out;
}

function encodeValue(value: string | undefined | null): string {
  return value === undefined || value === null ? '' : cosUrlEncode(String(value));
}

function compareCodeUnits(a: string, b: string): number {
  return a === b ? 0 : a > b ? 1 : -1;
}
