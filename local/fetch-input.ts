/**
 * How the emulated engines download their input (ASR `Url`, CI `Input.Url`). A presigned URL naming the
 * emulator's own COS host, http or https, is served straight from the store after its signature, key
 * time and token are checked exactly as a GET to COS would be (so an expired or tampered URL fails the
 * way it would on Tencent); a URL for another host the emulator serves is dialled locally; anything else
 * is fetched over the network.
 */
import type { Accounts, FetchFailure, ObjectStore } from './context.js';
import { verifyCosSignature } from './cos/cos-auth.js';
import { parseCosHost } from './cos/cos-host.js';
import { parseQuery } from './cos/query.js';
import { redactUrl } from './log.js';
import { dialLocal } from './send-callback.js';

/** Longest wait for an input download. */
const FETCH_TIMEOUT_MS = 60_000;

type FetchResult = { ok: true; body: Buffer; contentType: string } | FetchFailure;

/** Builds `context.fetchInput`. */
export function createFetchInput(options: {
  accounts: Accounts;
  store: ObjectStore;
  now: () => number;
  isLocal: (url: URL) => boolean;
  port: () => number;
}): (url: string) => Promise<FetchResult> {
  return async (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, status: 0, reason: `not a URL: ${redactUrl(url)}` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { ok: false, status: 0, reason: `unsupported scheme ${parsed.protocol}` };
    }
    const host = parsed.hostname.toLowerCase();
    const cos = parseCosHost(host);
    if (cos) return fromStore(parsed, cos.bucket, options);
    try {
      if (options.isLocal(parsed)) {
        const answer = await dialLocal(options.port(), parsed, 'GET', {}, undefined, FETCH_TIMEOUT_MS);
        if (answer.status !== 200)
          return { ok: false, status: answer.status, reason: `GET answered ${answer.status}` };
        return {
          ok: true,
          body: answer.body,
          contentType: String(answer.headers['content-type'] ?? 'application/octet-stream'),
        };
      }
      const response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok)
        return { ok: false, status: response.status, reason: `GET answered ${response.status}` };
      return {
        ok: true,
        body: Buffer.from(await response.arrayBuffer()),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      };
    } catch (error) {
      return {
        ok: false,
        status: 0,
        reason: `download failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  };
}

async function fromStore(
  url: URL,
  bucket: string,
  options: { accounts: Accounts; store: ObjectStore; now: () => number },
): Promise<FetchResult> {
  const rawQuery = url.search.replace(/^\?/, '');
  const query = parseQuery(rawQuery);
  if (!query)
    return {
      ok: false,
      status: 400,
      reason: 'InvalidArgument: the query string is not valid percent-encoding',
    };
  const auth = verifyCosSignature(
    { method: 'GET', rawPath: url.pathname, query, headers: { host: url.host } },
    options.accounts,
    options.now(),
  );
  if (!auth.ok) return { ok: false, status: 403, reason: `${auth.code}: ${auth.message}` };
  if (auth.anonymous)
    return {
      ok: false,
      status: 403,
      reason: 'AccessDenied: the URL is not presigned and the bucket is private',
    };
  let key: string;
  try {
    key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    return { ok: false, status: 400, reason: 'InvalidArgument: the key is not valid percent-encoding' };
  }
  if (!(await options.store.bucketExists(bucket))) return { ok: false, status: 404, reason: 'NoSuchBucket' };
  const found = await options.store.get(bucket, key);
  if (!found) return { ok: false, status: 404, reason: 'NoSuchKey: The specified key does not exist.' };
  return { ok: true, body: found.body, contentType: found.meta.contentType };
}
