/**
 * A loopback HTTP server that plays Tencent API 3.0 for one test: it records every request, checks
 * its TC3 signature with our signer (as Tencent would), and answers from a script: a JSON body, a
 * raw status, a reset connection, or silence (to hit timeouts).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTc3Authorization, signTc3 } from '../../../lib/sign/tc3.js';

/** One scripted answer. */
export type Answer =
  | { readonly kind: 'json'; readonly body: string; readonly status?: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' };

/** What the server saw. */
export interface RecordedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** True when the Authorization header verifies against the keys the server knows. */
  readonly signatureValid: boolean;
}

/** A running fake; close it in afterEach. */
export interface FakeApi3Server {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Answers to give in order; when empty, the `fallback` answer is given. */
  script(...answers: Answer[]): void;
  close(): Promise<void>;
}

/** Tencent-shaped error body. */
export function errorBody(code: string, message = `${code} (scripted)`): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: `req-${code}` } });
}

/** Starts a fake on 127.0.0.1 with a random port; `secretKeys` maps SecretId to SecretKey. */
export async function startFakeApi3Server(
  secretKeys: Readonly<Record<string, string>>,
  fallback: Answer,
): Promise<FakeApi3Server> {
  const queue: Answer[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: request.headers, body, signatureValid: verify(request, body, secretKeys) });
      const answer = queue.shift() ?? fallback;
      if (answer.kind === 'reset') {
        request.socket.destroy();
      } else if (answer.kind === 'json') {
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        response.end(answer.body);
      }
      // 'hang': never answer; close() cuts the connection.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => {
      queue.push(...answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function verify(
  request: IncomingMessage,
  body: string,
  secretKeys: Readonly<Record<string, string>>,
): boolean {
  const auth = parseTc3Authorization(String(request.headers.authorization ?? ''));
  if (auth?.algorithm !== 'TC3-HMAC-SHA256') return false;
  const secretKey = secretKeys[auth.secretId];
  if (secretKey === undefined) return false;
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (typeof value !== 'string') return false;
    headers[name] = value;
  }
  const expected = signTc3(
    {
      method: request.method ?? '',
      host: String(request.headers.host),
      path: '/',
      query: '',
      headers,
      payload: body,
      service: auth.service,
      timestamp: Number(request.headers['x-tc-timestamp']),
    },
    { secretId: auth.secretId, secretKey },
  );
  return expected.signature === auth.signature && expected.date === auth.date;
}
