/**
 * scripts/zod-lazy-binds.ts: a bundle built with the plugin makes zod schemas without binding their
 * methods, and every way our code (or zod itself) reads, calls, destructures or replaces those
 * methods behaves as with the unmodified zod.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteZodTypes, zodLazyBinds } from '../../scripts/zod-lazy-binds.js';
import { bundleAndRun } from './run-bundled.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'zod-lazy-binds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Uses of the bound methods: detached calls (what the binding is for), chained builders, async
// parsing through the `spa` alias, an own-property assignment, and the counting of binds made.
const entry = `
import { z } from 'zod';
export async function exercise() {
  const name = z.string().min(2);
  const { parse, safeParse, optional } = name;
  const detached = [parse('ab'), safeParse('a').success, optional().parse(undefined)];
  const record = z.object({ n: z.number().int().nullish(), tags: z.array(z.string()).default([]) });
  const spa = await record.spa({ n: 1 });
  const chained = record.transform((r) => r.tags.length).pipe(z.number()).parse({ n: null });
  const other = z.string();
  const distinct = other.parse !== name.parse && other.parse === other.parse;
  const replaced = z.string();
  replaced.describe = () => 'replaced';
  const refined = z.string().refine((s) => s.startsWith('x'), 'must start with x').safeParse('y');
  return {
    detached,
    spa: spa.success && spa.data,
    chained,
    distinct,
    replaced: [replaced.describe(), z.string().describe('kept').description],
    refined: refined.success ? 'passed' : refined.error.issues[0].message,
    ownKeys: Object.keys(z.boolean()).filter((key) => key === 'parse').length,
  };
}`;
writeFileSync(path.join(work, 'entry.ts'), entry);

/** Bundles the entry with the plugins (zod resolved from this repository) and runs `exercise`. */
function exercise(plugins: Plugin[]): Promise<unknown> {
  return bundleAndRun(
    path.join(work, 'entry.ts'),
    plugins,
    (bundle) => `require(${bundle}).exercise().then((r) => process.stdout.write(JSON.stringify(r)))`,
    [path.join(root, 'node_modules')],
  );
}

describe('zod-lazy-binds', () => {
  it('behaves as the unmodified zod for every use of the bound methods', async () => {
    // Act
    const plain = await exercise([]);
    const lazy = await exercise([zodLazyBinds()]);

    // Assess
    const { ownKeys: plainOwn, ...plainUses } = plain as Record<string, unknown>;
    const { ownKeys: lazyOwn, ...lazyUses } = lazy as Record<string, unknown>;
    expect(lazyUses).toEqual(plainUses);
    expect(lazyUses).toEqual({
      detached: ['ab', false, null],
      spa: { n: 1, tags: [] },
      chained: 0,
      distinct: true,
      replaced: ['replaced', 'kept'],
      refined: 'must start with x',
    });
    // A fresh schema: the unmodified zod binds `parse` in the constructor, the rewritten one on first read.
    expect([plainOwn, lazyOwn]).toEqual([1, 0]);
  });

  it('removes the 24 binds and the spa alias from the constructor, and nothing else', () => {
    // Prepare
    const source = readFileSync(path.join(root, 'node_modules/zod/v3/types.js'), 'utf8');

    // Act
    const rewritten = rewriteZodTypes(source);

    // Assess: the source's lines missing from the result are exactly those 25 statements.
    const kept = new Set(rewritten.split('\n'));
    const removed = source.split('\n').filter((line) => !kept.has(line));
    expect(removed).toHaveLength(25);
    for (const line of removed)
      expect(line).toMatch(/^ *this\.(\w+) = this\.(\1\.bind\(this\)|safeParseAsync);$/);
    expect(rewritten).toContain('this.min = this.gte;'); // ZodNumber's own alias is kept
  });

  it('refuses a zod whose constructor it does not recognise, rather than ship it unchanged', () => {
    expect(() => rewriteZodTypes('export class ZodType {}\n')).toThrow(/not the one this plugin rewrites/);
  });
});
