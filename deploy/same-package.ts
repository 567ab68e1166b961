/**
 * Whether the package SCF holds is the one about to be deployed. The bytes differ between two builds
 * of the same code only in the V8 code caches (scripts/code-cache.ts: V8 does not write the same
 * cache twice), which are derived from the bundles beside them: so two packages are the same when
 * every other file is.
 */
import { createHash } from 'node:crypto';
import { readZip, ZipError } from '../local/scf/unzip.js';

const derived = /\.code-cache$/;

/** True when both zips hold the same files, code caches aside; false for anything unreadable. */
export function samePackage(deployed: Buffer, local: Buffer): boolean {
  try {
    return JSON.stringify(digests(deployed)) === JSON.stringify(digests(local));
  } catch (error) {
    if (error instanceof ZipError) return false;
    throw error;
  }
}

function digests(zip: Buffer): Array<[string, string]> {
  return readZip(zip)
    .filter((entry) => !derived.test(entry.name))
    .map((entry): [string, string] => [entry.name, createHash('sha256').update(entry.data).digest('hex')])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
