/**
 * One object on disk is one file: a magic line, the metadata as one JSON line, then the body bytes.
 * Keeping both in a single file is what makes a write atomic: the file is written aside and renamed
 * (or hard-linked, for create-if-absent) into place, so a reader or a crash sees the old object or the
 * new one, never a body with someone else's metadata or half a body.
 */
import { open, readFile } from 'node:fs/promises';
import type { StoredObjectMeta } from '../context.js';

const MAGIC = 'COSOBJ1\n';
/** COS caps user metadata at 2 KB; the header is read in one gulp this size (a larger one is read whole). */
const HEADER_READ_BYTES = 16 * 1024;

/** Metadata as stored, with the object key (file names are hashes, so the key lives here). */
export interface ObjectRecord {
  readonly key: string;
  readonly meta: StoredObjectMeta;
}

/** The bytes of an object file. */
export function encodeObjectFile(record: ObjectRecord, body: Buffer): Buffer {
  const header = Buffer.from(`${MAGIC}${JSON.stringify(record)}\n`, 'utf8');
  return Buffer.concat([header, body]);
}

/** Reads a whole object file; undefined when it does not exist. */
export async function readObjectFile(
  path: string,
): Promise<{ record: ObjectRecord; body: Buffer } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const { record, bodyOffset } = parseHeader(bytes, path);
  return { record, body: bytes.subarray(bodyOffset) };
}

/** Reads only the metadata of an object file; undefined when it does not exist. */
export async function readObjectRecord(path: string): Promise<ObjectRecord | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(HEADER_READ_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_READ_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.indexOf(0x0a, MAGIC.length) >= 0) return parseHeader(head, path).record;
  } finally {
    await handle.close();
  }
  return (await readObjectFile(path))?.record;
}

function parseHeader(bytes: Buffer, path: string): { record: ObjectRecord; bodyOffset: number } {
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC || end < 0) {
    throw new Error(`emulator store: ${path} is not an object file (was the data directory edited by hand?)`);
  }
  const record = JSON.parse(bytes.toString('utf8', MAGIC.length, end)) as ObjectRecord;
  return { record, bodyOffset: end + 1 };
}

/** True for ENOENT (and ENOTDIR, which a missing fan-out directory can give). */
export function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
