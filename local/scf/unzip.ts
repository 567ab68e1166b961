/**
 * Reads a function's code package the way SCF unpacks it: a zip (PKWARE APPNOTE 6.3) whose entries are
 * stored or deflated, read through the central directory. Entry names that would land outside the
 * target folder (absolute, `..`) are refused, as is anything else than those two methods; no
 * dependency, no shelling out to `unzip`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** A code package SCF could not unpack; the message says why. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/** One file of a zip. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The files of a zip (folders left out), or a ZipError. */
export function readZip(zip: Buffer): ZipEntry[] {
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65_535); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError('not a zip file (no end of central directory record)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) {
      throw new ZipError(`central directory entry ${i} is damaged`);
    }
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER)
      throw new ZipError(`${name}: local header is damaged`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (method === 0) entries.push({ name, data: Buffer.from(raw) });
    else if (method === 8) entries.push({ name, data: inflateRawSync(raw) });
    else throw new ZipError(`${name}: compression method ${method} is not stored (0) or deflate (8)`);
  }
  return entries;
}

/** Writes the zip's files under `dir` (created); returns their names. */
export function unzipTo(zip: Buffer, dir: string): string[] {
  const root = path.resolve(dir);
  const entries = readZip(zip);
  for (const entry of entries) {
    const target = path.resolve(root, entry.name);
    if (path.isAbsolute(entry.name) || !target.startsWith(`${root}${path.sep}`)) {
      throw new ZipError(`${entry.name}: the entry would be written outside the code folder`);
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
  return entries.map((entry) => entry.name);
}
