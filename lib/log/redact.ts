/**
 * The last line of defence before anything is written to a log: secrets must never leave the
 * function (STYLE "Security"). Three nets, because each alone has holes:
 * 1. known secret values (the HMAC secret, the role's secret key and session token) are replaced
 *    wherever they appear, even inside longer strings;
 * 2. fields whose name says secret (secretKey, TmpSecretKey, SecretAccessKey, token, signature,
 *    authorization, password, sig) are replaced whatever their value, in objects and in arrays that
 *    list names and values side by side (`[name, value]` pairs, Node's flat `rawHeaders`);
 * 3. secret-shaped text in strings is cut: `name=value` and `"name": "value"` for the same names
 *    (also as JSON text inside a string, escaped quotes and all, and percent-encoded once or twice,
 *    the way a presigned URL sits inside another URL's query), `Signature=` of TC3 headers, and the
 *    whole of a COS `Authorization` value (`q-sign-algorithm=...`).
 * Stored records get the same treatment for their free text (the job ledger's error messages, claim
 * release reasons): everything that leaves the process, not only log lines.
 */

/** What replaces a secret. */
export const redacted = '[redacted]';

// Field names that hold secrets, matched on the name with separators removed, case-insensitive.
// `secretid` is deliberately absent: the id is not secret and helps support; it is masked elsewhere.
const secretFieldNames = new Set([
  'secretkey',
  'secret',
  'token',
  'sessiontoken',
  'securitytoken',
  'xcossecuritytoken',
  'xcisecuritytoken',
  'xtctoken',
  'signature',
  'qsignature',
  'sig',
  'authorization',
  'password',
  'hmacsecret',
  'callbacksecret',
  'callbacksecretprevious',
  'tencentcloudsecretkey',
  'tencentcloudsessiontoken',
  // STS GetFederationToken's Credentials, and the AWS-style name S3-compatible tools log.
  'tmpsecretkey',
  'secretaccesskey',
  'accesskeysecret',
]);

// Names whose values are credentials in `name=value`, `name: value` and `"name":"value"` text. `-` or
// `_` may separate the words (TmpSecretKey, tmp_secret_key, x-cos-security-token).
const secretNames =
  'q-signature|sig|signature|x-(?:cos|ci)-security-token|x-tc-token|token|(?:security|session)[-_]?token|(?:tmp[-_]?)?secret[-_]?(?:access[-_]?)?key|access[-_]?key[-_]?secret|password';
// Before the name: a delimiter of URLs, headers, JSON or words, or `&`/`?` percent-encoded once or
// twice. After it: an optional (escaped) closing quote, `=`/`:` (or encoded `=`), an optional opening
// quote. The value runs to the next delimiter, stopping at an encoded `&` too.
const secretParameter = new RegExp(
  `((?:^|[?&\\s,;"'{(_-]|%26|%3F|%2526|%253F)(?:${secretNames})\\\\?"?\\s*(?:[=:]|%3D|%253D)\\s*\\\\?"?)(?:(?!%26|%2526)[^&\\s"'\\\\,;)}])+`,
  'gi',
);
// A COS authorization string carries its signature inside; keep only the algorithm marker.
const cosAuthorization = /q-sign-algorithm=[^\s"',]+/gi;
// TC3-HMAC-SHA256 Credential=AKID.../..., SignedHeaders=..., Signature=<hex>
const tc3Signature = /(Signature=)[0-9a-f]{16,}/gi;

/** Builds a redactor that also knows the secret values in use (empty strings are ignored). */
export function createRedactor(
  secretValues: readonly (string | undefined)[] = [],
): (value: unknown) => unknown {
  // Longest first so a secret that contains another is replaced whole. Very short values would
  // redact ordinary words; real secrets are long, and names/shapes still catch the rest.
  const secrets = [
    ...new Set(secretValues.filter((s): s is string => s !== undefined && s.length >= 8)),
  ].sort((a, b) => b.length - a.length);
  const redactString = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(redacted);
    // Secrets may also sit URL-encoded inside a URL (tokens often contain '+', '/', '=').
    for (const secret of secrets) {
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(redacted);
    }
    out = out.replace(cosAuthorization, `q-sign-algorithm=${redacted}`);
    out = out.replace(tc3Signature, `$1${redacted}`);
    return out.replace(secretParameter, `$1${redacted}`);
  };
  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (value instanceof Error) {
      // Errors carry messages and causes that may quote a URL; keep their useful fields.
      const error = value as Error & { code?: unknown; requestId?: unknown; retryable?: unknown };
      return walk(
        {
          name: error.name,
          message: error.message,
          code: error.code,
          requestId: error.requestId,
          retryable: error.retryable,
          cause: error.cause,
        },
        seen,
      );
    }
    if (Array.isArray(value)) {
      // A value right after a secret's name is that secret: [name, value] pairs, flat raw headers.
      return value.map((item, index) =>
        index > 0 && isSecretName(value[index - 1]) && typeof item === 'string' ? redacted : walk(item, seen),
      );
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = isSecretName(key) ? redacted : walk(item, seen);
    }
    return out;
  };
  return (value) => walk(value, new WeakSet());
}

function isSecretName(name: unknown): boolean {
  return typeof name === 'string' && secretFieldNames.has(name.replace(/[-_\s]/g, '').toLowerCase());
}
