/**
 * The pipeline wired to the local emulator exactly as serverless.yml wires it in the cloud: the real
 * handlers (functions/*.ts `main`) bound to a COS trigger on `input/`, the callback's function URL
 * and a timer, every Tencent client dialling the emulator through
 * COS_TRANSCRIBE_LOCAL_CLOUD while signing for the real hosts. One kit per test file: the handlers
 * build their dependencies once per "container", i.e. once per module instance.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { main as callbackMain } from '../../../functions/callback.js';
import { main as reconcileMain } from '../../../functions/reconcile.js';
import { main as uploadMain } from '../../../functions/upload.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createCosStorage } from '../../../lib/tencent/cos/cos-storage.js';
import type { ObjectStorage } from '../../../lib/tencent/object-storage.js';
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { type Emulator, startEmulator } from '../../../local/emulator.js';
import type { Log } from '../../../local/log.js';
import { encodeObjectFile, readObjectFile } from '../../../local/store/object-file.js';

export const REGION = 'ap-guangzhou';
export const INPUT_BUCKET = `media-${DEFAULT_APP_ID}`;
export const OUTPUT_BUCKET = `results-${DEFAULT_APP_ID}`;
export const CALLBACK_SECRET = 'test-callback-secret-0123456789abcdef0123456789';

/** Where `dpkg -L pocketsphinx-testdata` puts LibriVox speech (16 kHz mono WAV, 3-7 s each). */
export const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

/** A running pipeline over the emulator. */
export interface PipelineKit {
  readonly emulator: Emulator;
  readonly dataDir: string;
  readonly cos: COS;
  readonly storage: ObjectStorage;
  readonly ledger: JobLedger;
  readonly callbackUrl: string;
  /** Uploads an object to the input bucket (fires the trigger). */
  upload(key: string, body: Buffer | string, headers?: Record<string, string>): Promise<{ etag: string }>;
  /** Waits until no function invocation is running or waiting for a retry. */
  settle(): Promise<void>;
  /** Fires the reconcile timer and waits for it. */
  reconcile(): Promise<void>;
  /** Delivers a COS event for `key` to the upload function through SCF's async invoke (with retries). */
  deliver(key: string, options?: { encodeKey?: boolean }): Promise<void>;
  /** Unbinds the upload trigger (to stage objects without events); returns a rebind function. */
  pauseTrigger(): () => void;
  /** Rewrites the size an object's HEAD reports, in the emulator's store (no bytes written). */
  fakeHeadSize(bucket: string, key: string, size: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts emulator + handlers; sets the environment the handlers read at their first call. */
export async function startPipeline(
  options: {
    scfRetryDelaysMs?: readonly number[];
    env?: Readonly<Record<string, string>>;
    /** Receives the emulator's log (requests, jobs); silent when absent. */
    log?: Log;
  } = {},
): Promise<PipelineKit> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pipeline-test-'));
  const emulator = await startEmulator({
    port: 0,
    quiet: true,
    ...(options.log ? { log: options.log } : {}),
    dataDir,
    buckets: ['media', 'results'],
    scfRetryDelaysMs: options.scfRetryDelaysMs ?? [300, 600],
  });
  const { url: callbackUrl } = emulator.scf.bindFunctionUrl({
    functionName: 'callback',
    handler: callbackMain,
    timeoutMs: 60_000,
  });
  const env = {
    REGION,
    APP_ID: DEFAULT_APP_ID,
    INPUT_BUCKET,
    INPUT_PREFIX: 'input/',
    OUTPUT_BUCKET,
    OUTPUT_PREFIX: 'output/',
    LEDGER_BUCKET: OUTPUT_BUCKET,
    LEDGER_PREFIX: 'cos-transcribe/',
    DEFAULT_ENGINE: 'auto',
    ENGINE_MODEL: '16k_en',
    OUTPUT_FORMATS: 'srt,vtt,txt,json',
    SUBTITLE_PROFILE: 'en',
    RECONCILE_STALE_AFTER: '1m',
    CALLBACK_BASE_URL: callbackUrl,
    CALLBACK_SECRET,
    TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
    COS_TRANSCRIBE_LOCAL_CLOUD: emulator.url,
    ...options.env,
  };
  Object.assign(process.env, env);
  const bindUpload = () =>
    emulator.scf.bindCos({
      functionName: 'upload',
      handler: uploadMain,
      bucket: INPUT_BUCKET,
      prefix: 'input/',
      timeoutMs: 60_000,
    });
  let unbind = bindUpload();
  emulator.scf.bindTimer({
    functionName: 'reconcile',
    handler: reconcileMain,
    triggerName: 'reconcile',
    timeoutMs: 120_000,
  });

  const cos = new COS({
    SecretId: DEFAULT_SECRET_ID,
    SecretKey: DEFAULT_SECRET_KEY,
    Ip: `127.0.0.1:${emulator.port}`,
    Protocol: 'http:',
    AutoSwitchHost: false,
  } as COS.COSOptions);
  const storage = createCosStorage({
    region: REGION,
    credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    endpoint: { ip: `127.0.0.1:${emulator.port}` },
  });
  const config = loadConfig(env);
  const ledger = new JobLedger({ storage, place: config.ledger });

  return {
    emulator,
    dataDir,
    cos,
    storage,
    ledger,
    callbackUrl,
    async upload(key, body, headers = {}) {
      const answer = await cos.putObject({
        Bucket: INPUT_BUCKET,
        Region: REGION,
        Key: key,
        Body: body,
        Headers: headers,
      });
      return { etag: String(answer.ETag).replace(/"/g, '') };
    },
    settle: () => emulator.scf.idle(),
    async deliver(key, deliverOptions = {}) {
      const head = await storage.head({ bucket: INPUT_BUCKET, key });
      const spec = { functionName: 'upload', handler: uploadMain, timeoutMs: 60_000 };
      emulator.scf.invokeAsync(spec, cosEvent(key, head?.size ?? 0, deliverOptions.encodeKey ?? false));
    },
    async reconcile() {
      emulator.scf.fireTimer('reconcile');
      await emulator.scf.idle();
    },
    pauseTrigger() {
      unbind();
      return () => {
        unbind = bindUpload();
      };
    },
    async fakeHeadSize(bucket, key, size) {
      const hash = createHash('sha256').update(key, 'utf8').digest('hex');
      const file = path.join(dataDir, bucket, 'objects', hash.slice(0, 2), hash);
      const found = await readObjectFile(file);
      if (!found) throw new Error(`no object ${key} in the emulator store`);
      await writeFile(file, encodeObjectFile({ key, meta: { ...found.record.meta, size } }, found.body));
    },
    async stop() {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One LibriVox clip's bytes. */
export function speech(id: '0870' | '0880' | '0890' | '0920' | '0930'): Promise<Buffer> {
  return readFile(path.join(LIBRIVOX, `sense_and_sensibility_01_austen_64kb-${id}.wav`));
}

/** Keys under a prefix of a bucket, sorted. */
export async function keysUnder(storage: ObjectStorage, bucket: string, prefix: string): Promise<string[]> {
  return (await storage.list(bucket, prefix)).map((o) => o.key).sort();
}

/** Polls `probe` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A COS trigger event in SCF's recorded shape (test/fixtures/scf/cos-object-created.json), for
 * deliveries the trigger would not make by itself (repeats, encoded keys, staged objects).
 */
export function cosEvent(key: string, size: number, encodeKey = false) {
  const name = INPUT_BUCKET.slice(0, -(DEFAULT_APP_ID.length + 1));
  const shownKey = encodeKey ? key.split('/').map(encodeURIComponent).join('/') : key;
  return {
    Records: [
      {
        cos: {
          cosSchemaVersion: '1.0',
          cosObject: {
            url: `http://${INPUT_BUCKET}.cos.${REGION}.myqcloud.com/${key.split('/').map(encodeURIComponent).join('/')}`,
            meta: { 'x-cos-request-id': 'test', 'Content-Type': '' },
            vid: '',
            key: `/${DEFAULT_APP_ID}/${name}/${shownKey}`,
            size,
          },
          cosBucket: { region: 'gz', name, appid: DEFAULT_APP_ID },
          cosNotificationId: 'unkown',
        },
        event: {
          eventName: 'cos:ObjectCreated:Put',
          eventVersion: '1.0',
          eventTime: Math.floor(Date.now() / 1000),
          eventSource: 'qcs::cos',
          requestParameters: {
            requestSourceIP: '127.0.0.1',
            requestHeaders: { Authorization: 'q-sign-algorithm=sha1' },
          },
          eventQueue: `qcs:0:lambda:gz:appid/${DEFAULT_APP_ID}:default.upload.$LATEST`,
          reservedInfo: '',
          reqid: 1,
        },
      },
    ],
  };
}

/**
 * A WAV of `ms` milliseconds of silence, 16-bit, 16 kHz mono unless told otherwise (a fast, honest
 * input for key tests; telephone rates and stereo for the audio-format rules).
 */
export function silentWav(ms: number, format: { sampleRate?: number; channels?: number } = {}): Buffer {
  const rate = format.sampleRate ?? 16_000;
  const channels = format.channels ?? 1;
  const data = Buffer.alloc(Math.round((ms * rate) / 1000) * 2 * channels);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2 * channels, 28);
  header.writeUInt16LE(2 * channels, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The job ids the ledger holds for an input key. */
export async function jobsOf(ledger: JobLedger, key: string): Promise<string[]> {
  const ids: string[] = [];
  for (const job of await ledger.list()) {
    const view = await ledger.read(job.jobId);
    if (view?.input.key === key) ids.push(job.jobId);
  }
  return ids;
}
