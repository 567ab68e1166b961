/**
 * An in-memory ObjectStorage: a fake of the port (not a mock), honouring create-if-absent
 * atomically the way COS does with `x-cos-forbid-overwrite: true`. Every call is a real await
 * boundary, so concurrent callers interleave as they would over the network.
 */
import { createHash } from 'node:crypto';
import type {
  ListedObject,
  ObjectHead,
  ObjectLocation,
  ObjectStorage,
  PutBody,
  StoredObject,
} from '../../../lib/tencent/object-storage.js';

/** A bucket-and-key store held in a Map; `calls` counts operations for round-trip assertions. */
export class MemoryStorage implements ObjectStorage {
  readonly objects = new Map<string, StoredObject>();
  readonly calls = { head: 0, get: 0, put: 0, list: 0 };
  /** The clock stamped as lastModified. */
  now: () => number;
  /** Versioning status per bucket, as PUT Bucket versioning would leave it. */
  readonly versioningOf = new Map<string, 'Enabled' | 'Suspended'>();

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  async head(location: ObjectLocation): Promise<ObjectHead | undefined> {
    this.calls.head++;
    await tick();
    const object = this.objects.get(id(location));
    if (!object) return undefined;
    const { body: _body, ...head } = object;
    return head;
  }

  async get(location: ObjectLocation): Promise<StoredObject | undefined> {
    this.calls.get++;
    await tick();
    return this.objects.get(id(location));
  }

  async put(location: ObjectLocation, body: PutBody): Promise<'created' | 'exists'> {
    this.calls.put++;
    await tick();
    // Check and write with no await between them: that is the atomicity COS gives.
    // Like COS, a bucket that ever had versioning ignores create-if-absent.
    if (body.ifAbsent && !this.versioningOf.has(location.bucket) && this.objects.has(id(location))) {
      return 'exists';
    }
    const bytes = Buffer.from(body.body);
    this.objects.set(id(location), {
      body: bytes,
      size: bytes.length,
      etag: createHash('md5').update(bytes).digest('hex'),
      contentType: body.contentType,
      lastModified: new Date(this.now()),
      metadata: { ...body.metadata },
    });
    return 'created';
  }

  async versioning(bucket: string): Promise<'Enabled' | 'Suspended' | undefined> {
    await tick();
    return this.versioningOf.get(bucket);
  }

  async list(bucket: string, prefix: string, options?: { limit?: number }): Promise<ListedObject[]> {
    this.calls.list++;
    await tick();
    const listed: ListedObject[] = [];
    for (const [name, object] of [...this.objects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const slash = name.indexOf('/');
      const key = name.slice(slash + 1);
      if (name.slice(0, slash) !== bucket || !key.startsWith(prefix)) continue;
      listed.push({ key, size: object.size, etag: object.etag, lastModified: object.lastModified });
      if (options?.limit !== undefined && listed.length >= options.limit) break;
    }
    return listed;
  }

  presignGet(location: ObjectLocation, expiresInSeconds: number): string {
    return `http://127.0.0.1/${location.bucket}/${encodeURIComponent(location.key)}?q-key-time=${expiresInSeconds}`;
  }

  /** The stored object's body as text (test helper). */
  text(bucket: string, key: string): string | undefined {
    return this.objects.get(`${bucket}/${key}`)?.body.toString('utf8');
  }
}

function id(location: ObjectLocation): string {
  return `${location.bucket}/${location.key}`;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
