/**
 * What the emulator gives every hosted service: the account it accepts, the object store behind COS,
 * the clock, fault injection and outbound HTTP for callbacks. Implementations live in local/ (store,
 * accounts, faults); services depend only on these interfaces so they can be tested together over HTTP.
 */
import type { EmulatorResponse } from './service.js';

export interface EmulatorContext {
  /** The account's app id, e.g. '1250000000'; buckets are named `<name>-<appid>`. */
  readonly appId: string;
  readonly accounts: Accounts;
  readonly store: ObjectStore;
  /** Emulator time in ms; tests may skew it. */
  readonly now: () => number;
  readonly faults: Faults;
  /** Where the emulator itself listens ('http://127.0.0.1:P'), for URLs it hands out. */
  readonly baseUrl: () => string;
  /**
   * Fetches a URL given to an engine as input. A URL naming the emulator's own COS host (presigned, http or https)
   * is served from the store after its signature is checked; anything else is fetched over the network.
   */
  readonly fetchInput: (
    url: string,
  ) => Promise<{ ok: true; body: Buffer; contentType: string } | FetchFailure>;
  /**
   * POSTs a callback (ASR form body, CI XML/JSON, a live-recognition JSON body with its CheckSum
   * header), honouring fault injection (drop, duplicate).
   */
  readonly sendCallback: (
    url: string,
    body: string,
    contentType: string,
    headers?: Readonly<Record<string, string>>,
  ) => Promise<CallbackOutcome>;
  readonly log: (event: string, fields?: Record<string, unknown>) => void;
}

export interface FetchFailure {
  readonly ok: false;
  /** HTTP status when there was one; 0 for network failures. */
  readonly status: number;
  readonly reason: string;
}

export interface CallbackOutcome {
  readonly delivered: boolean;
  readonly status: number;
  readonly body: string;
}

/** Secret pairs the emulator accepts, permanent and temporary (STS). */
export interface Accounts {
  /** The secret key for a SecretId, with the token a temporary one requires; undefined when unknown or expired. */
  lookup(secretId: string): { secretKey: string; token?: string; expiresAt?: number } | undefined;
  /** Issues temporary credentials valid for `durationSeconds` (STS GetFederationToken). */
  issueTemporary(durationSeconds: number): {
    secretId: string;
    secretKey: string;
    token: string;
    expiresAt: number;
  };
}

/** The COS object store, one directory per bucket. Writes are atomic. */
export interface ObjectStore {
  bucketExists(bucket: string): Promise<boolean>;
  createBucket(bucket: string): Promise<'created' | 'exists'>;
  deleteBucket(bucket: string): Promise<'deleted' | 'missing' | 'not-empty'>;
  head(bucket: string, key: string): Promise<StoredObjectMeta | undefined>;
  get(bucket: string, key: string): Promise<{ meta: StoredObjectMeta; body: Buffer } | undefined>;
  /** With `forbidOverwrite`, resolves 'exists' instead of replacing an existing object (atomically). */
  put(
    bucket: string,
    key: string,
    body: Buffer,
    meta: PutMeta,
  ): Promise<{ result: 'created' | 'exists'; meta?: StoredObjectMeta }>;
  delete(bucket: string, key: string): Promise<void>;
  list(bucket: string, options: ListOptions): Promise<ListPage>;
}

export interface PutMeta {
  readonly contentType: string;
  /** `x-cos-meta-*` values, keys lower-case without the prefix. */
  readonly userMeta: Readonly<Record<string, string>>;
  readonly forbidOverwrite?: boolean;
}

export interface StoredObjectMeta extends PutMeta {
  readonly size: number;
  /** Hex MD5 of the body, without quotes. */
  readonly etag: string;
  readonly lastModified: number;
}

export interface ListOptions {
  readonly prefix?: string;
  readonly marker?: string;
  readonly maxKeys?: number;
  readonly delimiter?: string;
}

export interface ListPage {
  readonly contents: ReadonlyArray<{ key: string; size: number; etag: string; lastModified: number }>;
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextMarker?: string;
}

/** Fault injection, set at start or at run time (tests). */
export interface Faults {
  /** Decides whether this request to `service` should fail; returns the forced response, or undefined to proceed. */
  intercept(service: string): Promise<EmulatorResponse | undefined>;
  /** For a callback: 'drop', 'duplicate' or 'deliver'. */
  callbackFate(): 'drop' | 'duplicate' | 'deliver';
  /** Rate limit (requests per second over any sliding one-second window) for an API action; undefined = default. */
  rateLimit(action: string): number | undefined;
  /** Extra deliveries of one COS event (1 = normal). */
  cosEventCopies(): number;
}
