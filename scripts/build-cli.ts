/**
 * Bundles the command line with esbuild into dist/: a small entry, dist/cos-transcribe.cjs (the
 * command table and `--help`), and one CommonJS bundle per command, dist/commands/<name>.cjs, each
 * carrying every npm package it needs. Only the named command's bundle is loaded, through a V8 code
 * cache (bin/cli/compiled-code-cache.ts), which needs classic scripts: hence CommonJS rather than ES
 * module chunks. The published package runs these files with no TypeScript loader and no runtime
 * dependency. Target Node 18, the oldest the package's `engines` admits.
 *
 * `--out DIR` bundles somewhere else than dist/ (tests and benchmarks bundle into their own
 * temporary directories).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { bundleAliases } from './bundle-aliases.js';
import { lazyModules } from './lazy-modules.js';
import { zodLazyBinds } from './zod-lazy-binds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const outdir = path.resolve(outFlag >= 0 ? (process.argv[outFlag + 1] ?? 'dist') : path.join(root, 'dist'));
const commandsDir = path.join(root, 'bin', 'commands');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  minify: true,
  legalComments: 'none',
  // CommonJS has no import.meta: modules that find files from their own URL get the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl=require('node:url').pathToFileURL(__filename).href;" },
  // Parts of cos-request no command reaches (scripts/bundle-aliases.ts).
  alias: bundleAliases(root),
  plugins: [lazyModules(['fast-xml-parser', 'zlib', 'assert']), zodLazyBinds()],
  logLevel: 'warning',
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { 'cos-transcribe': path.join(root, 'bin', 'cos-transcribe-bundle.ts') },
  outdir,
});
await build({
  ...common,
  entryPoints: readdirSync(commandsDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(commandsDir, name)),
  outdir: path.join(outdir, 'commands'),
});
// The package is "type": "module"; .cjs says CommonJS whatever the folder, this only keeps tools
// that look for the nearest package.json from guessing.
writeFileSync(path.join(outdir, 'package.json'), '{"type":"commonjs"}\n');
console.log(`cli bundle       ${path.join(outdir, 'cos-transcribe.cjs')}`);
