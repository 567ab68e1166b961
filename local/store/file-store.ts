/**
 * The COS object store on the local file system: DATA/<bucket>/ per bucket, one file per object under a
 * name derived from the SHA-256 of its key, so any key (spaces, unicode, `+`, `%`, `..`, `a//b`, 850
 * bytes long) is stored without touching the path and listed back exactly. Writes go to a temporary file
 * and are renamed into place (last writer wins, as in COS) or hard-linked for `x-cos-forbid-overwrite`
 * (the file system lets exactly one create win, even across processes). A sorted in-memory index per
 * bucket serves listings; it is rebuilt from the files when the emulator starts on an existing DATA.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ListOptions, ListPage, ObjectStore, PutMeta, StoredObjectMeta } from '../context.js';
import { compareKeys, lowerBound } from './key-order.js';
import { listKeys } from './list-keys.js';
import { encodeObjectFile, isNotFound, readObjectFile, readObjectRecord } from './object-file.js';

/** A bucket's own record, kept in DATA/<bucket>/bucket.json. */
export interface BucketRecord {
  readonly region: string;
  readonly createdAt: number;
  /** PUT Bucket versioning's last status; absent while versioning was never enabled. */
  readonly versioning?: 'Enabled' | 'Suspended';
}

/** PutMeta plus an ETag given by the writer (a completed multipart upload's is not the body's MD5). */
export type StorePutMeta = PutMeta & {
  readonly etag?: string;
  /** Standard headers COS keeps with an object (Cache-Control, Content-Disposition...), lower-case names. */
  readonly headers?: Readonly<Record<string, string>>;
};

/** Stored metadata as this store keeps it: the shared fields plus the standard headers. */
export type StoredMeta = StoredObjectMeta & { readonly headers?: Readonly<Record<string, string>> };

/** The store, plus what COS needs beyond the shared ObjectStore contract. */
export interface FileObjectStore extends ObjectStore {
  put(
    bucket: string,
    key: string,
    body: Buffer,
    meta: StorePutMeta,
  ): Promise<{ result: 'created' | 'exists'; meta?: StoredObjectMeta }>;
  /** Creates a bucket in a region (the contract's createBucket uses the emulator's default region). */
  createBucketIn(bucket: string, region: string): Promise<'created' | 'exists'>;
  /** The bucket's record, or undefined when it does not exist. */
  bucketRecord(bucket: string): Promise<BucketRecord | undefined>;
  /** Records the bucket's versioning status (the bucket exists). */
  setVersioning(bucket: string, status: 'Enabled' | 'Suspended'): Promise<void>;
  /** Every bucket, sorted by name. */
  listBuckets(): Promise<Array<{ name: string } & BucketRecord>>;
}

type IndexEntry = { size: number; etag: string; lastModified: number };

/** Bucket names are `<name>-<appid>`: lower-case letters, digits and hyphens, so they are safe directory names. */
export const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?-\d{5,13}$/;

/** Opens (creating if needed) a store rooted at `dataDir`. */
export async function createFileStore(options: {
  dataDir: string;
  defaultRegion: string;
  now: () => number;
}): Promise<FileObjectStore> {
  const root = path.resolve(options.dataDir);
  await mkdir(root, { recursive: true });
  const indexes = new Map<string, Promise<BucketIndex>>();
  const locks = new Map<string, Promise<unknown>>();

  const bucketDir = (bucket: string) => {
    if (!BUCKET_NAME.test(bucket)) throw new Error(`invalid bucket name ${JSON.stringify(bucket)}`);
    return path.join(root, bucket);
  };
  const objectPath = (bucket: string, key: string) => {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    return path.join(bucketDir(bucket), 'objects', hash.slice(0, 2), hash);
  };
  const readBucket = async (bucket: string): Promise<BucketRecord | undefined> => {
    if (!BUCKET_NAME.test(bucket)) return undefined;
    try {
      return JSON.parse(await readFile(path.join(bucketDir(bucket), 'bucket.json'), 'utf8')) as BucketRecord;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const indexOf = (bucket: string): Promise<BucketIndex> => {
    let index = indexes.get(bucket);
    if (!index) {
      index = loadIndex(path.join(bucketDir(bucket), 'objects'), path.join(bucketDir(bucket), 'tmp'));
      indexes.set(bucket, index);
    }
    return index;
  };
  // Serialises writers of one key inside this process so the index follows the file system's order.
  const withKeyLock = async <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const previous = locks.get(id) ?? Promise.resolve();
    const current = previous.then(work, work);
    const settled = current.catch(() => undefined);
    locks.set(id, settled);
    try {
      return await current;
    } finally {
      if (locks.get(id) === settled) locks.delete(id);
    }
  };
  const createBucketIn = async (bucket: string, region: string): Promise<'created' | 'exists'> => {
    const dir = bucketDir(bucket);
    await mkdir(path.join(dir, 'objects'), { recursive: true });
    await mkdir(path.join(dir, 'tmp'), { recursive: true });
    const record: BucketRecord = { region, createdAt: options.now() };
    try {
      await writeFile(path.join(dir, 'bucket.json'), JSON.stringify(record), { flag: 'wx' });
      return 'created';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    }
  };

  return {
    async bucketExists(bucket) {
      return (await readBucket(bucket)) !== undefined;
    },
    createBucket: (bucket) => createBucketIn(bucket, options.defaultRegion),
    createBucketIn,
    bucketRecord: readBucket,
    async setVersioning(bucket, status) {
      const record = await readBucket(bucket);
      if (!record) throw new Error(`no bucket ${bucket}`);
      await writeFile(
        path.join(bucketDir(bucket), 'bucket.json'),
        JSON.stringify({ ...record, versioning: status }),
      );
    },
    async listBuckets() {
      const names = (await readdir(root)).filter((name) => BUCKET_NAME.test(name)).sort();
      const buckets: Array<{ name: string } & BucketRecord> = [];
      for (const name of names) {
        const record = await readBucket(name);
        if (record) buckets.push({ name, ...record });
      }
      return buckets;
    },
    async deleteBucket(bucket) {
      if (!(await readBucket(bucket))) return 'missing';
      const index = await indexOf(bucket);
      if (index.keys.length > 0) return 'not-empty';
      await rm(bucketDir(bucket), { recursive: true, force: true });
      indexes.delete(bucket);
      return 'deleted';
    },
    async head(bucket, key) {
      return (await readObjectRecord(objectPath(bucket, key)))?.meta;
    },
    async get(bucket, key) {
      const found = await readObjectFile(objectPath(bucket, key));
      return found && { meta: found.record.meta, body: found.body };
    },
    async put(bucket, key, body, meta: StorePutMeta) {
      const index = await indexOf(bucket);
      const stored: StoredMeta = {
        contentType: meta.contentType,
        userMeta: { ...meta.userMeta },
        size: body.length,
        etag: meta.etag ?? createHash('md5').update(body).digest('hex'),
        ...(meta.headers && Object.keys(meta.headers).length > 0 ? { headers: { ...meta.headers } } : {}),
        lastModified: options.now(),
      };
      const target = objectPath(bucket, key);
      const temporary = path.join(bucketDir(bucket), 'tmp', `${randomBytes(12).toString('hex')}`);
      try {
        await writeFile(temporary, encodeObjectFile({ key, meta: stored }, body));
      } catch (error) {
        // Services other than COS write through this store too: say what is wrong, not ENOENT.
        if (isNotFound(error) && !(await readBucket(bucket)))
          throw new Error(`NoSuchBucket: ${bucket} does not exist`);
        throw error;
      }
      return withKeyLock(`${bucket}\n${key}`, async () => {
        await mkdir(path.dirname(target), { recursive: true });
        if (meta.forbidOverwrite) {
          try {
            await link(temporary, target);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            return { result: 'exists' as const };
          } finally {
            await unlink(temporary).catch(() => undefined);
          }
        } else {
          await rename(temporary, target);
        }
        index.set(key, { size: stored.size, etag: stored.etag, lastModified: stored.lastModified });
        return { result: 'created' as const, meta: stored };
      });
    },
    async delete(bucket, key) {
      const index = await indexOf(bucket);
      const target = objectPath(bucket, key);
      await withKeyLock(`${bucket}\n${key}`, async () => {
        try {
          await unlink(target);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        // The fan-out directory stays: removing it would race a concurrent put of another key into it.
        index.remove(key);
      });
    },
    async list(bucket, listOptions: ListOptions): Promise<ListPage> {
      const index = await indexOf(bucket);
      return listKeys(index.keys, (key) => index.entry(key), listOptions);
    },
  };
}

/** Sorted keys plus their listing fields. */
class BucketIndex {
  readonly keys: string[] = [];
  private readonly entries = new Map<string, IndexEntry>();

  set(key: string, entry: IndexEntry): void {
    if (!this.entries.has(key)) this.keys.splice(lowerBound(this.keys, key, true), 0, key);
    this.entries.set(key, entry);
  }

  remove(key: string): void {
    if (!this.entries.delete(key)) return;
    const at = lowerBound(this.keys, key, true);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }

  entry(key: string): IndexEntry {
    return this.entries.get(key) ?? { size: 0, etag: '', lastModified: 0 };
  }

  sortAll(): void {
    this.keys.sort(compareKeys);
  }

  addUnsorted(key: string, entry: IndexEntry): void {
    if (!this.entries.has(key)) this.keys.push(key);
    this.entries.set(key, entry);
  }
}

async function loadIndex(objectsDir: string, tmpDir: string): Promise<BucketIndex> {
  const index = new BucketIndex();
  // Writes interrupted by a crash leave only temporary files (never a half object): clear them.
  for (const file of await readdir(tmpDir).catch(() => [] as string[])) {
    await unlink(path.join(tmpDir, file)).catch(() => undefined);
  }
  let fanOut: string[];
  try {
    fanOut = await readdir(objectsDir);
  } catch (error) {
    if (isNotFound(error)) return index;
    throw error;
  }
  const files: string[] = [];
  for (const dir of fanOut) {
    for (const file of await readdir(path.join(objectsDir, dir)).catch(() => [] as string[])) {
      files.push(path.join(objectsDir, dir, file));
    }
  }
  // Headers are read with some parallelism: one at a time, 10,000 objects take seconds on a busy disk.
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const record = await readObjectRecord(files[next++] as string);
      if (record) {
        const { size, etag, lastModified } = record.meta;
        index.addUnsorted(record.key, { size, etag, lastModified });
      }
    }
  };
  await Promise.all(Array.from({ length: INDEX_READERS }, worker));
  index.sortAll();
  return index;
}

/** Object headers read at once while a bucket's index is rebuilt. */
const INDEX_READERS = 16;
