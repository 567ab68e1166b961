/**
 * An HTTP hop between a client and the emulator that records every request as it arrived on the wire
 * (method, raw path, headers) and can spoil the next ones: reset the connection, answer COS's 500
 * InternalError, stay silent, or answer 200 with a captive portal's HTML page. The emulator behind it stays the judge of signatures;
 * the proxy only forwards (same raw path, same headers, same body).
 */
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the proxy received it. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query exactly as sent. */
  readonly rawPath: string;
  readonly headers: IncomingHttpHeaders;
}

/** What the proxy does to a request instead of forwarding it. */
export type Spoil = 'reset' | 'http-500' | 'silence' | 'html-200';

export interface RecordingProxy {
  readonly port: number;
  readonly seen: SeenRequest[];
  /** The next requests, one spoil each, in order. */
  spoilNext(...spoils: Spoil[]): void;
  close(): Promise<void>;
}

/** Starts a proxy on an ephemeral 127.0.0.1 port in front of `targetPort`. */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const seen: SeenRequest[] = [];
  const spoils: Spoil[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming, outgoing) => {
    seen.push({ method: incoming.method ?? '', rawPath: incoming.url ?? '', headers: incoming.headers });
    const spoil = spoils.shift();
    if (spoil === 'reset') {
      incoming.socket.resetAndDestroy();
      return;
    }
    if (spoil === 'silence') return;
    if (spoil === 'http-500') {
      incoming.resume();
      outgoing.writeHead(500, { 'content-type': 'application/xml', 'x-cos-request-id': 'proxy-500' });
      outgoing.end(
        `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>proxy-500</RequestId></Error>`,
      );
      return;
    }
    if (spoil === 'html-200') {
      incoming.resume();
      outgoing.writeHead(200, { 'content-type': 'text/html' });
      outgoing.end('<html><body>Please sign in to the hotel Wi-Fi</body></html>');
      return;
    }
    const forward = request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    spoilNext: (...next) => spoils.push(...next),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
