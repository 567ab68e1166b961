/**
 * For the tests of the build's esbuild plugins: bundles an entry as the function bundles are made
 * (CommonJS for Node) with the plugins given, runs a script that requires it in a fresh Node, and
 * returns what the script printed, parsed as JSON. The script runs from a file with only PATH in its
 * environment: `node -e` loads crypto before any script whose text names it, and so does
 * NODE_EXTRA_CA_CERTS, which some machines set.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/** `script(bundle)` is the script's text, given the bundle's absolute path. */
export async function bundleAndRun(
  entry: string,
  plugins: Plugin[],
  script: (bundle: string) => string,
  nodePaths: string[] = [],
): Promise<unknown> {
  const stem = `${entry.replace(/\.ts$/, '')}-${plugins.map((plugin) => plugin.name).join('+') || 'plain'}`;
  const bundle = `${stem}.cjs`;
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    nodePaths,
    plugins,
    logLevel: 'silent',
  });
  const scriptFile = `${stem}-run.cjs`;
  writeFileSync(scriptFile, script(JSON.stringify(path.resolve(bundle))));
  return JSON.parse(
    execFileSync(process.execPath, [scriptFile], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }),
  );
}
