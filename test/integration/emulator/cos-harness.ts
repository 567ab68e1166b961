/**
 * Test harness for the emulator's COS: starts an emulator on an ephemeral port over a fresh data
 * directory, builds an official cos-nodejs-sdk-v5 client pointed at it, and sends hand-signed raw
 * requests (for the cases the SDK will not produce: tampered headers, wrong windows, tokens left out).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { signCos } from '../../../lib/sign/cos-sign.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../local/emulator.js';

/** The bucket every harness creates. */
export const BUCKET = 'media-1250000000';
export const REGION = 'ap-guangzhou';
export const HOST = `${BUCKET}.cos.${REGION}.myqcloud.com`;

/** A running emulator, its data directory, and a way to stop both. */
export interface Harness {
  readonly emulator: Emulator;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Starts an emulator with the `media` bucket; extra options pass through. */
export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'emulator-test-')));
  const emulator = await startEmulator({ port: 0, quiet: true, buckets: ['media'], ...options, dataDir });
  return {
    emulator,
    dataDir,
    async stop() {
      await emulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The official COS client, connected to the emulator the way DESIGN.md says. */
export function cosClient(
  port: number,
  credentials: { SecretId?: string; SecretKey?: string; SecurityToken?: string } = {},
): COS {
  return new COS({
    SecretId: credentials.SecretId ?? DEFAULT_SECRET_ID,
    SecretKey: credentials.SecretKey ?? DEFAULT_SECRET_KEY,
    ...(credentials.SecurityToken ? { SecurityToken: credentials.SecurityToken } : {}),
    Ip: `127.0.0.1:${port}`,
    Protocol: 'http:',
    AutoSwitchHost: false,
    // The SDK retries 5xx and clock errors; tests that look at one answer want exactly one.
    MaxRetryTimes: 0,
  } as COS.COSOptions);
}

/** The COS error code (`err.code`) of a failed SDK call, or 'no error'. */
export async function sdkErrorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'no error';
  } catch (error) {
    const failure = error as { code?: string; error?: { Code?: string } };
    return failure.error?.Code ?? failure.code ?? String(error);
  }
}

/** A raw HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends one request to the emulator with `host` in the Host header. */
export function rawRequest(
  port: number,
  input: {
    method: string;
    host: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = input.body === undefined ? undefined : Buffer.from(input.body);
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: input.method,
        path: input.path,
        headers: {
          host: input.host,
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...input.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The `<Code>` of a COS XML error body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

/** The `<Message>` of a COS XML error body. */
export function errorMessage(body: string): string | undefined {
  return /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
}

/** A request to the media bucket for `signedRequest` and `cosAuthorization`. */
export interface SignedInput {
  method: string;
  key: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  secretId?: string;
  secretKey?: string;
  keyTime?: { start: number; end: number };
  /** Headers added after signing (a token, or a tampered value). */
  unsignedHeaders?: Record<string, string>;
}

/**
 * The Authorization header signCos gives the request, over its headers (Host is always signed).
 * `keyTime` defaults to a window around the real clock.
 */
export function cosAuthorization(input: SignedInput): string {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return signCos(
    {
      method: input.method,
      pathname: `/${input.key}`,
      query: {},
      headers: { host: HOST, ...input.headers },
      keyTime: input.keyTime ?? { start: nowSeconds - 1, end: nowSeconds + 600 },
    },
    { secretId: input.secretId ?? DEFAULT_SECRET_ID, secretKey: input.secretKey ?? DEFAULT_SECRET_KEY },
  ).authorization;
}

/** Signs a request (`cosAuthorization`) and sends it. */
export function signedRequest(port: number, input: SignedInput): Promise<RawAnswer> {
  return rawRequest(port, {
    method: input.method,
    host: HOST,
    path: `/${encodeURIComponent(input.key).replace(/%2F/g, '/')}`,
    headers: { ...input.headers, ...input.unsignedHeaders, authorization: cosAuthorization(input) },
    ...(input.body === undefined ? {} : { body: input.body }),
  });
}
