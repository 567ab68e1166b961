/**
 * The golden files are only worth comparing against if they were read: test/golden/REVIEW.md records
 * the SHA-256 of every golden file as reviewed. A rendering that changes (or a new golden file) fails
 * here until someone reads it and records the new hash with their findings.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const goldenDir = path.join(import.meta.dirname, '../../golden');
const RECORD = 'REVIEW.md';

/** `| file | sha256 |` rows of the record's hash table. */
function reviewedHashes(): Map<string, string> {
  const rows = readFileSync(path.join(goldenDir, RECORD), 'utf8').matchAll(
    /^\| ([\w.-]+) \| ([0-9a-f]{64}) \|$/gm,
  );
  return new Map([...rows].map(([, file, hash]) => [file as string, hash as string]));
}

describe('the golden review record', () => {
  const reviewed = reviewedHashes();
  const files = readdirSync(goldenDir).filter((file) => file !== RECORD);

  it('lists every golden file, and nothing that is gone', () => {
    expect([...reviewed.keys()].sort()).toEqual([...files].sort());
  });

  it.each(files)('holds the hash of %s as it was read', (file) => {
    const actual = createHash('sha256')
      .update(readFileSync(path.join(goldenDir, file)))
      .digest('hex');
    expect(actual, `${file} changed since review: read it, then update ${RECORD}`).toBe(reviewed.get(file));
  });
});
