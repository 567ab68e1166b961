/**
 * The one HTTP client of the functions (the API 3.0 caller, the CI and the COS transports): node:http
 * and node:https with a keep-alive agent per scheme.
 *
 * Why not undici, which these callers used before: we need one request, its status, headers and text,
 * a timeout and a redirected dial, all of which node:http does. undici added ~400 KB to every function
 * bundle and ~40-60 ms of CPU to every cold start (its whole API is initialised on require, and its
 * HTTP/1 parser is WebAssembly compiled on the first connection), while node:http is already in Node's
 * startup snapshot and parses with the native llhttp.
 *
 * A redirected dial (`dialTo`, the local emulator) changes only where the TCP connection goes: the URL,
 * the Host header, the TLS server name and therefore every signature keep naming the real host.
 *
 * The path is sent exactly as the URL spells it. A WHATWG URL parser would resolve `.` and `..`
 * segments (even as `%2E`), but in COS they are parts of object keys (`a/../b.wav` is one key), and
 * the COS SDK's transport sent them as written too.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { onFirstUse } from '../lazy/on-first-use.js';

/** One request. */
export interface HttpRequest {
  /** The real URL, e.g. 'https://asr.tencentcloudapi.com/'; its host is sent as Host. */
  readonly url: string;
  readonly method: string;
  /** Header names in lower case; `host` and `content-length` are filled in when absent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** `host:port` to connect to instead of the URL's host, e.g. '127.0.0.1:9000'. */
  readonly dialTo?: string;
  /** Aborts the whole exchange; the rejection is the signal's reason. */
  readonly signal?: AbortSignal;
  /** Fails when the connection is silent this long, waiting for the answer or inside its body. */
  readonly idleTimeoutMs?: number;
}

/** A complete answer, whatever its status. */
export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8. */
  readonly body: string;
}

/** A complete answer with its body's bytes as received (object contents). */
export interface HttpBytesResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly bytes: Buffer;
}

// Idle keep-alive connections close after 4 s, undici's default: long enough to reuse a connection
// within one invocation, short enough that a frozen SCF container rarely wakes to a socket the
// server has closed (a reset there is a network error, which the callers' retry policy handles).
// Each agent is made on the first request of its scheme, not at import: the function bundles load
// node:http and node:https (and net, tls, stream under them) on first use (scripts/lazy-modules.ts),
// so an invocation that refuses its event before any I/O never loads them.
const agentOptions = { keepAlive: true, timeout: 4_000 };
const agents = {
  'http:': onFirstUse(() => new http.Agent(agentOptions)),
  'https:': onFirstUse(() => new https.Agent(agentOptions)),
} as const;

/** Sends one request and reads the whole answer; rejects only when no complete answer arrives. */
export async function sendHttpRequest(request: HttpRequest): Promise<HttpResponse> {
  const { status, headers, bytes } = await sendHttpRequestForBytes(request);
  return { status, headers, body: bytes.toString('utf8') };
}

/** {@link sendHttpRequest}, answering with the body's bytes instead of its text. */
export function sendHttpRequestForBytes(request: HttpRequest): Promise<HttpBytesResponse> {
  const parts = /^(https?:)\/\/([^/?#]+)([^#]*)$/.exec(request.url);
  if (!parts) return Promise.reject(new Error(`${request.url} is not an http(s) URL`));
  const scheme = parts[1] as 'http:' | 'https:';
  const url = new URL(`${scheme}//${parts[2]}`);
  const rawPath = parts[3] || '/';
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const secure = scheme === 'https:';
  const dial = splitHostPort(request.dialTo) ?? { hostname: url.hostname, port: url.port };
  const headers: Record<string, string> = { host: url.host, ...request.headers };
  if (request.body !== undefined && headers['content-length'] === undefined) {
    headers['content-length'] = String(Buffer.byteLength(request.body));
  }
  return new Promise<HttpBytesResponse>((resolve, reject) => {
    const outgoing = (secure ? https : http).request({
      protocol: scheme,
      hostname: dial.hostname,
      port: dial.port || (secure ? 443 : 80),
      // TLS verifies the real host's certificate even when dialling an address.
      ...(secure ? { servername: url.hostname } : {}),
      path,
      method: request.method,
      headers,
      agent: agents[scheme](),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.idleTimeoutMs !== undefined ? { timeout: request.idleTimeoutMs } : {}),
    });
    const fail = (error: unknown) => {
      reject(request.signal?.aborted ? request.signal.reason : error);
    };
    outgoing.on('error', fail);
    outgoing.on('timeout', () => {
      outgoing.destroy(new Error(`the connection was silent for ${request.idleTimeoutMs} ms (timeout)`));
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', fail);
      // 'aborted' alone (no 'error') is how older Node versions report a connection cut mid-body.
      incoming.on('aborted', () => fail(new Error('the connection closed before the answer was complete')));
      incoming.on('end', () => {
        if (!incoming.complete) {
          fail(new Error('the connection closed before the answer was complete'));
          return;
        }
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          bytes: Buffer.concat(chunks),
        });
      });
    });
    outgoing.end(request.body);
  });
}

function splitHostPort(value: string | undefined): { hostname: string; port: string } | undefined {
  if (value === undefined) return undefined;
  const at = value.lastIndexOf(':');
  // Only a colon after the last ']' separates a port ('[::1]:9000', not '[::1]').
  if (at <= 0 || at < value.lastIndexOf(']')) return { hostname: unbracket(value), port: '' };
  return { hostname: unbracket(value.slice(0, at)), port: value.slice(at + 1) };
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
