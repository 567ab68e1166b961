/**
 * The local cloud a command runs against when no other is named: the emulator plus the three SCF
 * functions bound as serverless.yml binds them (read from serverless.yml itself with the dev stack's
 * reader, so the two cannot drift: the upload trigger's bucket, events, prefix and suffix, the
 * callback's function URL, each function's time limit), with the environment serverless.yml
 * gives them over the dev stack's local deploy defaults, plus what SCF adds (role credentials, here
 * the emulator's public account) and COS_TRANSCRIBE_LOCAL_CLOUD so every client dials the emulator.
 *
 * `npm start` (local/dev-stack/) is the long-running form with inbox and outbox; this is the smallest
 * wiring a one-shot command needs, started and stopped with the command.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { localCloudVariable } from '../../lib/config/local-cloud-variable.js';
import { writeCloudFile } from '../../local/cloud-file.js';
import { loadHandler } from '../../local/dev-stack/function-handlers.js';
import { localDeployEnvironment, localRuntimeVariables } from '../../local/dev-stack/local-environment.js';
import { packageFile } from '../../local/dev-stack/package-file.js';
import { readServerlessWiring } from '../../local/dev-stack/serverless-wiring.js';
import { type Emulator, startEmulator } from '../../local/emulator.js';
import { captureStrayStdout } from './terminal.js';

/** Where an in-command local cloud keeps its data when `--data` is not given. */
export const defaultLocalDataDir = path.join('.local-cloud', 'cli');

// Found from this module's place, which differs between the sources (bin/cli/) and the bundle (dist/commands/).
const serverlessFile = packageFile('serverless.yml', import.meta.url);

/**
 * The pipeline environment of a local cloud: the deploy environment (`env` over the local deploy
 * defaults: local buckets, the en-us model of the offline recognizer, a public local-only callback
 * secret) as serverless.yml hands it to the functions, plus SCF's runtime variables.
 */
export function localPipelineEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  localCloudUrl: string,
  callbackBaseUrl: string,
): Record<string, string> {
  const wiring = readServerlessWiring(serverlessFile, localDeployEnvironment(env));
  const functionEnv: Record<string, string> = { ...wiring.environment };
  if (!functionEnv.CALLBACK_BASE_URL) functionEnv.CALLBACK_BASE_URL = callbackBaseUrl;
  return { ...functionEnv, ...localRuntimeVariables(localCloudUrl, localCloudVariable) };
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
  /** The deploy environment (default process.env); the local deploy defaults fill what it leaves unset. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Announce the cloud in `<dir>/.local-cloud/cloud.json` while it runs, as `npm start` does, so a
   * command started in that folder finds it (tests host their cloud this way); `startedBy` names it.
   */
  readonly announce?: { readonly dir: string; readonly startedBy: string };
  /** Emulator request log sink (tests count engine requests with it). */
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
}

/** Starts the emulator, creates the buckets and binds the three functions. */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const deployEnv = localDeployEnvironment(options.env ?? process.env);
  const wiring = readServerlessWiring(serverlessFile, deployEnv);
  const planned = wiring.environment;
  const buckets = [planned.INPUT_BUCKET, planned.OUTPUT_BUCKET, planned.LEDGER_BUCKET].filter(
    (bucket): bucket is string => Boolean(bucket),
  );
  const emulator = await startEmulator({
    port: options.port ?? 0,
    dataDir: path.join(dataDir, 'buckets'),
    ...(planned.APP_ID ? { appId: planned.APP_ID } : {}),
    region: wiring.region,
    buckets: [...new Set(buckets)],
    ...(options.log ? { log: options.log } : { quiet: true }),
  });
  let release = () => {};
  try {
    const [upload, callback, reconcile] = await Promise.all([
      loadHandler(wiring.upload.module, wiring.upload.exportName),
      loadHandler(wiring.callback.module, wiring.callback.exportName),
      loadHandler(wiring.reconcile.module, wiring.reconcile.exportName),
    ]);
    const functionUrl = emulator.scf.bindFunctionUrl({
      functionName: 'callback',
      handler: callback,
      timeoutMs: wiring.callback.timeoutMs,
    });
    const env = localPipelineEnvironment(options.env ?? process.env, emulator.url, functionUrl.url);
    Object.assign(process.env, env);
    const trigger = wiring.upload.trigger;
    emulator.scf.bindCos({
      functionName: 'upload',
      handler: upload,
      bucket: trigger.bucket,
      event: trigger.events,
      prefix: trigger.prefix,
      ...(trigger.suffix ? { suffix: trigger.suffix } : {}),
      timeoutMs: wiring.upload.timeoutMs,
    });
    // A one-shot command lives minutes at most: a 5-minute interval (serverless.yml's default cron)
    // stands in for the cron; `npm start` runs the real schedule.
    emulator.scf.bindTimer({
      functionName: 'reconcile',
      handler: reconcile,
      triggerName: wiring.reconcile.timer.name,
      everyMs: 300_000,
      timeoutMs: wiring.reconcile.timeoutMs,
    });
    if (options.functionLog !== 'stdout') {
      const logFile = path.join(dataDir, 'functions.log');
      release = captureStrayStdout((text) => appendFileSync(logFile, text));
    }
    const { announce } = options;
    const removeCloudFile = announce
      ? writeCloudFile(announce.dir, {
          url: emulator.url,
          appId: env.APP_ID ?? '',
          startedBy: announce.startedBy,
          settings: env,
        })
      : () => {};
    return {
      url: emulator.url,
      env,
      emulator,
      async close() {
        removeCloudFile();
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
