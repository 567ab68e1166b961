/**
 * `cos-transcribe emulator`: the local Tencent cloud on 127.0.0.1 (COS, CI, ASR, MPS, STS, SCF triggers),
 * served until SIGINT or SIGTERM. Prints exactly one line on stdout, `listening on http://127.0.0.1:P`,
 * once it accepts connections, so scripts can wait for it; everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../local/accounts.js';
import { DEFAULT_REGION, startEmulator } from '../../local/emulator.js';
import { type FaultOptions, faultOptionsSchema } from '../../local/faults.js';
import { describeMissing, recognizerInstallation } from '../../local/recognizer/index.js';

/** One line for `cos-transcribe --help`. */
export const summary = 'serve the local Tencent cloud (COS, CI, ASR, MPS, STS, SCF triggers) on 127.0.0.1';

const DEFAULT_PORT = 9100;
// Ignored by git (.gitignore), like every other local-cloud state.
const DEFAULT_DATA = '.local-cloud';

const HELP = `usage: cos-transcribe emulator [options]

Serves COS, CI speech jobs, ASR, MPS, STS and SCF triggers on 127.0.0.1, routed by the Host header, so
official clients work unchanged once their connections go to this address
(cos-nodejs-sdk-v5: { Ip: '127.0.0.1:PORT', Protocol: 'http:', AutoSwitchHost: false }).

options:
  --port P                  port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --data DIR                where buckets are stored (default ${DEFAULT_DATA})
  --appid ID                account app id; buckets are <name>-<appid> (default ${DEFAULT_APP_ID})
  --secret-id ID            SecretId accepted (default ${DEFAULT_SECRET_ID})
  --secret-key KEY          SecretKey for it (default ${DEFAULT_SECRET_KEY})
  --bucket NAME             create this bucket at start (repeatable; the app id is appended)
  --region REGION           region of those buckets and of SCF events (default ${DEFAULT_REGION})
  --quiet                   no request log on stderr
fault injection (also at run time: PUT http://emulator.local/faults with a JSON body):
  --fault-seed N            seed of the fault PRNG (same seed, same failures)
  --error-rate SVC=P        fail P (0..1) of requests to cos|ci|asr|mps|sts with a 5xx (repeatable)
  --latency SVC=MS          delay every answer of a service (repeatable)
  --drop-callbacks P        drop P of outgoing callbacks
  --duplicate-callbacks P   send P of outgoing callbacks twice
  --duplicate-cos-events P  deliver P of COS events to their function twice
  --rate-limit ACTION=N     requests per second for an API action, e.g. CreateRecTask=2 (repeatable)
  --scf-retry-delays MS,MS  delays before SCF's two retries of a failed async call (default 60000,120000)
  -h, --help                this text

The defaults are a public, local-only account: never use them anywhere else.`;

/** Runs the emulator until a signal; 0 on a clean stop, 1 if it cannot start, 2 for bad usage. */
export async function run(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    console.error(
      `cos-transcribe emulator: ${(error as Error).message}\nrun 'cos-transcribe emulator --help'`,
    );
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let faults: FaultOptions;
  let port: number;
  let retryDelays: number[] | undefined;
  try {
    port = integer('--port', values.port ?? String(DEFAULT_PORT), 0, 65535);
    faults = faultsFrom(values);
    retryDelays = values['scf-retry-delays']
      ?.split(',')
      .map((part) => integer('--scf-retry-delays', part, 0, 86_400_000));
  } catch (error) {
    console.error(`cos-transcribe emulator: ${(error as Error).message}`);
    return 2;
  }

  const check = await recognizerInstallation();
  if (!check.ok) {
    console.error(
      `warning: ${describeMissing(check)}\n` +
        '  (COS and SCF work without it; ASR, MPS and CI recognition fail until it is installed: ' +
        'apt-get install pocketsphinx pocketsphinx-en-us ffmpeg)',
    );
  }

  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port,
      dataDir: values.data ?? DEFAULT_DATA,
      ...(values.appid === undefined ? {} : { appId: values.appid }),
      ...(values['secret-id'] === undefined ? {} : { secretId: values['secret-id'] }),
      ...(values['secret-key'] === undefined ? {} : { secretKey: values['secret-key'] }),
      ...(values.region === undefined ? {} : { region: values.region }),
      buckets: values.bucket ?? [],
      faults,
      quiet: values.quiet ?? false,
      ...(retryDelays === undefined ? {} : { scfRetryDelaysMs: retryDelays }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${port} is in use (try --port 0)` : (error as Error).message;
    console.error(`cos-transcribe emulator: cannot start: ${reason}`);
    return 1;
  }
  console.log(`listening on ${emulator.url}`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      appid: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
      bucket: { type: 'string', multiple: true },
      region: { type: 'string' },
      quiet: { type: 'boolean' },
      'fault-seed': { type: 'string' },
      'error-rate': { type: 'string', multiple: true },
      latency: { type: 'string', multiple: true },
      'drop-callbacks': { type: 'string' },
      'duplicate-callbacks': { type: 'string' },
      'duplicate-cos-events': { type: 'string' },
      'rate-limit': { type: 'string', multiple: true },
      'scf-retry-delays': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

function faultsFrom(values: ReturnType<typeof parse>): FaultOptions {
  const pairs = (flag: string, list: string[] | undefined, read: (text: string) => number) =>
    list === undefined
      ? undefined
      : Object.fromEntries(
          list.map((item) => {
            const [name, value] = item.split('=');
            if (!name || value === undefined) throw new Error(`${flag} expects NAME=VALUE, got '${item}'`);
            return [name, read(value)];
          }),
        );
  const probability = (flag: string) => (text: string) => {
    const value = Number(text);
    if (!(value >= 0 && value <= 1))
      throw new Error(`${flag} expects a probability from 0 to 1, got '${text}'`);
    return value;
  };
  const raw = {
    seed:
      values['fault-seed'] === undefined
        ? undefined
        : integer('--fault-seed', values['fault-seed'], 0, 2 ** 31),
    errorRate: pairs('--error-rate', values['error-rate'], probability('--error-rate')),
    latencyMs: pairs('--latency', values.latency, (text) => integer('--latency', text, 0, 600_000)),
    dropCallbacks:
      values['drop-callbacks'] === undefined
        ? undefined
        : probability('--drop-callbacks')(values['drop-callbacks']),
    duplicateCallbacks:
      values['duplicate-callbacks'] === undefined
        ? undefined
        : probability('--duplicate-callbacks')(values['duplicate-callbacks']),
    duplicateCosEvents:
      values['duplicate-cos-events'] === undefined
        ? undefined
        : probability('--duplicate-cos-events')(values['duplicate-cos-events']),
    rateLimits: pairs('--rate-limit', values['rate-limit'], (text) =>
      integer('--rate-limit', text, 0, 1_000_000),
    ),
  };
  return faultOptionsSchema.parse(
    Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)),
  );
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} expects an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}
