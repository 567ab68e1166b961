/**
 * The outbox folder mirrors the output bucket's output prefix: `<OUTPUT_PREFIX><rest>` is written
 * to `outbox/<rest>`, so `inbox/talk.wav` gives `outbox/talk.wav.srt` and its siblings. Objects are
 * fetched through the COS SDK when their ETag or modification time changes; the ledger (elsewhere in
 * the bucket) is not mirrored. Outputs written again after they were mirrored (a `cos-transcribe
 * replay`, say) are reported, even when the bytes are the same.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ListedObject, ObjectStorage } from '../../lib/tencent/object-storage.js';

/** Options of {@link mirrorOutbox}. */
export interface OutboxOptions {
  readonly dir: string;
  readonly storage: ObjectStorage;
  readonly bucket: string;
  readonly prefix: string;
  readonly onError: (error: unknown) => void;
  /** Outputs written again since they were mirrored, with their local paths, once per sync. */
  readonly onRewritten?: (files: readonly string[]) => void;
  readonly intervalMs?: number;
}

/** A running mirror. */
export interface Outbox {
  /** Fetches these keys now and returns their local paths. */
  fetch(keys: readonly string[]): Promise<string[]>;
  /** Lists the prefix and fetches whatever changed. */
  sync(): Promise<void>;
  /** The local path of an output key. */
  localPath(key: string): string;
  close(): void;
}

/** Starts mirroring. */
export function mirrorOutbox(options: OutboxOptions): Outbox {
  /** key -> `<etag>@<modified ms>` of the copy in the outbox. */
  const versions = new Map<string, string>();
  const versionOf = (object: { etag: string; lastModified: Date }) =>
    `${object.etag}@${object.lastModified.getTime()}`;

  const localPath = (key: string) => {
    const rest = key.startsWith(options.prefix) ? key.slice(options.prefix.length) : key;
    // Keys are untrusted text: keep every file inside the outbox.
    const safe = rest
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .join(path.sep);
    return path.join(options.dir, safe);
  };

  /** Fetches `key` unless the copy is of `listed` already; true when a mirrored copy was replaced. */
  async function download(key: string, listed?: ListedObject): Promise<boolean> {
    const had = versions.get(key);
    if (listed !== undefined && had === versionOf(listed)) return false;
    const object = await options.storage.get({ bucket: options.bucket, key });
    if (!object) return false;
    const target = localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file. The aside name is the download's
    // own: the periodic sync and a finished job's fetch can download the same key at once.
    const partial = `${target}.${randomBytes(4).toString('hex')}.part`;
    await writeFile(partial, object.body);
    await rename(partial, target);
    versions.set(key, versionOf(object));
    return had !== undefined && had !== versionOf(object);
  }

  let syncing: Promise<void> | undefined;
  const sync = () => {
    syncing ??= (async () => {
      const listed = await options.storage.list(options.bucket, options.prefix);
      const rewritten: string[] = [];
      for (const object of listed)
        if (await download(object.key, object)) rewritten.push(localPath(object.key));
      if (rewritten.length > 0) options.onRewritten?.(rewritten);
    })()
      .catch(options.onError)
      .finally(() => {
        syncing = undefined;
      });
    return syncing;
  };
  const timer = setInterval(() => void sync(), options.intervalMs ?? 2_000);

  return {
    async fetch(keys) {
      // Always fetched: a new job's outputs replace an older job's under the same names.
      for (const key of keys) await download(key);
      return keys.map(localPath);
    },
    sync,
    localPath,
    close() {
      clearInterval(timer);
    },
  };
}
