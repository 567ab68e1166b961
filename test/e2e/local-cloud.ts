/**
 * The whole local cloud for the end-to-end suite: the emulator with fault injection, and the real
 * handlers (functions/*.ts `main`) bound as serverless.yml binds them in the cloud — a COS trigger on
 * `input/`, the callback's function URL, and a reconcile timer that fires on its own — with
 * every Tencent client dialling the emulator through COS_TRANSCRIBE_LOCAL_CLOUD while signing for the
 * real hosts. One cloud per test file: handlers build their dependencies once per module instance,
 * i.e. once per "container", and vitest gives each file its own modules.
 *
 * What the suite asserts is read straight from the emulator's store, never through HTTP, so the
 * faults injected into the pipeline's own requests cannot blur the verdict.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import COS from 'cos-nodejs-sdk-v5';
import { vi } from 'vitest';
import { main as callbackMain } from '../../functions/callback.js';
import { main as reconcileMain } from '../../functions/reconcile.js';
import { main as uploadMain } from '../../functions/upload.js';
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../local/accounts.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../local/emulator.js';
import type { FaultOptions } from '../../local/faults.js';
import type { Log } from '../../local/log.js';
import { type CloudState, readCloudState } from './cloud-state.js';
import { ownProcessCallback } from './own-process-callback.js';

export const REGION = 'ap-guangzhou';
export const INPUT_BUCKET = `media-${DEFAULT_APP_ID}`;
export const OUTPUT_BUCKET = `results-${DEFAULT_APP_ID}`;
export const INPUT_PREFIX = 'input/';
export const OUTPUT_PREFIX = 'output/';
export const LEDGER_PREFIX = 'cos-transcribe/';
export const CALLBACK_SECRET = 'e2e-callback-secret-0123456789abcdef0123456789ab';
/** The formats every job is asked for; a complete output set is these plus the QC report and raw result. */
export const OUTPUT_FORMATS = ['srt', 'vtt', 'txt', 'json'] as const;
export const OUTPUT_SUFFIXES = ['json', 'qc.json', 'raw.json', 'srt', 'txt', 'vtt'] as const;

/** How the cloud is started. */
export interface LocalCloudOptions {
  readonly faults?: FaultOptions;
  /** SCF's delays before retrying a failed async invocation (the real ones are 60 s and 120 s). */
  readonly scfRetryDelaysMs?: readonly number[];
  /** The reconcile timer's period; absent = the timer only fires when a test fires it. */
  readonly reconcileEveryMs?: number;
  /** Extra or changed pipeline environment variables (DEFAULT_ENGINE, RECONCILE_STALE_AFTER, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** The emulator's live-stream recognition options (idle limit, stream cap). */
  readonly liveStreams?: EmulatorOptions['liveStreams'];
  /**
   * Runs the callback function in a process of its own (own-process-callback.ts), as an SCF instance
   * runs it, so that `callbackCpu` counts the callback's work alone; otherwise it runs in this process.
   */
  readonly callbackInOwnProcess?: boolean;
}

/** Successful writes the emulator served, counted from its request log (not from the pipeline's word). */
export interface WriteCounter {
  /** Successful PUT/POST requests per `bucket/key` (raw path, still percent-encoded). */
  readonly writes: Map<string, number>;
  /** Requests per service answered with a 5xx (injected faults show here). */
  readonly serverErrors: Map<string, number>;
  /** Requests per service, whatever the answer. */
  readonly requests: Map<string, number>;
  /** Engine callbacks by fate ('deliver', 'drop', 'duplicate'), as the emulator decided them. */
  readonly callbackFates: Map<string, number>;
  /** Every emulator log event by name, e.g. 'asr.task.created' (one per task CreateRecTask accepted). */
  readonly events: Map<string, number>;
}

/** A running local cloud. */
export interface LocalCloud {
  readonly emulator: Emulator;
  readonly cos: COS;
  readonly callbackUrl: string;
  readonly counter: WriteCounter;
  /** The emulator's live-stream events (`asr.stream.*`: what it created, recognised, sent and ended). */
  readonly streamEvents: ReadonlyArray<Record<string, unknown>>;
  /**
   * Process CPU (user + system, ms) spent inside each callback invocation, with its answer's status:
   * `process.cpuUsage()` deltas around the handler call, exact while callbacks run one at a time.
   * With `callbackInOwnProcess` it is the callback's process alone; otherwise the emulator shares the
   * process and the figure includes serving the handler's own COS reads. `gcMs` is the garbage
   * collector's pause time seen meanwhile (perf_hooks 'gc' entries).
   */
  readonly callbackCpu: ReadonlyArray<{
    readonly ms: number;
    readonly status: number;
    readonly gcMs: number;
  }>;
  /** The handlers' JSON log lines (kept off the console so each test's own summary stays readable). */
  readonly pipelineLog: ReadonlyArray<Record<string, unknown>>;
  /** Uploads through the official COS SDK (which fires the trigger). */
  upload(key: string, body: Buffer | string, headers?: Record<string, string>): Promise<void>;
  /**
   * Holds back the COS trigger's events: the upload function's binding is swapped for one that only
   * records each event exactly as the trigger built it. `release` restores the real binding.
   */
  holdEvents(): { readonly events: readonly unknown[]; release(): void };
  /** Delivers an event to the upload function by SCF's async invoke (retries included), as the trigger does. */
  deliver(event: unknown): void;
  /** Deletes an input object through the official COS SDK (which fires the delete trigger). */
  remove(key: string): Promise<void>;
  /**
   * A new callback "container": the callback function's module and everything it imports are loaded
   * afresh (no dependencies, no caches), and the route calls the new instance from now on.
   */
  restartCallback(): Promise<void>;
  /** The output bucket and ledger as they are now, read from the store. */
  state(): Promise<CloudState>;
  stop(): Promise<void>;
}

/** Starts emulator + handlers and sets the environment the handlers read at their first call. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'e2e-cloud-'));
  const counter: WriteCounter = {
    writes: new Map(),
    serverErrors: new Map(),
    requests: new Map(),
    callbackFates: new Map(),
    events: new Map(),
  };
  const streamEvents: Array<Record<string, unknown>> = [];
  const log: Log = (event, fields = {}) => {
    if (event.startsWith('asr.stream.')) streamEvents.push({ event, ...fields });
    bump(counter.events, event);
    if (event === 'callback.send') bump(counter.callbackFates, String(fields.fate));
    if (event !== 'request') return;
    const status = Number(fields.status);
    bump(counter.requests, String(fields.service));
    if (status >= 500) bump(counter.serverErrors, String(fields.service));
    const method = String(fields.method);
    if (status === 200 && (method === 'PUT' || method === 'POST') && String(fields.service) === 'cos') {
      const bucket = String(fields.host).split('.')[0] ?? '';
      bump(counter.writes, `${bucket}${String(fields.path)}`);
    }
  };
  const pipelineLog: Array<Record<string, unknown>> = [];
  const restoreStdout = captureJsonLines(pipelineLog);
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    log,
    buckets: ['media', 'results'],
    scfRetryDelaysMs: options.scfRetryDelaysMs ?? [1_000, 2_000],
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.liveStreams ? { liveStreams: options.liveStreams } : {}),
  });
  let callbackHandler: typeof callbackMain = callbackMain;
  const callbackCpu: Array<{ ms: number; status: number; gcMs: number }> = [];
  let gcTotal = 0;
  const gcWatch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcTotal += entry.duration;
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const inThisProcess = async (event: unknown) => {
    const start = process.cpuUsage();
    const gcBefore = gcTotal;
    const answer = await callbackHandler(event);
    const used = process.cpuUsage(start);
    return { answer, cpuMs: (used.user + used.system) / 1000, gcMs: gcTotal - gcBefore };
  };
  const ownProcess = options.callbackInOwnProcess
    ? ownProcessCallback((line) => collectJsonLine(line, pipelineLog))
    : undefined;
  const { url: callbackUrl } = emulator.scf.bindFunctionUrl({
    functionName: 'callback',
    handler: async (event: unknown) => {
      const { answer, cpuMs, gcMs } = await (ownProcess?.invoke(event) ?? inThisProcess(event));
      callbackCpu.push({ ms: cpuMs, status: answer.statusCode, gcMs });
      return answer;
    },
    timeoutMs: 60_000,
  });
  const env: Record<string, string> = {
    REGION,
    APP_ID: DEFAULT_APP_ID,
    INPUT_BUCKET,
    INPUT_PREFIX,
    OUTPUT_BUCKET,
    OUTPUT_PREFIX,
    LEDGER_BUCKET: OUTPUT_BUCKET,
    LEDGER_PREFIX,
    DEFAULT_ENGINE: 'asr',
    ENGINE_MODEL: '16k_en',
    OUTPUT_FORMATS: OUTPUT_FORMATS.join(','),
    SUBTITLE_PROFILE: 'en',
    CALLBACK_BASE_URL: callbackUrl,
    CALLBACK_SECRET,
    TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
    COS_TRANSCRIBE_LOCAL_CLOUD: emulator.url,
    ...options.env,
  };
  Object.assign(process.env, env);
  const uploadSpec = { functionName: 'upload', handler: uploadMain, timeoutMs: 60_000 };
  const bindUpload = () =>
    emulator.scf.bindCos({ ...uploadSpec, bucket: INPUT_BUCKET, prefix: INPUT_PREFIX });
  let unbindUpload = bindUpload();
  // serverless.yml's second COS trigger: deleting a live request stops its stream.
  emulator.scf.bindCos({
    ...uploadSpec,
    bucket: INPUT_BUCKET,
    prefix: INPUT_PREFIX,
    suffix: '.live.json',
    event: 'cos:ObjectRemove:*',
  });
  emulator.scf.bindTimer({
    functionName: 'reconcile',
    handler: reconcileMain,
    triggerName: 'reconcile',
    timeoutMs: 120_000,
    ...(options.reconcileEveryMs === undefined ? {} : { everyMs: options.reconcileEveryMs }),
  });
  const cos = new COS({
    SecretId: DEFAULT_SECRET_ID,
    SecretKey: DEFAULT_SECRET_KEY,
    Ip: `127.0.0.1:${emulator.port}`,
    Protocol: 'http:',
    AutoSwitchHost: false,
  } as COS.COSOptions);

  return {
    emulator,
    cos,
    callbackUrl,
    counter,
    streamEvents,
    callbackCpu,
    pipelineLog,
    async upload(key, body, headers = {}) {
      // The suite's own uploads must land even while COS faults are injected: a refused or stalled
      // PUT stored nothing (the emulator fails it before the store), so sending it again is safe.
      for (let attempt = 1; ; attempt++) {
        try {
          await cos.putObject({
            Bucket: INPUT_BUCKET,
            Region: REGION,
            Key: key,
            Body: body,
            Headers: headers,
          });
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    },
    holdEvents() {
      const events: unknown[] = [];
      unbindUpload();
      const unbindHold = emulator.scf.bindCos({
        functionName: 'upload',
        handler: async (event: unknown) => {
          events.push(event);
        },
        bucket: INPUT_BUCKET,
        prefix: INPUT_PREFIX,
      });
      return {
        events,
        release() {
          unbindHold();
          unbindUpload = bindUpload();
        },
      };
    },
    deliver(event) {
      emulator.scf.invokeAsync(uploadSpec, event);
    },
    async remove(key) {
      await cos.deleteObject({ Bucket: INPUT_BUCKET, Region: REGION, Key: key });
    },
    async restartCallback() {
      ownProcess?.stop();
      vi.resetModules();
      callbackHandler = (await import('../../functions/callback.js')).main;
    },
    state: () =>
      readCloudState(emulator.store, {
        bucket: OUTPUT_BUCKET,
        outputPrefix: OUTPUT_PREFIX,
        ledgerPrefix: LEDGER_PREFIX,
      }),
    async stop() {
      gcWatch.disconnect();
      ownProcess?.stop();
      await emulator.close();
      await emulator.scf.idle();
      restoreStdout();
      // E2E_PIPELINE_LOG=<file> keeps the handlers' log lines of the run for a post-mortem.
      const keep = process.env.E2E_PIPELINE_LOG;
      if (keep) await writeFile(keep, pipelineLog.map((line) => JSON.stringify(line)).join('\n'));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Diverts the handlers' JSON log lines (lib/log writes them to stdout, as SCF collects them) into
 * `into`; everything else still reaches stdout. Returns the function that undoes it.
 */
function captureJsonLines(into: Array<Record<string, unknown>>): () => void {
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const parsed = lines.map(pipelineLogLine);
    if (lines.length === 0 || parsed.includes(undefined)) return original(chunk as string, ...(rest as []));
    into.push(...(parsed as Array<Record<string, unknown>>));
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

/** Keeps a handler's JSON log line in `into`; prints any other line. */
function collectJsonLine(line: string, into: Array<Record<string, unknown>>): void {
  const parsed = pipelineLogLine(line);
  if (parsed) into.push(parsed);
  else if (line.trim() !== '') console.log(line);
}

/** The line as a handler's log record, or undefined when it is not one. */
function pipelineLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{') || !line.includes('"step":')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
