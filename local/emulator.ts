/**
 * Starts the local Tencent cloud: one HTTP server on 127.0.0.1 that routes by Host to the emulated
 * services (COS here; CI, ASR, MPS and STS join through `builtInServices`), with the account, object
 * store, clock, fault injection and callback plumbing every service shares (the EmulatorContext), and
 * the SCF triggers that turn object events into function invocations.
 */
import path from 'node:path';
import { localCloudVariable } from '../lib/config/local-cloud-variable.js';
import { createAccounts, DEFAULT_APP_ID, type EmulatorAccounts } from './accounts.js';
import { type AsrServiceOptions, createAsrService } from './asr/asr-service.js';
import { createCiService } from './ci/ci-service.js';
import type { EmulatorContext } from './context.js';
import { createCosService } from './cos/cos-service.js';
import { createFaults, type FaultController, type FaultOptions, faultOptionsSchema } from './faults.js';
import { createFetchInput } from './fetch-input.js';
import { createLog, type Log } from './log.js';
import { createMpsService } from './mps/mps-service.js';
import { createCodePackageService } from './scf/code-package-service.js';
import { createDeployedFunctions, type DeployedFunctions } from './scf/deployed-functions.js';
import { createFunctionUrlService } from './scf/function-url-service.js';
import { createScfApiService } from './scf/scf-api-service.js';
import { createScf, type Scf } from './scf/scf-registry.js';
import { createSendCallback } from './send-callback.js';
import { createAdminService, startServer } from './server.js';
import type { EmulatedService } from './service.js';
import { BUCKET_NAME, createFileStore, type FileObjectStore } from './store/file-store.js';
import { createMultipartStore, type MultipartStore } from './store/multipart-store.js';
import { createNotifyingStore, type NotifyingStore } from './store/object-events.js';
import { createStsService } from './sts/sts-service.js';

/** Host names that reach this machine; see `isLocal` below. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Region used for buckets created from options and for SCF events when none is given. */
export const DEFAULT_REGION = 'ap-guangzhou';

/** What a service factory may use beyond the shared context (only the emulator's own services need it). */
export interface EmulatorInternals {
  readonly store: NotifyingStore<FileObjectStore>;
  /** Multipart uploads in progress (COS only). */
  readonly uploads: MultipartStore;
  readonly scf: Scf;
  /** Functions deployed through the SCF API. */
  readonly functions: DeployedFunctions;
  readonly region: string;
  readonly asr: AsrServiceOptions;
}

/** Builds one hosted service. Most factories need only the context. */
export type ServiceFactory = (context: EmulatorContext, internals: EmulatorInternals) => EmulatedService;

/**
 * The hosted services, in routing order (the first whose `handles(host)` is true answers).
 * Add a service here with one line.
 */
const builtInServices: ServiceFactory[] = [
  (context, internals) => createCosService(context, internals.store, internals.uploads),
  (context) => createCiService(context),
  (context) => createStsService(context),
  (context, internals) => createAsrService(context, internals.asr),
  (context) => createMpsService(context),
  (context, { functions, scf, region }) =>
    createScfApiService(context, functions, { region, functionUrl: scf.functionUrl }),
];

/** Options of startEmulator (and, one to one, of the `emulator` command). */
export interface EmulatorOptions {
  /** 0 = an ephemeral port. */
  readonly port?: number;
  readonly dataDir: string;
  readonly appId?: string;
  readonly secretId?: string;
  readonly secretKey?: string;
  /** Buckets to create at start, as `name` or `name-<appid>`. */
  readonly buckets?: readonly string[];
  readonly region?: string;
  /** The emulator clock (ms); tests skew it. */
  readonly now?: () => number;
  readonly faults?: FaultOptions;
  /** Extra services, routed before the built-in ones (so a test can stand in for one). */
  readonly services?: (context: EmulatorContext) => EmulatedService[];
  /** Delays before SCF's retries of a failed async invocation (default 60 s, 120 s). */
  readonly scfRetryDelaysMs?: readonly number[];
  /** Live-stream recognition: idle limit, stream cap, legacy callbacks (local/asr-stream/README.md). */
  readonly liveStreams?: AsrServiceOptions['stream'];
  /** A log sink; the default writes JSON lines to stderr. */
  readonly log?: Log;
  /** Silences the default log. */
  readonly quiet?: boolean;
}

/** A running emulator. */
export interface Emulator {
  /** 'http://127.0.0.1:P' */
  readonly url: string;
  readonly port: number;
  readonly context: EmulatorContext;
  readonly accounts: EmulatorAccounts;
  readonly scf: Scf;
  /** Functions deployed through the SCF API, with the journal of every change. */
  readonly functions: DeployedFunctions;
  readonly faults: FaultController;
  readonly store: NotifyingStore<FileObjectStore>;
  /** Stops listening, cancels SCF timers and retries. */
  close(): Promise<void>;
}

/** Starts the emulator and resolves once it accepts connections. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const region = options.region ?? DEFAULT_REGION;
  const now = options.now ?? Date.now;
  const log = options.log ?? createLog({ quiet: options.quiet ?? false });
  const faults = createFaults(options.faults);
  const accounts = createAccounts({
    ...(options.secretId === undefined ? {} : { secretId: options.secretId }),
    ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
    now,
  });
  let port = 0;
  const baseUrl = () => `http://127.0.0.1:${port}`;
  const scf = createScf({
    appId,
    region,
    faults,
    log,
    now,
    ...(options.scfRetryDelaysMs ? { retryDelaysMs: options.scfRetryDelaysMs } : {}),
  });
  const files = await createFileStore({ dataDir: path.resolve(options.dataDir), defaultRegion: region, now });
  const store = createNotifyingStore(files, (event) => scf.onObjectEvent(event), now);

  let services: EmulatedService[] = [];
  // A loopback URL names the emulator only on the emulator's own port: a test's or a user's own receiver on
  // 127.0.0.1:<other port> must get its callbacks, not have them routed to one of our emulated services.
  const isLocal = (url: URL) => {
    const host = url.hostname.toLowerCase();
    if (loopbackHosts.has(host)) return url.port === String(port);
    return services.some((service) => service.handles(host));
  };
  const context: EmulatorContext = {
    appId,
    accounts,
    store,
    now,
    faults,
    baseUrl,
    fetchInput: createFetchInput({ accounts, store, now, isLocal, port: () => port }),
    sendCallback: createSendCallback({ faults, isLocal, port: () => port, log }),
    log,
  };
  const uploads = createMultipartStore({ dataDir: options.dataDir, now });
  const functions = createDeployedFunctions({
    dataDir: options.dataDir,
    scf,
    context,
    region,
    // What the local cloud adds to a deployed function: its clients dial the emulator.
    runtimeVariables: () => ({ [localCloudVariable]: baseUrl() }),
    log,
  });
  const internals: EmulatorInternals = {
    store,
    uploads,
    scf,
    functions,
    region,
    asr: options.liveStreams ? { stream: options.liveStreams } : {},
  };
  services = [
    ...(options.services?.(context) ?? []),
    createAdminService({
      faults,
      parseFaults: (value) => {
        const parsed = faultOptionsSchema.safeParse(value);
        return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.message };
      },
      scf,
    }),
    ...builtInServices.map((factory) => factory(context, internals)),
    createFunctionUrlService(scf, { appId, region }),
    createCodePackageService(functions),
  ];

  for (const name of options.buckets ?? []) {
    const bucket = name.endsWith(`-${appId}`) ? name : `${name}-${appId}`;
    if (!BUCKET_NAME.test(bucket)) {
      throw new Error(
        `bucket '${name}': use lower-case letters, digits and hyphens (the app id is appended)`,
      );
    }
    await files.createBucketIn(bucket, region);
  }

  const server = await startServer({ port: options.port ?? 0, services: () => services, faults, now, log });
  port = server.port;
  return {
    url: baseUrl(),
    port,
    context,
    accounts,
    scf,
    functions,
    faults,
    store,
    async close() {
      functions.close();
      scf.close();
      await server.close();
    },
  };
}
