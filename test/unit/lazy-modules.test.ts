/**
 * scripts/lazy-modules.ts: a package named to the plugin is in the bundle but evaluated only when our
 * code first uses one of its exports; without the plugin it is evaluated when the bundle loads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { lazyModules } from '../../scripts/lazy-modules.js';
import { bundleAndRun } from './run-bundled.js';

const work = mkdtempSync(path.join(tmpdir(), 'lazy-modules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A package that says when it is evaluated, as an ES module like fast-xml-parser.
const packageDir = path.join(work, 'node_modules', 'loud-package');
mkdirSync(packageDir, { recursive: true });
writeFileSync(
  path.join(packageDir, 'package.json'),
  '{"name":"loud-package","type":"module","main":"index.js"}',
);
writeFileSync(
  path.join(packageDir, 'index.js'),
  "globalThis.events.push('package evaluated');\nexport class Greeter { greet() { return 'hello'; } }\n",
);
writeFileSync(
  path.join(work, 'entry.ts'),
  "import { Greeter } from 'loud-package';\nexport const greet = () => new Greeter().greet();\n",
);

/** Bundles entry.ts with the plugins, loads it, calls `greet`, and returns what happened in order. */
function loadAndCall(plugins: Plugin[]): Promise<unknown> {
  return bundleAndRun(
    path.join(work, 'entry.ts'),
    plugins,
    (bundle) => `globalThis.events = [];
const bundle = require(${bundle});
events.push('bundle loaded');
events.push(bundle.greet());
process.stdout.write(JSON.stringify(events));`,
  );
}

it('evaluates a named package at the first use of its exports, not when the bundle loads', async () => {
  // Act
  const eager = await loadAndCall([]);
  const lazy = await loadAndCall([lazyModules(['loud-package'])]);

  // Assess
  expect(eager).toEqual(['package evaluated', 'bundle loaded', 'hello']);
  expect(lazy).toEqual(['bundle loaded', 'package evaluated', 'hello']);
});

it('loads a Node built-in a bundled package requires at the first use of it, callable or not', async () => {
  // Prepare: a CommonJS package that requires zlib and assert at its top level, as cos-request does.
  const cjsDir = path.join(work, 'node_modules', 'uses-builtins');
  mkdirSync(cjsDir, { recursive: true });
  writeFileSync(path.join(cjsDir, 'package.json'), '{"name":"uses-builtins","main":"index.js"}');
  writeFileSync(
    path.join(cjsDir, 'index.js'),
    "const zlib = require('zlib');\nconst assert = require('assert');\n" +
      'exports.roundTrip = (text) => { assert(text.length > 0); return zlib.gunzipSync(zlib.gzipSync(text)).toString(); };\n',
  );
  writeFileSync(path.join(work, 'builtins-entry.ts'), "export { roundTrip } from 'uses-builtins';\n");
  const probe = (bundle: string) => `
const loaded = () => process.moduleLoadList.filter((m) => m === 'NativeModule zlib' || m === 'NativeModule assert');
const bundle = require(${bundle});
const atLoad = loaded();
const text = bundle.roundTrip('hello');
let refused = false;
try { bundle.roundTrip(''); } catch { refused = true; }
process.stdout.write(JSON.stringify({ atLoad, text, refused, afterUse: loaded() }));`;

  // Act
  const outcome = await bundleAndRun(
    path.join(work, 'builtins-entry.ts'),
    [lazyModules(['zlib', 'assert'])],
    probe,
  );

  // Assess
  expect(outcome).toEqual({
    atLoad: [],
    text: 'hello',
    refused: true,
    afterUse: ['NativeModule assert', 'NativeModule zlib'],
  });
});

it('serves named and default imports of a Node built-in from ES modules, loading it at first use', async () => {
  // Prepare: two modules importing as lib/ does (named from node:crypto, default from node:http).
  writeFileSync(
    path.join(work, 'hash.ts'),
    "import { createHash } from 'node:crypto';\nexport const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);\n",
  );
  writeFileSync(
    path.join(work, 'esm-entry.ts'),
    "import http from 'node:http';\nimport { createHash } from 'node:crypto';\nimport { hash } from './hash';\n" +
      "export const use = () => [hash('a'), createHash === undefined, typeof http.request, new http.Agent() instanceof http.Agent];\n",
  );
  const probe = (bundle: string) => `
const loaded = () => process.moduleLoadList.filter((m) => m === 'NativeModule crypto' || m === 'NativeModule http');
const bundle = require(${bundle});
const atLoad = loaded();
const used = bundle.use();
process.stdout.write(JSON.stringify({ atLoad, used, afterUse: loaded() }));`;

  // Act
  const outcome = await bundleAndRun(
    path.join(work, 'esm-entry.ts'),
    [lazyModules(['crypto', 'http'])],
    probe,
  );

  // Assess
  expect(outcome).toEqual({
    atLoad: [],
    used: ['ca978112', false, 'function', true],
    afterUse: ['NativeModule crypto', 'NativeModule http'],
  });
});
