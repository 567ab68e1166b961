/**
 * The last line of defence before anything is written to a log: secrets must never leave the
 * function (STYLE "Security"). Three nets, because each alone has holes:
 * 1. known secret values (the HMAC secret, the role's secret key and session token) are replaced
 *    wherever they appear, even inside longer strings;
 * 2. fields whose name says secret (secretKey, token, signature, authorization, password, sig) are
 *    replaced whatever their value;
 * 3. signature-shaped text in strings is cut: `q-signature=`, `sig=`, `x-cos-security-token=`,
 *    `x-ci-security-token=`, `X-TC-Token`, `Signature=` of TC3 headers, and the whole of a COS
 *    `Authorization` value (`q-sign-algorithm=...`).
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
]);

// Query parameters and header-ish pairs whose values are credentials. The value runs until a
// delimiter of URLs, headers or JSON-in-strings.
const secretParameter =
  /((?:^|[?&\s,;"'{(])(?:q-signature|sig|signature|x-cos-security-token|x-ci-security-token|x-tc-token|token|securitytoken|sessiontoken)\s*[=:]\s*"?)[^&\s"',;)}]+/gi;
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
    if (Array.isArray(value)) return value.map((item) => walk(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = secretFieldNames.has(key.replace(/[-_\s]/g, '').toLowerCase()) ? redacted : walk(item, seen);
    }
    return out;
  };
  return (value) => walk(value, new WeakSet());
}
