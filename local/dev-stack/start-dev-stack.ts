/**
 * The offline dev stack behind `npm start`: the local cloud (emulator) with the input and output
 * buckets, the three functions bound to it exactly as serverless.yml binds them in the cloud (COS
 * trigger filter, function URL, timer cron and time limits read from serverless.yml), an inbox
 * folder uploaded through the COS SDK, an outbox folder mirroring the outputs, and a console line for
 * each step of each file, read from the job ledger.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../lib/config/load-config.js';
import { localCloudVariable } from '../../lib/config/local-cloud-variable.js';
import { JobLedger } from '../../lib/jobs/job-ledger.js';
import { statusFolder } from '../../lib/jobs/ledger-keys.js';
import { createCosStorage } from '../../lib/tencent/cos/cos-storage.js';
import { credentialsFromEnv } from '../../lib/tencent/credentials.js';
import { writeCloudFile } from '../cloud-file.js';
import { type Emulator, startEmulator } from '../emulator.js';
import { audioLengthMs } from './audio-length.js';
import { reportFailedAttempts } from './failed-attempts.js';
import { loadHandler } from './function-handlers.js';
import { type Inbox, watchInbox } from './inbox.js';
import { startLiveSupport } from './live-streams.js';
import { localDeployEnvironment, localRuntimeVariables } from './local-environment.js';
import { mirrorOutbox, type Outbox } from './outbox.js';
import { followProgress, type Progress } from './progress.js';
import { readServerlessWiring } from './serverless-wiring.js';
import { createStepReporter } from './step-reporter.js';
import { sampleClip } from './system-check.js';

/** Options of {@link startDevStack}. */
export interface DevStackOptions {
  /** Where inbox/, outbox/ and .local-cloud/ live (the repository root under `npm start`). */
  readonly workDir: string;
  /** The serverless.yml to wire from. */
  readonly serverlessFile: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Transcribe the sample clip when this is the first start in `workDir`. */
  readonly sample: boolean;
  /** Serve a LibriVox reading as a live stream and caption it (inbox/demo.live.json). */
  readonly liveDemo?: boolean;
  /** One console line (no newline). */
  readonly print: (line: string) => void;
}

/** A running stack. */
export interface DevStack {
  readonly url: string;
  readonly inboxDir: string;
  readonly outboxDir: string;
  /** Stops watching, lets running invocations finish, closes the emulator. */
  close(): Promise<void>;
}

/** Name the sample gets in the inbox. */
export const sampleName = 'sample-librivox.wav';

/** Starts everything; resolves once files dropped in the inbox will be picked up. */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const started = Date.now();
  const dataDir = path.join(options.workDir, '.local-cloud', 'dev-stack');
  const inboxDir = path.join(options.workDir, 'inbox');
  const outboxDir = path.join(options.workDir, 'outbox');
  for (const dir of [dataDir, inboxDir, outboxDir]) mkdirSync(dir, { recursive: true });
  const sampleMarker = path.join(dataDir, 'sample-done');
  const firstStart = !existsSync(sampleMarker);

  const deployEnv = localDeployEnvironment(options.env);
  const wiring = readServerlessWiring(options.serverlessFile, deployEnv);
  const functionEnv: Record<string, string> = { ...wiring.environment };
  const appId = functionEnv.APP_ID ?? '';
  const buckets = [functionEnv.INPUT_BUCKET, functionEnv.OUTPUT_BUCKET, functionEnv.LEDGER_BUCKET].filter(
    (bucket): bucket is string => Boolean(bucket),
  );

  const emulator: Emulator = await startEmulator({
    port: options.port,
    dataDir: path.join(dataDir, 'buckets'),
    appId,
    region: wiring.region,
    buckets: [...new Set(buckets)],
    quiet: true,
  });
  // The functions log JSON lines to stdout, as SCF collects them; here they go to a file so the
  // console stays a readable progress list.
  const functionLog = path.join(dataDir, 'functions.log');
  const restoreStdout = divertStdout((text) => appendFileSync(functionLog, text));
  const closers: (() => void)[] = [];
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
    // As in the cloud, CALLBACK_BASE_URL is the function URL, known once the URL exists.
    if (!functionEnv.CALLBACK_BASE_URL) functionEnv.CALLBACK_BASE_URL = functionUrl.url;
    Object.assign(functionEnv, localRuntimeVariables(emulator.url, localCloudVariable));
    Object.assign(process.env, functionEnv);
    const config = loadConfig(functionEnv);
    const trigger = wiring.upload.trigger;

    emulator.scf.bindTimer({
      functionName: 'reconcile',
      handler: reconcile,
      triggerName: wiring.reconcile.timer.name,
      // The emulator's SCF evaluates the 7-field cron itself.
      cron: wiring.reconcile.timer.cron,
      timeoutMs: wiring.reconcile.timeoutMs,
    });

    const storage = createCosStorage({
      region: config.region,
      credentials: () => credentialsFromEnv(functionEnv),
      endpoint: { ip: `127.0.0.1:${emulator.port}`, protocol: 'http:' },
    });
    const ledger = new JobLedger({ storage, place: config.ledger });
    const stamp = () => new Date().toISOString().slice(11, 19);
    const say = (name: string, text: string) => options.print(`${stamp()}  ${name.padEnd(24)}  ${text}`);
    const nameOf = (key: string) => (key.startsWith(trigger.prefix) ? key.slice(trigger.prefix.length) : key);

    emulator.scf.bindCos({
      functionName: 'upload',
      // SCF runs 3 attempts (emulator default delays 1 and 2 min); the reconciler resubmits after that.
      handler: reportFailedAttempts(upload, (keys, attempt, error) => {
        const next = attempt < 3 ? 'SCF retries it' : 'SCF gives up; the reconcile timer will resubmit it';
        for (const key of keys) say(nameOf(key), `attempt ${attempt} failed: ${describe(error)}; ${next}`);
      }),
      bucket: trigger.bucket,
      event: trigger.events,
      prefix: trigger.prefix,
      ...(trigger.suffix ? { suffix: trigger.suffix } : {}),
      timeoutMs: wiring.upload.timeoutMs,
    });
    const live = await startLiveSupport({
      emulator,
      upload: { handler: upload, timeoutMs: wiring.upload.timeoutMs },
      serverlessFile: options.serverlessFile,
      deployEnv,
      storage,
      input: { bucket: config.input.bucket, prefix: config.input.prefix },
      output: { bucket: config.output.bucket, prefix: config.output.prefix },
      inboxDir,
      outboxDir,
      dataDir,
      demo: options.liveDemo ?? false,
      say,
    });
    closers.push(() => void live.close());
    const outbox: Outbox = mirrorOutbox({
      dir: outboxDir,
      storage,
      bucket: config.output.bucket,
      prefix: config.output.prefix,
      onError: (error) => options.print(`${stamp()}  outbox sync failed: ${describe(error)}`),
      onRewritten: (files) =>
        options.print(
          `${stamp()}  outputs written again (a replay?): ${files.map((file) => path.relative(options.workDir, file)).join(', ')}`,
        ),
    });
    closers.push(() => outbox.close());

    const reporter = createStepReporter({
      outbox,
      inputPrefix: trigger.prefix,
      outputPrefix: config.output.prefix,
      say,
      print: options.print,
      workDir: options.workDir,
      onDone: (name, files) => {
        if (name === sampleName && firstStart) showSample(files);
      },
    });
    const showSample = (files: readonly string[]) => {
      const srt = files.find((file) => file.endsWith('.srt'));
      if (!srt) return;
      options.print(`\nThe sample, as SRT (${path.relative(options.workDir, srt)}):\n`);
      options.print(readFileSync(srt, 'utf8').trimEnd());
      options.print('');
      writeFileSync(sampleMarker, `${new Date().toISOString()}\n`);
    };
    const progress: Progress = followProgress({
      ledger,
      storage,
      statusFolder: { bucket: config.ledger.bucket, prefix: statusFolder(config.ledger.prefix) },
      inputBucket: config.input.bucket,
      onStep: (step) => reporter.onStep(step),
      onError: (key, error) => say(nameOf(key), `status unreadable: ${describe(error)}`),
    });
    closers.push(() => progress.close());

    const inbox: Inbox = watchInbox({
      dir: inboxDir,
      storage,
      bucket: trigger.bucket,
      prefix: trigger.prefix,
      onUpload: (done) => {
        say(
          done.name,
          done.alreadyThere
            ? `${''.padStart(11)}  already uploaded (same bytes), following`
            : `${'+0.0 s'.padStart(11)}  uploaded     ${done.size} B → ${done.key}`,
        );
        reporter.uploaded(done);
        progress.follow(done.key, done.etag);
        void audioLengthMs(path.join(inboxDir, done.name)).then((ms) => reporter.audioLength(done.key, ms));
      },
      onError: (name, error) => say(name, `upload failed: ${describe(error)}`),
    });
    closers.push(() => inbox.close());

    options.print(
      `local cloud  ${emulator.url}  (data in ${path.relative(options.workDir, dataDir)}, started in ${Date.now() - started} ms)`,
    );
    options.print(
      `functions    upload on ${trigger.bucket}/${trigger.prefix}*${trigger.suffix}, callback at ${functionUrl.url}, reconcile at cron "${wiring.reconcile.timer.cron}"`,
    );
    options.print(`function log ${path.relative(options.workDir, functionLog)}`);
    options.print(
      `drop files into ${path.relative(options.workDir, inboxDir)}/ ; outputs appear in ${path.relative(options.workDir, outboxDir)}/ ; Ctrl-C stops`,
    );
    if (options.sample && firstStart && existsSync(sampleClip)) {
      copyFileSync(sampleClip, path.join(inboxDir, sampleName));
      options.print(`first start: transcribing a LibriVox sample (inbox/${sampleName})`);
    }

    // Last, once everything answers: `cos-transcribe` in this folder now talks to this cloud.
    const removeCloudFile = writeCloudFile(options.workDir, {
      url: emulator.url,
      appId,
      startedBy: 'npm start',
      settings: functionEnv,
    });
    return {
      url: emulator.url,
      inboxDir,
      outboxDir,
      async close() {
        removeCloudFile();
        for (const close of closers) close();
        emulator.scf.close();
        await emulator.scf.idle();
        await emulator.close();
        restoreStdout();
      },
    };
  } catch (error) {
    for (const close of closers) close();
    await emulator.close();
    restoreStdout();
    throw error;
  }
}

/** Sends process.stdout writes to `sink` until the returned function is called. */
function divertStdout(sink: (text: string) => void): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    rest.find((arg): arg is () => void => typeof arg === 'function')?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
