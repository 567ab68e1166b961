/**
 * Start of the bundled CLI (what `npm install` puts on a user's PATH): the wall time of a fresh
 * `cos-transcribe --help` and of a trivial `render` (a recorded DescribeTaskStatus answer to SRT), as
 * ratios to a fresh `node -e 0` on the same binary, medians of interleaved runs. Bundles with
 * scripts/build-cli.ts into a temporary folder laid out as npm installs the package, and runs its
 * bin/cos-transcribe.cjs, as a user's shell does. Goal (issue 13): at most 1.5x.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Benchmark, type Figure, median, ratio } from './benchmark.js';

const ROUNDS = 15;
const root = path.resolve(import.meta.dirname, '..', '..');
const fixture = path.join(root, 'test/fixtures/tencent/describe-task-status.success.json');

/** Wall time (ms) of one fresh `node ...args`, which must exit 0. */
function processMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '' },
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return elapsed;
}

/** `--help` and `render` against `node -e 0`. */
export const benchmark: Benchmark = {
  title: 'CLI start (bundled cos-transcribe, fresh process) against node -e 0',
  async run(): Promise<Figure[]> {
    // Laid out as npm installs it: the bin entry beside dist/, no sources.
    const packageDir = mkdtempSync(path.join(tmpdir(), 'cli-bundle-'));
    execFileSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/build-cli.ts', '--out', path.join(packageDir, 'dist')],
      { cwd: root, stdio: 'pipe' },
    );
    mkdirSync(path.join(packageDir, 'bin'));
    copyFileSync(path.join(root, 'bin/cos-transcribe.cjs'), path.join(packageDir, 'bin/cos-transcribe.cjs'));
    // The package is "type": "module", as the real one.
    writeFileSync(path.join(packageDir, 'package.json'), '{"type":"module"}\n');
    const cli = path.join(packageDir, 'bin/cos-transcribe.cjs');
    const runs = {
      baseline: ['-e', '0'],
      help: [cli, '--help'],
      render: [cli, 'render', fixture],
    } as const;
    const times = { baseline: [] as number[], help: [] as number[], render: [] as number[] };
    // Warm-up: the page cache, and the V8 code cache a user's first start leaves behind.
    for (const args of Object.values(runs)) processMs(args);
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so machine noise hits the baseline and the CLI alike.
      for (const [name, args] of Object.entries(runs)) times[name as keyof typeof runs].push(processMs(args));
    }
    rmSync(packageDir, { recursive: true, force: true });
    const base = median(times.baseline);
    const figure = (name: string, ms: number): Figure => ({
      name,
      value: `${ratio(ms / base)} (${ms.toFixed(0)} ms)`,
      goal: '<= 1.5x',
    });
    return [
      { name: 'node -e 0 (baseline)', value: `${base.toFixed(0)} ms` },
      figure('cos-transcribe --help / node -e 0', median(times.help)),
      figure('cos-transcribe render <DescribeTaskStatus> / node -e 0', median(times.render)),
    ];
  },
};
