/**
 * The README's Operate table and the code agree on the failure codes, both ways: every code the
 * pipeline can write is listed in lib/jobs/failure-codes.ts and in the table, and the table names no
 * code the pipeline does not have. A code added in lib/ without its row (or its fix) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureCodes } from '../../../lib/jobs/failure-codes.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** The code column of the first table under `## Operate`. */
function operateTableCodes(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Operate\n'));
  const lines = section.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const after = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  const table = lines.slice(first, after);
  const split = (line: string) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
  const column = split(table[0] ?? '').indexOf('code');
  const rows = table.slice(2).map(split);
  return rows.map((row) => row[column] ?? '').filter((code) => code !== '–' && code !== '');
}

/** Every `code: 'Name'` the pipeline's sources write into a failure or skip. */
function codesInSources(): string[] {
  const found = new Set<string>();
  for (const dir of ['lib/pipeline', 'lib/engines']) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir), { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(path.join(root, dir, name), 'utf8');
      for (const match of text.matchAll(/\bcode: '([A-Z][A-Za-z]+)'/g)) found.add(match[1] ?? '');
    }
  }
  return [...found].sort();
}

describe("the README's Operate table", () => {
  it('lists exactly the failure codes the code exports', () => {
    // Prepare
    const listed = operateTableCodes();

    // Assess
    expect(listed.length).toBeGreaterThan(5);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(failureCodes).sort());
  });

  it('and the exported list holds every code the pipeline writes', () => {
    // Prepare
    const written = codesInSources();

    // Assess
    expect(written.length).toBeGreaterThan(5);
    expect(written.filter((code) => !(code in failureCodes))).toEqual([]);
  });
});
