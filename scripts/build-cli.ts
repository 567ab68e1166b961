/**
 * Bundles the command line (bin/cos-transcribe.ts and everything it loads, npm packages included)
 * with esbuild into dist/ (entry dist/cos-transcribe.mjs): ES modules for Node 18+, split into chunks so that `--help` loads only the
 * entry and each command loads only its own code (the emulator's chunk is the heavy one). The
 * published package runs these files, with no TypeScript loader and no runtime dependency.
 *
 * `--out DIR` bundles somewhere else than dist/ (tests and benchmarks bundle into their own
 * temporary directories).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const outdir = path.resolve(outFlag >= 0 ? (process.argv[outFlag + 1] ?? 'dist') : path.join(root, 'dist'));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'cos-transcribe': path.join(root, 'bin', 'cos-transcribe.ts') },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
  // .mjs: ES modules wherever the files are copied, with no package.json "type" to look up.
  outExtension: { '.js': '.mjs' },
  minify: true,
  legalComments: 'none',
  // CommonJS packages (cos-nodejs-sdk-v5 and its request stack) call require() for Node's own
  // modules; an ES module has no require, so each output file gets one.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  // The same stubs as the function bundles (scripts/build.ts): parts of cos-request the SDK never runs.
  alias: {
    'tough-cookie': path.join(root, 'scripts', 'bundle-stubs', 'tough-cookie.cjs'),
    'http-signature': path.join(root, 'scripts', 'bundle-stubs', 'http-signature.cjs'),
  },
  logLevel: 'warning',
});
console.log(`cli bundle       ${path.join(outdir, 'cos-transcribe.mjs')}`);
