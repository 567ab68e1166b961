/**
 * Object events, raised by the store itself so that every write reaches the SCF COS triggers: uploads
 * through the COS API and also objects written by other emulated services (CI writes its results into a
 * bucket, and on Tencent that fires the bucket's triggers too).
 */
import type { ListOptions, ObjectStore, StoredObjectMeta } from '../context.js';

/** Who caused an event, as the COS event's requestParameters report it. */
export interface EventOrigin {
  readonly requestId: string;
  readonly sourceIp: string;
  readonly authorization: string;
  /** 'cos:ObjectCreated:Put' unless the write was of another kind. */
  readonly eventName?: string;
}

/** One object created or removed. */
export interface ObjectEvent {
  /** 'cos:ObjectCreated:Put', 'cos:ObjectRemove:Delete', ... */
  readonly eventName: string;
  readonly bucket: string;
  readonly key: string;
  /** Metadata of the created object (undefined for removals). */
  readonly meta?: StoredObjectMeta;
  readonly origin: EventOrigin;
  readonly time: number;
}

/** A store that also accepts who is writing, so events can say so. */
export interface NotifyingStore<S extends ObjectStore> extends ObjectStore {
  readonly inner: S;
  putFrom(
    origin: EventOrigin,
    bucket: string,
    key: string,
    body: Buffer,
    meta: Parameters<S['put']>[3],
  ): ReturnType<ObjectStore['put']>;
  deleteFrom(origin: EventOrigin, bucket: string, key: string): Promise<void>;
}

const INTERNAL: EventOrigin = { requestId: '', sourceIp: '127.0.0.1', authorization: '' };

/** Wraps `inner` so each successful create and each delete of an existing object calls `listener`. */
export function createNotifyingStore<S extends ObjectStore>(
  inner: S,
  listener: (event: ObjectEvent) => void,
  now: () => number,
): NotifyingStore<S> {
  const putFrom: NotifyingStore<S>['putFrom'] = async (origin, bucket, key, body, meta) => {
    const outcome = await inner.put(bucket, key, body, meta);
    if (outcome.result === 'created' && outcome.meta) {
      listener({
        eventName: origin.eventName ?? 'cos:ObjectCreated:Put',
        bucket,
        key,
        meta: outcome.meta,
        origin,
        time: now(),
      });
    }
    return outcome;
  };
  const deleteFrom = async (origin: EventOrigin, bucket: string, key: string) => {
    const existed = (await inner.head(bucket, key)) !== undefined;
    await inner.delete(bucket, key);
    if (existed) listener({ eventName: 'cos:ObjectRemove:Delete', bucket, key, origin, time: now() });
  };
  return {
    inner,
    putFrom,
    deleteFrom,
    bucketExists: (bucket) => inner.bucketExists(bucket),
    createBucket: (bucket) => inner.createBucket(bucket),
    deleteBucket: (bucket) => inner.deleteBucket(bucket),
    head: (bucket, key) => inner.head(bucket, key),
    get: (bucket, key) => inner.get(bucket, key),
    put: (bucket, key, body, meta) => putFrom(INTERNAL, bucket, key, body, meta),
    delete: (bucket, key) => deleteFrom(INTERNAL, bucket, key),
    list: (bucket, options: ListOptions) => inner.list(bucket, options),
  };
}
