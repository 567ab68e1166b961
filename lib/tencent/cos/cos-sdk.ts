/**
 * Builds the cos-nodejs-sdk-v5 client of the command line (`transcribe` uploads large media with the
 * SDK's multipart uploadFile) and the deploy. The functions never load it: their storage speaks to
 * COS through cos-transport.ts (issue 16: the SDK was most of every function bundle).
 *
 * Signing is ours (lib/sign, proven byte-identical to the SDK's signer); the transport is the SDK's.
 * Credentials: the SDK's `getAuthorization` hook is called before every request (when it returns a
 * ready Authorization it caches nothing), so we sign each request with whatever the source holds at
 * that moment. Rotating role credentials therefore take effect on the next request, and the SDK's own
 * clock-skew correction (`SystemClockOffset`, learnt from RequestTimeTooSkewed) is honoured. The
 * session token is handed back with the signature; the SDK sends it as `x-cos-security-token`
 * (`x-ci-security-token` on CI hosts), outside the signed headers, as Tencent expects.
 *
 * Endpoint override: `Ip` redirects the TCP connection only, so the virtual-host `Host` header and the
 * signature keep the real bucket host (docs/tooling.md §3); `AutoSwitchHost: false` stops the SDK from
 * retrying against the backup domain `tencentcos.cn`, which an emulator does not serve.
 */
import COS from 'cos-nodejs-sdk-v5';
import { selectCosSignedHeaders, signCos } from '../../sign/cos-sign.js';
import { type CredentialsSource, resolveCredentials } from './credentials-source.js';
import type { Endpoint } from './endpoint.js';

/** Options for {@link createCosSdk}. */
export interface CosSdkOptions {
  readonly credentials: CredentialsSource;
  readonly endpoint?: Endpoint;
  /**
   * Per-attempt timeout in ms (the SDK's `Timeout`; 0 means none). The SDK retries a timeout too, so
   * one call may take up to 4 times this: keep it well under the function's own timeout.
   */
  readonly timeoutMs?: number;
  /** Lifetime of each request signature in seconds. */
  readonly signatureTtlSeconds?: number;
  /** Clock in ms used for signatures. */
  readonly now?: () => number;
}

/** A configured SDK instance. */
export function createCosSdk(options: CosSdkOptions): COS {
  const ttl = options.signatureTtlSeconds ?? 900;
  const endpoint = options.endpoint;
  const now = options.now ?? Date.now;
  return new COS({
    getAuthorization(request, callback) {
      const credentials = resolveCredentials(options.credentials);
      // SystemClockOffset is the SDK's learnt skew (ms) after a RequestTimeTooSkewed answer.
      const start = Math.floor((now() + (request.SystemClockOffset ?? 0)) / 1000) - 1;
      const { authorization } = signCos(
        {
          method: request.Method,
          // The SDK passes the raw key as `/key`; q-sign signs the decoded path (436/7778).
          pathname: request.Pathname,
          query: stringValues(request.Query),
          headers: selectCosSignedHeaders(stringValues(request.Headers) as Record<string, string>),
          keyTime: { start, end: start + ttl },
        },
        credentials,
      );
      // The typings only allow a bare string or STS keys, but the SDK (base.js getAuthorizationAsync)
      // also takes `{ Authorization, SecurityToken }`, the only form that carries a token with a
      // signature we computed ourselves.
      const signed = { Authorization: authorization, SecurityToken: credentials.token ?? '' };
      callback(signed as unknown as COS.GetAuthorizationCallbackParams);
    },
    Timeout: options.timeoutMs ?? 10_000,
    ...(endpoint ? { Ip: endpoint.ip, Protocol: endpoint.protocol ?? 'http:', AutoSwitchHost: false } : {}),
  });
}

/** The SDK hands numbers (MaxKeys) and undefined among query and header values; the signer wants strings. */
function stringValues(record: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(record ?? {})) {
    if (value === undefined || value === null) continue;
    out[name] = String(value);
  }
  return out;
}
