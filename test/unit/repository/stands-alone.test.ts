/**
 * The repository stands on its own (issue 13): no tracked file may read or name the folder of notes
 * this project was started from, which a clone never has beside it. Facts carry their public source
 * (docs/, test/fixtures/ READMEs) instead. Binary files are the only ones not read.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../../..');

// Built from parts so that this file does not name what it looks for.
const folder = ['sha', 'red'].join('');
const forbidden = [`../${folder}`, ...['reference', 'fixtures', 'seeds'].map((sub) => `${folder}/${sub}`)];

/** The forbidden mentions in a text, in the order of `forbidden`. */
function mentions(text: string): string[] {
  return forbidden.filter((needle) => text.includes(needle));
}

/** Git's own test for binary content: a NUL byte in the first 8000 bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
}

describe('the repository stands on its own', () => {
  it('recognises every forbidden mention, and not the word alone', () => {
    const mentionOfEach = forbidden.map((needle) => `see ${needle}/x.md`);

    const found = mentionOfEach.map(mentions);

    expect(found).toEqual([
      [`../${folder}`],
      [`${folder}/reference`],
      [`${folder}/fixtures`],
      [`${folder}/seeds`],
    ]);
    expect(mentions(`a ${folder} machine; ${folder}/cache`)).toEqual([]);
  });

  it('has no tracked file that reads or names the notes folder beside it', () => {
    const files = trackedFiles();

    const offenders = files.flatMap((file) => {
      const bytes = readFileSync(path.join(root, file));
      if (isBinary(bytes)) return [];
      const found = mentions(bytes.toString('utf8'));
      return found.length === 0 ? [] : [`${file}: ${found.join(', ')}`];
    });

    expect(files.length).toBeGreaterThan(100);
    expect(offenders, 'cite the public source instead (docs/, test/fixtures/ READMEs)').toEqual([]);
  });
});
