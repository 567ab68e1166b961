/**
 * Outbound callbacks from the emulated engines (ASR's form POST, CI's XML/JSON), honouring fault
 * injection: a callback may be dropped or delivered twice. A URL naming a host the emulator itself
 * serves (a function URL, 127.0.0.1) is dialled on the emulator's own port with the URL's Host
 * header, over plain HTTP even when the URL says https, so pipelines can use their real callback URLs.
 */
import { request as httpRequest } from 'node:http';
import type { CallbackOutcome, EmulatorContext, Faults } from './context.js';
import { type Log, redactUrl } from './log.js';

/** Longest wait for a callback receiver; Tencent gives up after seconds, not minutes. */
const CALLBACK_TIMEOUT_MS = 10_000;

/** Builds `context.sendCallback`. `isLocal(url)` says whether the emulator itself serves that URL. */
export function createSendCallback(options: {
  faults: Faults;
  isLocal: (url: URL) => boolean;
  port: () => number;
  log: Log;
}): EmulatorContext['sendCallback'] {
  const post = async (
    url: string,
    body: string,
    contentType: string,
    extra: Readonly<Record<string, string>> = {},
  ): Promise<CallbackOutcome> => {
    const parsed = new URL(url);
    const headers = { ...extra, 'content-type': contentType, 'user-agent': 'cos-transcribe-emulator' };
    try {
      if (options.isLocal(parsed)) {
        const answer = await dialLocal(
          options.port(),
          parsed,
          'POST',
          headers,
          Buffer.from(body),
          CALLBACK_TIMEOUT_MS,
        );
        return {
          delivered: answer.status >= 200 && answer.status < 300,
          status: answer.status,
          body: answer.body.toString('utf8'),
        };
      }
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      const text = await response.text();
      return { delivered: response.ok, status: response.status, body: text };
    } catch (error) {
      return { delivered: false, status: 0, body: error instanceof Error ? error.message : String(error) };
    }
  };

  return async (url, body, contentType, headers) => {
    const fate = options.faults.callbackFate();
    options.log('callback.send', { url: redactUrl(url), fate });
    if (fate === 'drop') return { delivered: false, status: 0, body: 'dropped by fault injection' };
    const first = await post(url, body, contentType, headers);
    if (fate === 'duplicate') await post(url, body, contentType, headers);
    return first;
  };
}

/** One HTTP exchange with the emulator itself, keeping the URL's Host so routing sees the real name. */
export function dialLocal(
  port: number,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host, ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
