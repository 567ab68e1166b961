/**
 * The signature check the unit tests' fake COS and fake CI servers share: it recomputes the
 * request's q-sign signature with the official SDK signer over the headers and parameters the
 * request says it signed, so the fakes refuse exactly what the real services would.
 */
import type { IncomingMessage } from 'node:http';
import COS from 'cos-nodejs-sdk-v5';

/** Query parameters by lower-cased name, percent-decoded. */
export function parseFakeQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split('&').filter(Boolean)) {
    const at = part.indexOf('=');
    const name = decodeURIComponent(at < 0 ? part : part.slice(0, at)).toLowerCase();
    out.set(name, at < 0 ? '' : decodeURIComponent(part.slice(at + 1)));
  }
  return out;
}

/**
 * True when the request carries a valid q-sign signature of `account`. With `queryForm` a
 * presigned URL (q-* fields in the query string) counts too; CI's fake takes the header form only.
 */
export function qSignatureValid(
  req: IncomingMessage,
  path: string,
  query: Map<string, string>,
  account: { readonly secretId: string; readonly secretKey: string },
  options: { readonly queryForm: boolean },
): boolean {
  const header = req.headers.authorization;
  const auth =
    header || !options.queryForm
      ? new URLSearchParams(String(header ?? ''))
      : new URLSearchParams([...query].filter(([name]) => name.startsWith('q-')));
  if (auth.get('q-ak') !== account.secretId) return false;
  const headers: Record<string, string> = {};
  for (const name of (auth.get('q-header-list') ?? '').split(';').filter(Boolean)) {
    headers[name] = String(req.headers[name] ?? '');
  }
  const params: Record<string, string> = {};
  for (const name of (auth.get('q-url-param-list') ?? '').split(';').filter(Boolean)) {
    params[name] = query.get(name) ?? '';
  }
  const expected = COS.getAuthorization({
    SecretId: account.secretId,
    SecretKey: account.secretKey,
    Method: (req.method ?? 'get').toLowerCase() as 'get',
    Pathname: path,
    Query: params,
    Headers: headers,
    KeyTime: auth.get('q-key-time') ?? '',
  });
  return new URLSearchParams(expected).get('q-signature') === auth.get('q-signature');
}
