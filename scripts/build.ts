/**
 * Builds one CommonJS bundle per SCF function with esbuild (target node18), each at the root of
 * .build/bundle behind its entry file `<name>.js` (so SCF handlers are `<name>.main`) with V8 code
 * caches for Node 18.15 and this Node (code-cache.ts), then zips them into .build/cos-transcribe.zip,
 * the artifact serverless.yml deploys. serverless-esbuild cannot be used: it rejects the tencent
 * provider's runtime names (docs/tooling.md §2).
 *
 * `--out DIR` builds somewhere else than .build (tests build into their own temporary directories so
 * that parallel test files never delete each other's bundles).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { makeFileAscii } from './ascii-bundle.js';
import { addCodeCaches, codeCacheNodes, scfNodeRelativePath } from './code-cache.js';
import { lazyModules } from './lazy-modules.js';
import { zodLazyBinds } from './zod-lazy-binds.js';

const root = path.resolve(import.meta.dirname, '..');
const outFlag = process.argv.indexOf('--out');
const buildDir = path.resolve(
  outFlag >= 0 ? (process.argv[outFlag + 1] ?? '.build') : path.join(root, '.build'),
);
const outdir = path.join(buildDir, 'bundle');
const functionsDir = path.join(root, 'functions');

const entries = readdirSync(functionsDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(functionsDir, name));

rmSync(buildDir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const { metafile } = await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // Loaded on first use (issue 16): the XML parser, read only on some paths; and Node's crypto, http
  // and https (with net, tls and stream under them, about 10 ms of a 35 ms bare start), which every
  // request to COS or an API needs but an invocation refused before any I/O (a forged callback, an
  // event from another bucket) does not. A real first request still pays them: the cold-start bench
  // shows that figure beside the goal's. Nothing in the functions requires zlib or assert any more
  // (they came with the COS SDK's request stack, which scripts/build-cli.ts still loads lazily).
  // zod's schemas bind their methods on first read, not when made (scripts/zod-lazy-binds.ts).
  plugins: [lazyModules(['fast-xml-parser', 'crypto', 'http', 'https']), zodLazyBinds()],
  logLevel: 'warning',
  metafile: true,
});
// What went into each bundle, beside the zip (not in it): test/unit/build.test.ts reads it to keep
// packages out, and `npx esbuild --analyze`-style questions can be answered from it.
writeFileSync(path.join(buildDir, 'bundle-meta.json'), JSON.stringify(metafile));

// The project is ESM ("type": "module"); this marker keeps Node from reading the bundles as ESM when
// they run from inside the repository (tests, cold-start benchmarks). In the zip it is equally true.
writeFileSync(path.join(outdir, 'package.json'), '{"type":"commonjs"}\n');

// Pure ASCII, which the loader reads as latin1 (scripts/ascii-bundle.ts).
for (const entry of entries) makeFileAscii(path.join(outdir, `${path.basename(entry, '.ts')}.js`));

// Each bundle behind a loader that hands V8 a code cache (scripts/code-cache.ts): the bulk of a cold start.
const nodes = codeCacheNodes(root);
addCodeCaches(
  outdir,
  entries.map((entry) => path.basename(entry, '.ts')),
  nodes,
);
if (nodes.length === 1) {
  console.warn(
    `no code cache for SCF's Node 18.15 (${scfNodeRelativePath} is missing: run bash scripts/setup.sh)`,
  );
}

const bundles = readdirSync(outdir).filter((name) => name.endsWith('.js') || name.endsWith('.code-cache'));
// The zip records each file's time: a fixed one keeps it from telling two builds apart, so the same
// code zips to the same bundles and `npm run deploy` uploads nothing (V8's code caches still differ
// between builds; the deploy compares packages without them, deploy/same-package.ts).
const fixedTime = new Date('2000-01-01T00:00:00Z');
for (const name of bundles) utimesSync(path.join(outdir, name), fixedTime, fixedTime);
execFileSync('zip', ['-q', '-X', '-9', path.join(buildDir, 'cos-transcribe.zip'), ...bundles], {
  cwd: outdir,
});
for (const name of bundles) {
  console.log(`${name.padEnd(34)} ${statSync(path.join(outdir, name)).size.toLocaleString('en')} B`);
}
