/**
 * The inbox folder: every file that appears in it (or changes) is uploaded once to the input bucket
 * under the trigger prefix, through the COS SDK, exactly as a user's upload would arrive in the cloud.
 * A file is taken only once its size and mtime held still between two scans, so a copy in progress is
 * not uploaded half-written. A file already in the bucket with the same bytes (same MD5 ETag) is left
 * alone on restart; uploading it again would be harmless anyway (same ETag, same job).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStorage } from '../../lib/tencent/object-storage.js';

/** One upload the inbox made. */
export interface InboxUpload {
  /** Path relative to the inbox, with `/` separators. */
  readonly name: string;
  readonly key: string;
  readonly size: number;
  /** MD5 of the bytes, which is the ETag COS gives a simple upload. */
  readonly etag: string;
  /** True when the bucket already held these bytes (restart), so nothing was sent. */
  readonly alreadyThere: boolean;
  /** When the upload began (ms), i.e. before the trigger could fire. */
  readonly at: number;
}

/** Options of {@link watchInbox}. */
export interface InboxOptions {
  readonly dir: string;
  readonly storage: ObjectStorage;
  readonly bucket: string;
  readonly prefix: string;
  readonly onUpload: (upload: InboxUpload) => void;
  readonly onError: (name: string, error: unknown) => void;
  /** Scan period; 500 ms feels immediate and costs a readdir. */
  readonly intervalMs?: number;
}

/** A running watcher. */
export interface Inbox {
  /** Scans now (used right after start and by tests); resolves when the scan's uploads are done. */
  scan(): Promise<void>;
  close(): void;
}

// Editors' and browsers' temporary names, never meant as inputs.
const ignored = /(^\.|~$|\.(part|crdownload|tmp|swp)$)/;

/** Starts scanning `dir`. */
export function watchInbox(options: InboxOptions): Inbox {
  /** name -> `size:mtime` last seen, and the signature last uploaded. */
  const seen = new Map<string, string>();
  const done = new Map<string, string>();
  let running: Promise<void> | undefined;
  let closed = false;

  async function scanOnce(): Promise<void> {
    const names = await listFiles(options.dir);
    for (const name of names) {
      if (closed) return;
      const info = await stat(path.join(options.dir, name)).catch(() => undefined);
      if (!info?.isFile()) continue;
      const signature = `${info.size}:${info.mtimeMs}`;
      const settled = seen.get(name) === signature;
      seen.set(name, signature);
      if (!settled || done.get(name) === signature) continue;
      done.set(name, signature);
      try {
        options.onUpload(await upload(name, info.size));
      } catch (error) {
        options.onError(name, error);
      }
    }
  }

  async function upload(name: string, size: number): Promise<InboxUpload> {
    const at = Date.now();
    const body = await readFile(path.join(options.dir, name));
    const key = `${options.prefix}${name}`;
    const location = { bucket: options.bucket, key };
    const md5 = createHash('md5').update(body).digest('hex');
    const existing = await options.storage.head(location);
    if (existing && existing.etag === md5) return { name, key, size, etag: md5, alreadyThere: true, at };
    await options.storage.put(location, { body, contentType: contentTypeOf(name) });
    return { name, key, size, etag: md5, alreadyThere: false, at };
  }

  const scan = () => {
    running ??= scanOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void scan(), options.intervalMs ?? 500);
  return {
    scan,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !ignored.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

// Enough for the common media types; the upload function checks types itself.
const contentTypes: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
};

/** The Content-Type an upload tool would send for this name. */
export function contentTypeOf(name: string): string {
  return contentTypes[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}
