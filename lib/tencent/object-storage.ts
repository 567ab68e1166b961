/**
 * The storage port the pipeline and the job ledger depend on. `lib/tencent/cos/cos-storage.ts`
 * implements it over our own COS transport (against real COS or the local emulator); nothing else should.
 */
export interface ObjectStorage {
  /** Metadata of an object, or undefined when it does not exist. */
  head(location: ObjectLocation): Promise<ObjectHead | undefined>;
  /** The object's bytes, or undefined when it does not exist. */
  get(location: ObjectLocation): Promise<StoredObject | undefined>;
  /**
   * Writes an object. With `ifAbsent: true` the write is create-if-absent (`x-cos-forbid-overwrite: true`)
   * and resolves to 'exists' instead of overwriting; otherwise it resolves to 'created'.
   */
  put(location: ObjectLocation, body: PutBody): Promise<'created' | 'exists'>;
  /** Every object under a prefix, following pagination; at most `limit` when given. */
  list(bucket: string, prefix: string, options?: { limit?: number }): Promise<ListedObject[]>;
  /** A presigned GET URL valid for `expiresInSeconds`. */
  presignGet(location: ObjectLocation, expiresInSeconds: number): string;
  /**
   * The bucket's versioning status (GET Bucket versioning, doc 436/19888): undefined while it was
   * never enabled, else 'Enabled' or 'Suspended' (once enabled it can only be suspended).
   */
  versioning(bucket: string): Promise<'Enabled' | 'Suspended' | undefined>;
}

/** A bucket (`name-appid`) and an object key (raw, not URL-encoded). */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

export interface ObjectHead {
  readonly size: number;
  /** ETag without quotes. */
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified: Date;
  /** `x-cos-meta-*` headers, keys lower-case without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface StoredObject extends ObjectHead {
  readonly body: Buffer;
}

export interface PutBody {
  readonly body: Buffer | string;
  readonly contentType: string;
  /** Written as `x-cos-meta-<key>`; keys lower-case. */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly ifAbsent?: boolean;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
}
