/**
 * A loopback CI stand-in: records every request, checks its signature with the official SDK signer
 * (`COS.getAuthorization`, fed the headers and parameters the request says it signed), and answers
 * with scripted responses in recorded Tencent shapes.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFakeQuery, qSignatureValid } from '../cos/q-sign-fake-check.js';

export const ciAccount = { secretId: 'AKIDfakeci00000000000', secretKey: 'fake-ci-secret-key' } as const;

export interface RecordedCiRequest {
  readonly method: string;
  readonly rawUrl: string;
  /** Decoded path. */
  readonly path: string;
  readonly query: Map<string, string>;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly signatureValid: boolean;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Drop the connection without answering. */
  readonly hangUp?: boolean;
}

export interface FakeCi {
  readonly port: number;
  readonly requests: RecordedCiRequest[];
  /** Answers for the next requests, in order; when none is left, `fallback` answers. */
  answer(...answers: ScriptedAnswer[]): void;
  fallback: ScriptedAnswer;
  close(): Promise<void>;
}

export async function startFakeCi(): Promise<FakeCi> {
  const requests: RecordedCiRequest[] = [];
  const queue: ScriptedAnswer[] = [];
  let server: Server | undefined;
  const fake: FakeCi = {
    port: 0,
    requests,
    answer: (...answers) => {
      queue.push(...answers);
    },
    fallback: { status: 500, body: '' },
    close: () =>
      new Promise((resolve) => {
        server?.closeAllConnections();
        server ? server.close(() => resolve()) : resolve();
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const [rawPath = '/', rawQuery = ''] = rawUrl.split('?', 2) as [string, string?];
      const path = rawPath.split('/').map(decodeURIComponent).join('/');
      const query = parseFakeQuery(rawQuery);
      requests.push({
        method: req.method ?? '',
        rawUrl,
        path,
        query,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        signatureValid: qSignatureValid(req, path, query, ciAccount, { queryForm: false }),
      });
      const next = queue.shift() ?? fake.fallback;
      if (next.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(next.status, {
        'content-type': 'application/xml',
        server: 'tencent-ci',
        'x-ci-request-id': `ci-req-${requests.length}`,
        ...next.headers,
      });
      res.end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  (fake as { port: number }).port = (server.address() as AddressInfo).port;
  return fake;
}

/** A CI `<Error>` body (same shape as COS, doc 436/7730). */
export function ciErrorXml(code: string, message: string, requestId = 'err-request-id'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><TraceId>trace-1</TraceId></Error>`;
}
