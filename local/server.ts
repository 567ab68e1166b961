/**
 * The emulator's HTTP server: reads each request whole, picks the first service whose `handles(host)`
 * is true (routing by the Host header, exactly as Tencent's endpoints are named, so official clients
 * need only their TCP redirected), applies fault injection for that service, and writes the answer.
 * A request for a host no service claims gets a plain-text 400 naming the hosts that are served.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from './context.js';
import type { Log } from './log.js';
import type { EmulatedService, EmulatorRequest, EmulatorResponse } from './service.js';

/** Services that must never be failed on purpose (the admin endpoint, SCF's function URLs and code downloads). */
export const FAULT_EXEMPT = new Set(['admin', 'scf-url', 'scf-code']);

/** A listening emulator server. */
export interface EmulatorServer {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts listening on 127.0.0.1:`port` (0 = an ephemeral port) and resolves once connections are accepted. */
export async function startServer(options: {
  port: number;
  services: () => readonly EmulatedService[];
  faults: Faults;
  now: () => number;
  log: Log;
}): Promise<EmulatorServer> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log('server.error', { error: String(error) });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('emulator: internal error\n');
    });
  });
  // Official SDKs keep connections alive; keep them a little longer than they do so none is cut mid-reuse.
  server.keepAliveTimeout = 65_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = request.url ?? '/';
    const question = url.indexOf('?');
    const emulated: EmulatorRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      host: hostOf(request.headers.host),
      rawPath: question < 0 ? url : url.slice(0, question),
      rawQuery: question < 0 ? '' : url.slice(question + 1),
      headers: request.headers,
      body,
      receivedAt: options.now(),
    };
    const services = options.services();
    const service = services.find((candidate) => candidate.handles(emulated.host));
    let answer: EmulatorResponse;
    if (!service) {
      answer = unknownHost(emulated.host, services);
    } else {
      const forced = FAULT_EXEMPT.has(service.name)
        ? undefined
        : await options.faults.intercept(service.name);
      answer = forced ?? (await service.handle(emulated));
    }
    // The path only: a query may carry a presigned URL's signature or a token.
    options.log('request', {
      service: service?.name ?? 'none',
      method: emulated.method,
      host: emulated.host,
      path: emulated.rawPath,
      status: answer.status,
      ms: options.now() - emulated.receivedAt,
    });
    const payload = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(answer.body);
    const headers: Record<string, string | number> = { ...answer.headers };
    if (!hasHeader(headers, 'content-length')) headers['content-length'] = payload.length;
    response.writeHead(answer.status, headers);
    response.end(emulated.method === 'HEAD' ? undefined : payload);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The Host header lower-cased and without its port ('' when absent). */
export function hostOf(header: string | undefined): string {
  if (!header) return '';
  const host = header.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function unknownHost(host: string, services: readonly EmulatedService[]): EmulatorResponse {
  const names = services.map((service) => service.name).join(', ');
  return {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body:
      `emulator: no service answers host '${host || '(none)'}'. Send the real Tencent host name in the Host ` +
      `header and connect to this address: '<bucket>-<appid>.cos.<region>.myqcloud.com' (COS), ` +
      `'<bucket>-<appid>.ci.<region>.myqcloud.com' (CI), '<service>.tencentcloudapi.com' (ASR, MPS, STS, SCF), ` +
      `'<appid>-<url-id>.<region>.tencentscf.com' (function URLs), ` +
      `'emulator.local' (admin). Services running: ${names}.\n`,
  };
}

/** The admin host: fault injection and SCF state at run time, for tests and people. */
export const ADMIN_HOST = 'emulator.local';

/**
 * `emulator.local`: `GET /health`; `GET /faults`, `PUT /faults` (merge a JSON FaultOptions), `DELETE
 * /faults` (no faults); `GET /scf/dead-letters`, `GET /scf/invocations`. Unsigned, like LocalStack's
 * internal endpoints: it answers only on loopback.
 */
export function createAdminService(parts: {
  faults: { current(): unknown; set(patch: never): void; reset(): void };
  parseFaults: (value: unknown) => { ok: true; value: unknown } | { ok: false; error: string };
  scf: { readonly deadLetters: readonly unknown[]; readonly invocations: readonly unknown[] };
}): EmulatedService {
  const json = (status: number, value: unknown): EmulatorResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
  return {
    name: 'admin',
    handles: (host) => host === ADMIN_HOST,
    async handle(request) {
      const route = `${request.method} ${request.rawPath}`;
      switch (route) {
        case 'GET /health':
          return json(200, { ok: true });
        case 'GET /faults':
          return json(200, parts.faults.current());
        case 'PUT /faults':
        case 'POST /faults': {
          let body: unknown;
          try {
            body = JSON.parse(request.body.toString('utf8') || '{}');
          } catch {
            return json(400, { error: 'body must be JSON FaultOptions' });
          }
          const parsed = parts.parseFaults(body);
          if (!parsed.ok) return json(400, { error: parsed.error });
          parts.faults.set(parsed.value as never);
          return json(200, parts.faults.current());
        }
        case 'DELETE /faults':
          parts.faults.reset();
          return json(200, parts.faults.current());
        case 'GET /scf/dead-letters':
          return json(200, parts.scf.deadLetters);
        case 'GET /scf/invocations':
          return json(200, parts.scf.invocations);
        default:
          return json(404, {
            error: `no admin route ${route}`,
            routes: [
              'GET /health',
              'GET|PUT|DELETE /faults',
              'GET /scf/dead-letters',
              'GET /scf/invocations',
            ],
          });
      }
    },
  };
}
