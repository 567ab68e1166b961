/**
 * `npm run package`: builds the function bundles (scripts/build.ts), then runs `serverless package`
 * offline and leaves the SCF template the Tencent plugin would deploy in
 * `.serverless/tencent-service.json` (written by scripts/sls-dump-template.cjs).
 *
 *   tsx scripts/package.ts [--skip-build] [--dir <service dir>] [--stage <stage>]
 *
 * Offline means: the telemetry shim is preloaded (scripts/sls-offline-shim.cjs), serverless
 * telemetry and notifications are off, and HOME is a fresh temporary directory so nothing is read
 * from or written to the user's ~/.serverless, ~/.serverlessrc or ~/credentials.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { offlineServerlessEnv, serverlessBin } from '../deploy/serverless-print.js';

const root = path.resolve(import.meta.dirname, '..');

/** Options of one packaging run. */
export interface PackageOptions {
  /** The directory holding serverless.yml (default: the repository). */
  readonly serviceDir?: string;
  readonly skipBuild?: boolean;
  readonly stage?: string;
  /** Extra environment for serverless (deploy parameters). */
  readonly env?: Readonly<Record<string, string>>;
  /** Pass this process's environment through (default true; tests pin every parameter instead). */
  readonly inheritEnv?: boolean;
}

/** Builds (unless skipped) and packages; returns the path of the dumped SCF template. */
export function packageService(options: PackageOptions = {}): string {
  const serviceDir = path.resolve(options.serviceDir ?? root);
  if (!options.skipBuild) {
    execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'build.ts')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const home = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-sls-home-'));
  try {
    const args = [serverlessBin, 'package'];
    if (options.stage) args.push('--stage', options.stage);
    const base = options.inheritEnv === false ? { PATH: process.env.PATH ?? '' } : process.env;
    execFileSync(process.execPath, args, {
      cwd: serviceDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: offlineServerlessEnv({ ...base, ...options.env }, home),
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return path.join(serviceDir, '.serverless', 'tencent-service.json');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      'skip-build': { type: 'boolean', default: false },
      dir: { type: 'string' },
      stage: { type: 'string' },
    },
  });
  const template = packageService({
    skipBuild: values['skip-build'] ?? false,
    ...(values.dir ? { serviceDir: values.dir } : {}),
    ...(values.stage ? { stage: values.stage } : {}),
  });
  console.log(`SCF template: ${path.relative(process.cwd(), template)}`);
}
