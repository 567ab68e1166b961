import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttpRequest, sendHttpRequestForBytes } from '../../../lib/tencent/http-request.js';

/** What a loopback server saw of one request. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server answering with `answer`; returns its 'host:port' and what it saw. */
async function listen(
  answer: (response: ServerResponse, seen: Seen) => void,
  make: (handler: (request: IncomingMessage, response: ServerResponse) => void) => Server = createServer,
) {
  const seen: Seen[] = [];
  server = make((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const one = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(one);
      answer(response, one);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('sendHttpRequest', () => {
  it('dials the given address while naming the real host in the Host header, with the body length', async () => {
    // Prepare
    const { address, seen } = await listen((response) => {
      response.writeHead(201, { 'x-ci-request-id': 'req-1' });
      response.end('<ok/>');
    });

    // Act
    const answer = await sendHttpRequest({
      url: 'http://media-in-1250000000.ci.ap-guangzhou.myqcloud.com/asr_jobs?x=1',
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<Request>语音</Request>',
      dialTo: address,
    });

    // Assess
    expect(answer).toEqual({ status: 201, headers: expect.any(Object), body: '<ok/>' });
    expect(answer.headers['x-ci-request-id']).toBe('req-1');
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/asr_jobs?x=1',
        headers: expect.objectContaining({
          host: 'media-in-1250000000.ci.ap-guangzhou.myqcloud.com',
          'content-type': 'application/xml',
          'content-length': String(Buffer.byteLength('<Request>语音</Request>')),
        }),
        body: '<Request>语音</Request>',
      },
    ]);
  });

  it('sends the path exactly as written, "." and ".." segments included (parts of COS object keys)', async () => {
    // Prepare
    const { address, seen } = await listen((response) => response.end());

    // Act
    await sendHttpRequest({
      url: 'http://media-1250000000.cos.ap-guangzhou.myqcloud.com/a/../b/./%2E%2E/c.wav?x=1',
      method: 'GET',
      headers: {},
      dialTo: address,
    });

    // Assess
    expect(seen.map((request) => request.url)).toEqual(['/a/../b/./%2E%2E/c.wav?x=1']);
  });

  it('sends and answers bytes as they are, for object contents', async () => {
    // Prepare: bytes that are not UTF-8, echoed back by a loopback server.
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41]);
    let received: Buffer | undefined;
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received = Buffer.concat(chunks);
        response.end(received);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));

    // Act
    const answer = await sendHttpRequestForBytes({
      url: 'http://media-1250000000.cos.ap-guangzhou.myqcloud.com/blob',
      method: 'PUT',
      headers: {},
      body: bytes,
      dialTo: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    });

    // Assess
    expect(received?.equals(bytes)).toBe(true);
    expect(answer.bytes.equals(bytes)).toBe(true);
  });

  it('keeps a Host header the caller set, and sends GET without a body or length', async () => {
    const { address, seen } = await listen((response) => response.end());

    await sendHttpRequest({
      url: 'http://127.0.0.1/',
      method: 'GET',
      headers: { host: 'asr.tencentcloudapi.com' },
      dialTo: address,
    });

    expect(seen[0]?.headers.host).toBe('asr.tencentcloudapi.com');
    expect(seen[0]?.headers['content-length']).toBeUndefined();
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('decodes a UTF-8 body whose characters are split across chunks', async () => {
    // Prepare: '语' is three bytes; the server sends them in two writes.
    const bytes = Buffer.from('{"Text":"语音"}');
    const { address } = await listen((response) => {
      response.writeHead(200, { 'content-length': String(bytes.length) });
      response.write(bytes.subarray(0, 10));
      setTimeout(() => response.end(bytes.subarray(10)), 20);
    });

    // Act
    const answer = await sendHttpRequest({
      url: 'http://x.invalid/',
      method: 'GET',
      headers: {},
      dialTo: address,
    });

    // Assess
    expect(answer.body).toBe('{"Text":"语音"}');
  });

  it('fails naming the timeout when the server stays silent longer than the idle limit', async () => {
    const { address } = await listen(() => {
      // never answers
    });

    const sent = sendHttpRequest({
      url: 'http://x.invalid/',
      method: 'GET',
      headers: {},
      dialTo: address,
      idleTimeoutMs: 100,
    });

    await expect(sent).rejects.toThrow('the connection was silent for 100 ms (timeout)');
  });

  it('fails, rather than answering with part of a body, when the connection is cut mid-body', async () => {
    const { address } = await listen((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only part');
      setTimeout(() => response.socket?.destroy(), 20);
    });

    const sent = sendHttpRequest({ url: 'http://x.invalid/', method: 'GET', headers: {}, dialTo: address });

    await expect(sent).rejects.toThrow();
  });

  it("rejects with the abort signal's reason when the caller gives up", async () => {
    const { address } = await listen(() => {
      // never answers
    });
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('no complete answer within 50 ms (attempt timeout)')), 50);

    const sent = sendHttpRequest({
      url: 'http://x.invalid/',
      method: 'GET',
      headers: {},
      dialTo: address,
      signal: abort.signal,
    });

    await expect(sent).rejects.toThrow('no complete answer within 50 ms (attempt timeout)');
  });

  it('verifies TLS against the real host name when dialling an address, and refuses a certificate it cannot trust', async () => {
    // Prepare: a TLS server with a self-signed certificate for the real host, recording the SNI name.
    const dir = mkdtempSync(path.join(tmpdir(), 'http-request-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
          ...['-subj', '/CN=asr.tencentcloudapi.com', '-days', '1'],
          ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
        ],
        { stdio: 'ignore' },
      );
      const serverNames: string[] = [];
      const { address, seen } = await listen(
        (response) => response.end('{}'),
        (handler) => {
          const tls = createTlsServer(
            {
              key: readFileSync(path.join(dir, 'key.pem')),
              cert: readFileSync(path.join(dir, 'cert.pem')),
              SNICallback: (name, use) => {
                serverNames.push(name);
                use(null); // the default context, with the certificate above
              },
            },
            handler,
          );
          tls.on('tlsClientError', () => {
            // the client refusing our certificate ends the handshake: expected
          });
          return tls;
        },
      );

      // Act
      const sent = sendHttpRequest({
        url: 'https://asr.tencentcloudapi.com/',
        method: 'POST',
        headers: {},
        body: '{}',
        dialTo: address,
      });

      // Assess
      await expect(sent).rejects.toThrow(/self[- ]signed certificate/);
      expect(serverNames).toEqual(['asr.tencentcloudapi.com']);
      expect(seen).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
