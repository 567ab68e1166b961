/**
 * What the CI speech-job tests share: an emulator on an ephemeral port with a media bucket, the
 * official COS SDK pointed at it (docs/tooling.md §3: `Ip` keeps the real virtual-host name), a loopback
 * receiver for callbacks, and small helpers to talk to the `*.ci.*` host the way users do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { defaultQueueId } from '../../../local/ci/asr-queue.js';
import { type Emulator, startEmulator } from '../../../local/emulator.js';
import { rawRequest as cosRawRequest, type RawAnswer } from './cos-harness.js';

export const APP_ID = '1250000000';
export const REGION = 'ap-guangzhou';
export const BUCKET = `media-${APP_ID}`;
export const OUTPUT_BUCKET = `results-${APP_ID}`;
export const CI_URL = `http://${BUCKET}.ci.${REGION}.myqcloud.com`;
export const QUEUE_ID = defaultQueueId(BUCKET);

/** A running emulator plus an SDK client and a place for temporary files. */
export interface CiKit {
  readonly emulator: Emulator;
  readonly cos: COS;
  /** Builds another client against the same emulator (other keys, tokens, clock offsets). */
  client(options?: Partial<COS.COSOptions>): COS;
  close(): Promise<void>;
}

/** Starts an emulator with the media and results buckets. */
export async function startCiKit(options: { now?: () => number } = {}): Promise<CiKit> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ci-emulator-'));
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    quiet: true,
    buckets: ['media', 'results'],
    region: REGION,
    ...(options.now ? { now: options.now } : {}),
  });
  const client = (extra: Partial<COS.COSOptions> = {}) =>
    new COS({
      SecretId: DEFAULT_SECRET_ID,
      SecretKey: DEFAULT_SECRET_KEY,
      Ip: `127.0.0.1:${emulator.port}`,
      Protocol: 'http:',
      AutoSwitchHost: false,
      ...extra,
    } as COS.COSOptions);
  return {
    emulator,
    cos: client(),
    client,
    async close() {
      // Let queued jobs finish first, so none writes into the data directory after it is removed.
      const sdk = client();
      for (let waited = 0; waited < 60_000; waited += 200) {
        const busy = await ciRequest(sdk, 'GET', '/jobs', undefined, {
          tag: 'SpeechRecognition',
          states: 'Submitted,Running',
        });
        if (!busy.body.includes('<JobId>')) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A submission body in doc 1045/49546's element order; `overrides` patch SpeechRecognition etc. */
export function jobXml(options: {
  input?: string;
  inputUrl?: string;
  output?: string;
  queueId?: string | null | undefined;
  speech?: Record<string, string>;
  callBack?: string;
  callBackFormat?: string;
  userData?: string;
  extra?: string;
}): string {
  const speech = { EngineModelType: '16k_en', ChannelNum: '1', ResTextFormat: '1', ...options.speech };
  const input =
    options.inputUrl !== undefined
      ? `<Url>${escapeText(options.inputUrl)}</Url>`
      : `<Object>${options.input ?? 'in/a.wav'}</Object>`;
  return [
    '<Request>',
    '<Tag>SpeechRecognition</Tag>',
    `<Input>${input}</Input>`,
    '<Operation>',
    `<SpeechRecognition>${Object.entries(speech)
      .map(([name, value]) => `<${name}>${value}</${name}>`)
      .join('')}</SpeechRecognition>`,
    `<Output><Region>${REGION}</Region><Bucket>${OUTPUT_BUCKET}</Bucket><Object>${options.output ?? 'out/a.txt'}</Object></Output>`,
    options.userData === undefined ? '' : `<UserData>${options.userData}</UserData>`,
    '<JobLevel>0</JobLevel>',
    '</Operation>',
    options.queueId === null ? '' : `<QueueId>${options.queueId ?? QUEUE_ID}</QueueId>`,
    options.callBack === undefined ? '' : `<CallBack>${escapeText(options.callBack)}</CallBack>`,
    options.callBackFormat === undefined ? '' : `<CallBackFormat>${options.callBackFormat}</CallBackFormat>`,
    options.extra ?? '',
    '</Request>',
  ].join('');
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

/** The SDK's answer for a request, or its error object (the SDK rejects on 4xx/5xx). */
export interface CiAnswer {
  readonly statusCode: number;
  readonly body: string;
  readonly error?: { code?: string; message?: string; statusCode?: number };
}

/** One CI request through `cos.request` with a raw body, as users of the SDK do. */
export async function ciRequest(
  cos: COS,
  method: string,
  pathAndQuery: string,
  body?: string,
  query?: Record<string, string>,
): Promise<CiAnswer> {
  try {
    const result = (await cos.request({
      Method: method,
      Url: `${CI_URL}${pathAndQuery}`,
      ...(query ? { Query: query } : {}),
      ...(body === undefined ? {} : { Body: body, Headers: { 'Content-Type': 'application/xml' } }),
      RawBody: true,
    } as unknown as COS.RequestParams)) as unknown as { statusCode: number; Body: string };
    return { statusCode: result.statusCode, body: String(result.Body ?? '') };
  } catch (error) {
    const failure = error as { code?: string; message?: string; statusCode?: number };
    return { statusCode: failure.statusCode ?? 0, body: '', error: failure };
  }
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/** Parses CI XML with every value a string. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** Element names in document order, with their nesting, for shape comparisons. */
export function elementPaths(xml: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const match of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = match;
    if (closing) {
      stack.pop();
      continue;
    }
    const here = [...stack, name].join('.');
    if (paths.at(-1) !== here) paths.push(here);
    if (!selfClosing) stack.push(name);
  }
  return paths;
}

/** A loopback HTTP receiver that records every POST and answers 200. */
export interface CallbackReceiver {
  readonly url: string;
  readonly received: Array<{ contentType: string; body: string }>;
  /** Resolves with the first `count` deliveries (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Array<{ contentType: string; body: string }>>;
  close(): Promise<void>;
}

/**
 * Starts the receiver on 127.0.0.2: the emulator treats any 127.0.0.1 / localhost URL as its own API
 * Gateway (local/send-callback.ts ignores the port), so a test receiver must live at another loopback address.
 */
export async function startReceiver(): Promise<CallbackReceiver> {
  const received: Array<{ contentType: string; body: string }> = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        contentType: String(request.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"message":"success"}');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.2:${port}/ci-callback?job=test`,
    received,
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} callbacks, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Polls GET /jobs/<id> until `until` holds for its state (by default: it left Submitted/Running) and
 * returns that answer's XML. `seen` collects each state observed, in order, without repeats.
 */
export async function waitForJob(
  cos: COS,
  jobId: string,
  timeoutMs = 30_000,
  seen: string[] = [],
  until: (state: string) => boolean = (state) => state !== 'Submitted' && state !== 'Running',
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ciRequest(cos, 'GET', `/jobs/${jobId}`);
    const state = /<State>(\w+)<\/State>/.exec(answer.body)?.[1];
    if (state && seen.at(-1) !== state) seen.push(state);
    if (state && until(state)) return answer.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One plain HTTP exchange with the emulator, with exactly the headers given (Host included; it
 * defaults to the loopback address as Node would send it). Shares cos-harness's raw client.
 */
export function rawRequest(
  port: number,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return cosRawRequest(port, {
    method,
    host: `127.0.0.1:${port}`,
    path: pathAndQuery,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}
