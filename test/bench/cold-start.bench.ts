/**
 * Cold start of each SCF bundle: the wall time of a fresh process that requires the bundle, as a
 * ratio to a fresh `node -e 0` on the same binary (so only what the bundle adds counts), medians of
 * interleaved runs, on this machine's Node and on SCF's Node 18.15 (when scripts/setup.sh installed
 * it); plus each bundle's size and the deployed zip's. Builds with scripts/build.ts first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildBundles, functionNames, scfNodePath } from '../integration/consumers/scf-node.js';
import { type Benchmark, type Figure, median, ratio } from './benchmark.js';

const ROUNDS = 7;

/** Wall time (ms) of one fresh process running `script`. */
function processMs(node: string, script: string, cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(node, ['-e', script], {
    cwd,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '' },
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${node} -e ${script} exited with ${result.status}`);
  return elapsed;
}

/** Cold-start ratios of every bundle on one Node binary. */
function coldStarts(label: string, node: string, bundleDir: string): Figure[] {
  const baseline: number[] = [];
  const times = new Map<string, number[]>(functionNames.map((name) => [name, []]));
  processMs(node, '0', bundleDir); // warm the page cache for the binary itself
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, so machine noise hits the baseline and the bundles alike.
    baseline.push(processMs(node, '0', bundleDir));
    for (const name of functionNames) {
      times.get(name)?.push(processMs(node, `require('./${name}.js')`, bundleDir));
    }
  }
  const base = median(baseline);
  return [
    { name: `${label}: node -e 0 (baseline)`, value: `${base.toFixed(0)} ms` },
    ...functionNames.map((name) => {
      const ms = median(times.get(name) ?? []);
      return {
        name: `${label}: require ${name}.js / node -e 0`,
        value: `${ratio(ms / base)} (${ms.toFixed(0)} ms)`,
      };
    }),
  ];
}

/** Bundle sizes and cold starts on Node 20 and Node 18.15. */
export const benchmark: Benchmark = {
  title: 'cold start of each SCF bundle (fresh process) and bundle sizes',
  async run(): Promise<Figure[]> {
    const bundleDir = buildBundles();
    const figures: Figure[] = functionNames.map((name) => ({
      name: `size: ${name}.js`,
      value: `${(statSync(path.join(bundleDir, `${name}.js`)).size / 1024).toFixed(0)} KiB`,
    }));
    figures.push({
      name: 'size: .build/cos-transcribe.zip (all three)',
      value: `${(statSync(path.join(bundleDir, '..', 'cos-transcribe.zip')).size / 1024).toFixed(0)} KiB`,
    });
    figures.push(...coldStarts(`node ${process.version}`, process.execPath, bundleDir));
    if (existsSync(scfNodePath)) figures.push(...coldStarts('node v18.15.0 (SCF)', scfNodePath, bundleDir));
    else figures.push({ name: 'node v18.15.0 (SCF)', value: 'not installed: run bash scripts/setup.sh' });
    rmSync(path.dirname(bundleDir), { recursive: true, force: true });
    return figures;
  },
};
