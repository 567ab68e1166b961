/**
 * The local cloud a command runs against when no other is named: the emulator plus the three SCF
 * functions bound as serverless.yml binds them (upload on the input bucket's ObjectCreated events
 * under INPUT_PREFIX, callback behind an API Gateway POST /callback route, reconcile on a timer),
 * each with serverless.yml's time limit and the same environment the functions get in the cloud,
 * plus COS_TRANSCRIBE_LOCAL_CLOUD so every client dials the emulator.
 *
 * The dev stack (`npm start`, local/dev-stack/) is the long-running form of this; this is the
 * smallest wiring a one-shot command needs, started and stopped with the command.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { localCloudVariable } from '../../lib/pipeline/from-environment.js';
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../local/accounts.js';
import { DEFAULT_REGION, type Emulator, startEmulator } from '../../local/emulator.js';
import type { ScfHandler } from '../../local/scf/scf-context.js';
import { captureStrayStdout } from './terminal.js';

/** Where an in-command local cloud keeps its data when `--data` is not given. */
export const defaultLocalDataDir = path.join('.local-cloud', 'cli');

/**
 * The pipeline environment of the local cloud. A public, local-only account and secret (like the
 * emulator's documented defaults): never use them anywhere else. ENGINE_MODEL is English because the
 * offline recognizer is pocketsphinx's en-us model.
 */
export function localPipelineEnvironment(
  localCloudUrl: string,
  callbackBaseUrl: string,
): Record<string, string> {
  return {
    REGION: DEFAULT_REGION,
    APP_ID: DEFAULT_APP_ID,
    INPUT_BUCKET: `input-${DEFAULT_APP_ID}`,
    INPUT_PREFIX: 'input/',
    OUTPUT_BUCKET: `output-${DEFAULT_APP_ID}`,
    OUTPUT_PREFIX: 'output/',
    LEDGER_PREFIX: 'cos-transcribe/',
    DEFAULT_ENGINE: 'auto',
    ENGINE_MODEL: '16k_en',
    OUTPUT_FORMATS: 'srt,vtt,txt,json',
    SUBTITLE_PROFILE: 'auto',
    CALLBACK_BASE_URL: callbackBaseUrl,
    CALLBACK_SECRET: 'local-cloud-only-callback-secret-0000000000',
    TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
    [localCloudVariable]: localCloudUrl,
  };
}

/** A running local cloud. */
export interface LocalCloud {
  readonly url: string;
  /** The functions' environment; also what a client of this cloud needs. */
  readonly env: Readonly<Record<string, string>>;
  readonly emulator: Emulator;
  /** Stops the timer, waits for running invocations, closes the emulator. */
  close(): Promise<void>;
}

/** Options of {@link startLocalCloud}. */
export interface LocalCloudOptions {
  readonly dataDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /**
   * Where the functions' stdout (their JSON log lines) goes. In a command it is a file in the data
   * dir, as SCF sends it to its log service; a test hosting the cloud may leave stdout alone.
   */
  readonly functionLog?: 'file' | 'stdout';
  /** Emulator request log sink (tests count engine requests with it). */
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
}

/** Starts the emulator, creates the buckets and binds the three functions. */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const probe = localPipelineEnvironment('', '');
  const emulator = await startEmulator({
    port: options.port ?? 0,
    dataDir: path.join(dataDir, 'buckets'),
    appId: DEFAULT_APP_ID,
    region: DEFAULT_REGION,
    buckets: [probe.INPUT_BUCKET ?? '', probe.OUTPUT_BUCKET ?? ''],
    ...(options.log ? { log: options.log } : { quiet: true }),
  });
  let release = () => {};
  try {
    // Imported only now: the functions build their clients from process.env on first use.
    const [upload, callback, reconcile] = await Promise.all([
      import('../../functions/upload.js'),
      import('../../functions/callback.js'),
      import('../../functions/reconcile.js'),
    ]);
    const route = emulator.scf.bindApiGateway({
      functionName: 'callback',
      handler: callback.main as ScfHandler,
      path: '/callback',
      method: 'POST',
      stage: 'release',
      timeoutMs: 60_000,
    });
    const env = localPipelineEnvironment(emulator.url, route.publicUrl);
    Object.assign(process.env, env);
    emulator.scf.bindCos({
      functionName: 'upload',
      handler: upload.main as ScfHandler,
      bucket: env.INPUT_BUCKET ?? '',
      event: 'cos:ObjectCreated:*',
      prefix: env.INPUT_PREFIX ?? '',
      timeoutMs: 90_000,
    });
    // serverless.yml's cron is every 5 minutes; the emulator has no cron, so an interval stands in.
    emulator.scf.bindTimer({
      functionName: 'reconcile',
      handler: reconcile.main as ScfHandler,
      triggerName: 'cos_transcribe_reconcile',
      everyMs: 300_000,
      timeoutMs: 300_000,
    });
    if (options.functionLog !== 'stdout') {
      const logFile = path.join(dataDir, 'functions.log');
      release = captureStrayStdout((text) => appendFileSync(logFile, text));
    }
    return {
      url: emulator.url,
      env,
      emulator,
      async close() {
        emulator.scf.close();
        await emulator.scf.idle();
        await emulator.close();
        release();
      },
    };
  } catch (error) {
    release();
    await emulator.close();
    throw error;
  }
}
