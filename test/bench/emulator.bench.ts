/**
 * The emulator's COS on small objects: PUT+GET throughput relative to a bare Node HTTP echo server
 * measured in the same run (same client, same keep-alive agent, same concurrency), and the memory the
 * emulator holds with 10,000 objects stored, plus how long a restart takes to index them again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { signCos } from '../../lib/sign/cos-sign.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../local/accounts.js';
import { startEmulator } from '../../local/emulator.js';
import { type Benchmark, type Figure, median, ratio } from './benchmark.js';

const HOST = 'bench-1250000000.cos.ap-guangzhou.myqcloud.com';
const OBJECT_BYTES = 1024;
const CONCURRENCY = 8;
const PAIRS_PER_ROUND = 400;
const ROUNDS = 3;
const STORED_OBJECTS = 10_000;

/** One PUT+GET figure and the memory figures. */
export const benchmark: Benchmark = {
  title: 'emulator: COS small-object throughput and memory',
  async run(): Promise<Figure[]> {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const body = Buffer.alloc(OBJECT_BYTES, 97);
    const echo = await startEcho();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emulator-bench-'));
    const emulator = await startEmulator({ port: 0, dataDir, quiet: true, buckets: ['bench'] });
    try {
      const echoRates: number[] = [];
      const emulatorRates: number[] = [];
      // Interleave the two so machine noise hits both alike.
      for (let round = 0; round < ROUNDS; round++) {
        echoRates.push(await pairsPerSecond(agent, echo.port, body, round, false));
        emulatorRates.push(await pairsPerSecond(agent, emulator.port, body, round, true));
      }
      const relative = median(emulatorRates) / median(echoRates);

      const gc = exposeGc();
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      await storeMany(agent, emulator.port, body, STORED_OBJECTS);
      gc();
      const heapAfter = process.memoryUsage().heapUsed;
      const rss = process.memoryUsage().rss;
      await emulator.close();

      const restarted = await startEmulator({ port: 0, dataDir, quiet: true });
      const started = performance.now();
      const page = await restarted.store.list('bench-1250000000', { prefix: 'many/', maxKeys: 1000 });
      const reindexMs = performance.now() - started;
      await restarted.close();
      if (page.contents.length !== 1000)
        throw new Error(`restart listed ${page.contents.length} objects, expected 1000`);

      return [
        {
          name: `COS PUT+GET pairs/s vs bare HTTP echo (${OBJECT_BYTES} B, ${CONCURRENCY} in flight)`,
          value: ratio(relative),
        },
        {
          name: 'echo server PUT+GET pairs/s (this run, for scale)',
          value: Math.round(median(echoRates)).toString(),
        },
        {
          name: 'emulator PUT+GET pairs/s (this run, for scale)',
          value: Math.round(median(emulatorRates)).toString(),
        },
        {
          name: `emulator heap held for ${STORED_OBJECTS.toLocaleString('en')} stored objects`,
          value: `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB`,
        },
        { name: 'bench process RSS with them stored', value: `${Math.round(rss / 1024 / 1024)} MB` },
        {
          name: `restart: index ${STORED_OBJECTS.toLocaleString('en')} objects and list a page`,
          value: `${Math.round(reindexMs)} ms`,
        },
      ];
    } finally {
      await echo.close();
      agent.destroy();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

/** PUT then GET `PAIRS_PER_ROUND` objects with CONCURRENCY workers; pairs per second. */
async function pairsPerSecond(
  agent: Agent,
  port: number,
  body: Buffer,
  round: number,
  sign: boolean,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < PAIRS_PER_ROUND) {
      const key = `r${round}/k${next++}`;
      const put = await send(agent, port, 'PUT', key, body, sign);
      const got = await send(agent, port, 'GET', key, undefined, sign);
      if (put.status !== 200 || got.status !== 200 || got.body.length !== body.length) {
        throw new Error(`bench request failed: PUT ${put.status}, GET ${got.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return PAIRS_PER_ROUND / ((performance.now() - started) / 1000);
}

async function storeMany(agent: Agent, port: number, body: Buffer, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const key = `many/${String(next++).padStart(6, '0')}.bin`;
      const put = await send(agent, port, 'PUT', key, body, true);
      if (put.status !== 200) throw new Error(`bench PUT failed: ${put.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY * 2 }, worker));
}

/** One request; signed like an SDK would (host and content-length) when `sign`. */
function send(
  agent: Agent,
  port: number,
  method: string,
  key: string,
  body: Buffer | undefined,
  sign: boolean,
): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = { host: HOST };
  if (body) headers['content-length'] = String(body.length);
  if (sign) {
    const now = Math.floor(Date.now() / 1000);
    headers.authorization = signCos(
      { method, pathname: `/${key}`, query: {}, headers, keyTime: { start: now - 1, end: now + 900 } },
      { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    ).authorization;
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method, path: `/${key}`, headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The baseline: keeps each PUT body in a Map and returns it on GET, nothing else. */
async function startEcho(): Promise<{ port: number; close(): Promise<void> }> {
  const objects = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'PUT') {
        objects.set(req.url ?? '', Buffer.concat(chunks));
        res.writeHead(200, { 'content-length': 0 }).end();
      } else {
        const found = objects.get(req.url ?? '') ?? Buffer.alloc(0);
        res.writeHead(200, { 'content-length': found.length }).end(found);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A garbage collector handle without restarting Node with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
