/**
 * The outbox folder mirrors the output bucket's output prefix: `<OUTPUT_PREFIX><rest>` is written
 * to `outbox/<rest>`, so `inbox/talk.wav` gives `outbox/talk.wav.srt` and its siblings. Objects are
 * fetched through the COS SDK when their ETag changes; the ledger (elsewhere in the bucket) is not
 * mirrored.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStorage } from '../../lib/tencent/object-storage.js';

/** Options of {@link mirrorOutbox}. */
export interface OutboxOptions {
  readonly dir: string;
  readonly storage: ObjectStorage;
  readonly bucket: string;
  readonly prefix: string;
  readonly onError: (error: unknown) => void;
  readonly intervalMs?: number;
}

/** A running mirror. */
export interface Outbox {
  /** Fetches these keys now (if changed) and returns their local paths. */
  fetch(keys: readonly string[]): Promise<string[]>;
  /** Lists the prefix and fetches whatever changed. */
  sync(): Promise<void>;
  /** The local path of an output key. */
  localPath(key: string): string;
  close(): void;
}

/** Starts mirroring. */
export function mirrorOutbox(options: OutboxOptions): Outbox {
  const etags = new Map<string, string>();

  const localPath = (key: string) => {
    const rest = key.startsWith(options.prefix) ? key.slice(options.prefix.length) : key;
    // Keys are untrusted text: keep every file inside the outbox.
    const safe = rest
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .join(path.sep);
    return path.join(options.dir, safe);
  };

  async function download(key: string, knownEtag?: string): Promise<void> {
    if (knownEtag !== undefined && etags.get(key) === knownEtag) return;
    const object = await options.storage.get({ bucket: options.bucket, key });
    if (!object) return;
    const target = localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const partial = `${target}.part`;
    await writeFile(partial, object.body);
    await rename(partial, target);
    etags.set(key, object.etag);
  }

  let syncing: Promise<void> | undefined;
  const sync = () => {
    syncing ??= (async () => {
      const listed = await options.storage.list(options.bucket, options.prefix);
      for (const object of listed) await download(object.key, object.etag);
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
      for (const key of keys) if (!etags.has(key)) await download(key);
      return keys.map(localPath);
    },
    sync,
    localPath,
    close() {
      clearInterval(timer);
    },
  };
}
