/**
 * scripts/lazy-modules.ts: a package named to the plugin is in the bundle but evaluated only when our
 * code first uses one of its exports; without the plugin it is evaluated when the bundle loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { lazyModules } from '../../scripts/lazy-modules.js';

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
async function loadAndCall(plugins: Plugin[]): Promise<string[]> {
  const outfile = path.join(work, `bundle-${plugins.length}.cjs`);
  await build({
    entryPoints: [path.join(work, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    plugins,
    logLevel: 'silent',
  });
  const script = `globalThis.events = [];
const bundle = require(${JSON.stringify(outfile)});
events.push('bundle loaded');
events.push(bundle.greet());
process.stdout.write(JSON.stringify(events));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
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
  const outfile = path.join(work, 'builtins.cjs');
  await build({
    entryPoints: [path.join(work, 'builtins-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    plugins: [lazyModules(['zlib', 'assert'])],
    logLevel: 'silent',
  });
  const script = `const loaded = () => process.moduleLoadList.filter((m) => m === 'NativeModule zlib' || m === 'NativeModule assert');
const bundle = require(${JSON.stringify(outfile)});
const atLoad = loaded();
const text = bundle.roundTrip('hello');
let refused = false;
try { bundle.roundTrip(''); } catch { refused = true; }
process.stdout.write(JSON.stringify({ atLoad, text, refused, afterUse: loaded() }));`;

  // Act
  const outcome = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));

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
  const outfile = path.join(work, 'esm-builtins.cjs');
  await build({
    entryPoints: [path.join(work, 'esm-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    plugins: [lazyModules(['crypto', 'http'])],
    logLevel: 'silent',
  });
  const script = `const loaded = () => process.moduleLoadList.filter((m) => m === 'NativeModule crypto' || m === 'NativeModule http');
const bundle = require(${JSON.stringify(outfile)});
const atLoad = loaded();
const used = bundle.use();
process.stdout.write(JSON.stringify({ atLoad, used, afterUse: loaded() }));`;

  // Act
  // Run from a file with only PATH: `node -e` loads crypto before a script that names it, and so
  // does NODE_EXTRA_CA_CERTS (set on some machines).
  const scriptFile = path.join(work, 'esm-builtins-run.cjs');
  writeFileSync(scriptFile, script);
  const outcome = JSON.parse(
    execFileSync(process.execPath, [scriptFile], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }),
  );

  // Assess
  expect(outcome).toEqual({
    atLoad: [],
    used: ['ca978112', false, 'function', true],
    afterUse: ['NativeModule crypto', 'NativeModule http'],
  });
});
