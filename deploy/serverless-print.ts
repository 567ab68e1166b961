/**
 * serverless.yml as serverless@3 resolves it: `serverless print --format json`, run offline the way
 * `npm run package` runs serverless (the telemetry shim preloaded, telemetry and notifications off, a
 * fresh HOME so nothing is read from or written to the user's ~/.serverless), with
 * serverless-tencent-scf loaded as serverless.yml asks. Variables (`${env:...}`, `${opt:stage}`,
 * `${self:...}`) and function names (`<service>-<stage>-<function>`) are serverless's own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');

/** Environment for running serverless@3 offline (shared with scripts/package.ts). */
export function offlineServerlessEnv(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): Record<string, string | undefined> {
  const shim = path.join(root, 'scripts', 'sls-offline-shim.cjs');
  const inherited = env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ` : '';
  return {
    ...env,
    HOME: home,
    NODE_OPTIONS: `${inherited}--require ${shim}`,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    // The Tencent SDK honours proxy variables (docs/tooling.md §4); serverless must not reach out.
    http_proxy: '',
    https_proxy: '',
  };
}

/** The serverless@3 command line script. */
export const serverlessBin = path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** The resolved configuration of the service in `serviceDir`, as JSON; throws with serverless's words. */
export async function printServerless(options: {
  serviceDir: string;
  env: Readonly<Record<string, string | undefined>>;
  stage?: string;
}): Promise<unknown> {
  const home = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-sls-home-'));
  try {
    const args = [
      serverlessBin,
      'print',
      '--format',
      'json',
      ...(options.stage ? ['--stage', options.stage] : []),
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: options.serviceDir,
      env: offlineServerlessEnv(options.env, home),
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr
      ?.trim()
      .split('\n')
      .find((line) => line.trim() !== '');
    throw new Error(
      `serverless print failed in ${options.serviceDir}: ${detail ?? (error as Error).message}`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
