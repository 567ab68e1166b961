/**
 * What the API 3.0 emulator tests share (ASR, MPS, STS): an emulator on an ephemeral port with a media
 * bucket, the OFFICIAL tencentcloud SDK clients pointed at it the faithful way (real endpoint names,
 * `http://`, and an http.Agent that dials 127.0.0.1:P; docs/tooling.md §4), a loopback receiver for ASR
 * callbacks, and presigned URLs to objects in the emulator's COS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asr } from 'tencentcloud-sdk-nodejs-asr';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { mps } from 'tencentcloud-sdk-nodejs-mps';
import { presignCosUrl } from '../../../lib/sign/cos-sign.js';
import { signTc3 } from '../../../lib/sign/tc3.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../local/emulator.js';

export const APP_ID = '1250000000';
export const REGION = 'ap-guangzhou';
export const BUCKET = `media-${APP_ID}`;

/** Credentials as the SDKs take them. */
export interface SdkCredential {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** The account the emulator accepts by default. */
export const DEFAULT_CREDENTIAL: SdkCredential = {
  secretId: DEFAULT_SECRET_ID,
  secretKey: DEFAULT_SECRET_KEY,
};

/** A running emulator and ways to reach it with the official clients. */
export interface ApiKit {
  readonly emulator: Emulator;
  /** ASR client (2019-06-14) on `asr.tencentcloudapi.com`. */
  asr(credential?: SdkCredential, reqMethod?: 'POST' | 'GET'): InstanceType<typeof asr.v20190614.Client>;
  /** MPS client (2019-06-12) on `mps.tencentcloudapi.com`. */
  mps(credential?: SdkCredential): InstanceType<typeof mps.v20190612.Client>;
  /** The SDK's generic client, for STS (no STS package is installed). */
  common(endpoint: string, version: string, credential?: SdkCredential): CommonClient;
  /** Stores `body` in the media bucket and returns a presigned GET URL on the bucket's real COS host. */
  presignedObject(key: string, body: Buffer): Promise<string>;
  close(): Promise<void>;
}

/** Starts an emulator (optionally with a skewed clock) and returns the kit. */
export async function startApiKit(
  options: { now?: () => number; liveStreams?: EmulatorOptions['liveStreams'] } = {},
): Promise<ApiKit> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'api3-emulator-'));
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    quiet: true,
    buckets: ['media'],
    region: REGION,
    ...(options.now ? { now: options.now } : {}),
    ...(options.liveStreams ? { liveStreams: options.liveStreams } : {}),
  });
  // Every connection goes to the emulator, whatever host name the SDK puts in the URL and Host header.
  const agent = new Agent({ keepAlive: true });
  (agent as unknown as { createConnection: () => ReturnType<typeof connect> }).createConnection = () =>
    connect(emulator.port, '127.0.0.1');
  const profile = (endpoint: string, reqMethod: 'POST' | 'GET' = 'POST') => ({
    httpProfile: { endpoint, protocol: 'http://', agent, reqMethod },
  });
  return {
    emulator,
    asr: (credential = DEFAULT_CREDENTIAL, reqMethod = 'POST') =>
      new asr.v20190614.Client({
        credential,
        region: REGION,
        profile: profile('asr.tencentcloudapi.com', reqMethod),
      }),
    mps: (credential = DEFAULT_CREDENTIAL) =>
      new mps.v20190612.Client({ credential, region: REGION, profile: profile('mps.tencentcloudapi.com') }),
    common: (endpoint, version, credential = DEFAULT_CREDENTIAL) =>
      new CommonClient(endpoint, version, { credential, region: REGION, profile: profile(endpoint) }),
    async presignedObject(key, body) {
      await emulator.store.put(BUCKET, key, body, { contentType: 'audio/wav', userMeta: {} });
      const now = Math.floor(Date.now() / 1000);
      return presignCosUrl(
        {
          host: `${BUCKET}.cos.${REGION}.myqcloud.com`,
          key,
          protocol: 'http:',
          keyTime: { start: now - 60, end: now + 3600 },
        },
        { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
      );
    },
    async close() {
      agent.destroy();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One request the callback receiver got. */
export interface ReceivedCallback {
  readonly contentType: string;
  readonly body: string;
  readonly path: string;
  /** The CheckSum header of a live recognition callback (undefined for others). */
  readonly checkSum: string | undefined;
}

/** A loopback HTTP server standing in for the pipeline's callback function. */
export interface CallbackReceiver {
  readonly url: string;
  readonly received: ReceivedCallback[];
  /** Resolves when at least `count` callbacks arrived. */
  waitFor(count: number, timeoutMs: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/** Starts a receiver; `answer` decides each response (default: 200 with ASR's expected `{"code":0}` JSON). */
export async function startCallbackReceiver(
  answer: (index: number) => { status: number; body: string } = () => ({
    status: 200,
    body: '{"code":0,"message":"success"}',
  }),
): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({
        contentType: String(request.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        path: request.url ?? '/',
        checkSum: request.headers.checksum === undefined ? undefined : String(request.headers.checksum),
      });
      const { status, body } = answer(index);
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  // 127.0.0.2, not 127.0.0.1: the emulator's sendCallback treats every 127.0.0.1/localhost URL as its own
  // API Gateway, whatever the port, so a receiver there would never be reached (reported to its owner).
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.2:${port}/asr-callback?job=test`,
    received,
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250);
        });
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls DescribeTaskStatus until the task is done (success or failed). */
export async function waitForTask(
  client: InstanceType<typeof asr.v20190614.Client>,
  taskId: number,
  timeoutMs: number,
): Promise<Awaited<ReturnType<typeof client.DescribeTaskStatus>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.DescribeTaskStatus({ TaskId: taskId });
    if (status.Data?.Status === 2 || status.Data?.Status === 3) return status;
    if (Date.now() > deadline)
      throw new Error(`task ${taskId} still ${status.Data?.StatusStr} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * One API 3.0 call signed the way the node SDK signs it (content-type;host), returning the raw JSON
 * text, so tests can look at exactly what the emulator wrote (key order, numbers, nulls).
 */
export async function rawApiCall(
  port: number,
  call: { service: string; version: string; action: string; body: string; credential?: SdkCredential },
): Promise<string> {
  const credential = call.credential ?? DEFAULT_CREDENTIAL;
  const host = `${call.service}.tencentcloudapi.com`;
  const timestamp = Math.floor(Date.now() / 1000);
  const { authorization } = signTc3(
    {
      method: 'POST',
      host,
      path: '/',
      query: '',
      headers: { 'content-type': 'application/json', host },
      payload: call.body,
      service: call.service,
      timestamp,
    },
    credential,
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host,
    'x-tc-action': call.action,
    'x-tc-version': call.version,
    'x-tc-region': REGION,
    'x-tc-timestamp': String(timestamp),
    authorization,
    ...(credential.token ? { 'x-tc-token': credential.token } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    request.on('error', reject);
    request.end(call.body);
  });
}

/**
 * The shape of a JSON value: keys (sorted), nesting and JSON types, with arrays represented by their
 * first element. Two payloads with equal shapes are interchangeable for a parser.
 */
export function jsonShape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [jsonShape(value[0])];
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, jsonShape(record[key])]),
    );
  }
  return typeof value;
}

/**
 * The error code of a call the official SDK made, which must fail: its exception
 * (TencentCloudSDKHttpException) carries Response.Error.Code as `code`.
 */
export async function sdkErrorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected the call to fail');
  return String((error as { code?: unknown }).code);
}
