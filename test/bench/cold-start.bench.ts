/**
 * Cold start of each SCF bundle: the wall time of a fresh process that requires the bundle's entry
 * file (`<name>.js`, what SCF loads for `<name>.main`: the loader, the bundle and its V8 code cache), as
 * a ratio to a fresh `node -e 0` on the same binary (so only what the bundle adds counts), medians of
 * interleaved runs, on this machine's Node and on SCF's Node 18.15 (when scripts/setup.sh installed
 * it). The goal (issue 16) is on that figure. Each is also given as a ratio of the processes' CPU time
 * (user + system, exec to exit), which a loaded machine disturbs far less than wall time.
 *
 * Beside it, the same with Node's crypto and https required after the bundle: what the first request
 * that reaches COS or an API loads, whether the bundle loaded it at start or leaves it to first use.
 * And for the two functions that can be invoked without touching the network, the same fresh
 * process goes on to SCF's first invocation: `main` builds the dependencies from the environment
 * (config parsed, clients made) and answers an event it refuses before any I/O (a callback without a
 * token; an upload in another bucket). Reconcile lists the ledger on every run, so it has no
 * such event. Also: whether each Node used the code cache, each bundle's size and the deployed zip's.
 * Builds with scripts/build.ts first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildBundles, functionNames, scfNodePath } from '../integration/consumers/scf-node.js';
import { type Benchmark, type Figure, median, ratio } from './benchmark.js';

const ROUNDS = 11;
const GOAL = '<= 1.50x';

// What an SCF container of this project has in its environment (values that pass the config check).
const functionEnv = {
  REGION: 'ap-guangzhou',
  APP_ID: '1250000000',
  INPUT_BUCKET: 'media-in-1250000000',
  OUTPUT_BUCKET: 'media-out-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-0000000000.ap-guangzhou.tencentscf.com',
  CALLBACK_SECRET: 'a-bench-secret-that-is-long-enough-0123456789',
  TENCENTCLOUD_SECRETID: 'AKIDbenchcoldstart000000000000000000',
  TENCENTCLOUD_SECRETKEY: 'bench-cold-start-secret-key-000000',
};

// Recorded SCF events (test/fixtures/scf) each `main` refuses before any I/O, and the check that it did:
// a function URL POST without our token, and a COS upload in a bucket that is not the input bucket.
const scfEvent = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/scf', file), 'utf8'));
const firstInvocations: Readonly<Record<string, { event: unknown; check: string }>> = {
  callback: {
    event: scfEvent('function-url-post.json'),
    check: 'result.statusCode >= 400 && result.statusCode < 500',
  },
  upload: {
    event: scfEvent('cos-object-created.json'),
    check: "result.objects.length === 1 && result.objects[0].outcome === 'ignored'",
  },
};

/** One fresh process: wall time, and the CPU time (user + system) it used from exec to exit. */
interface ProcessTime {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `script` in a fresh process of `node`. */
function processTime(
  node: string,
  script: string,
  cwd: string,
  env: Record<string, string> = {},
): ProcessTime {
  return { wallMs: wallMs(node, script, cwd, env), cpuMs: cpuMs(node, script, cwd, env) };
}

function wallMs(node: string, script: string, cwd: string, env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(node, ['-e', script], {
    cwd,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${node} -e ${script} exited with ${result.status}`);
  return elapsed;
}

// On a shared, loaded machine wall time mostly measures the wait for a core; CPU time is the work, what
// a dedicated SCF instance would spend. Node cannot read a child's rusage, so bash runs the process and
// prints its children's user and system time (`times`, second line, e.g. '0m0.052s 0m0.012s').
function cpuMs(node: string, script: string, cwd: string, env: Record<string, string>): number {
  const result = spawnSync('bash', ['-c', '"$0" -e "$1" >/dev/null || exit 1; times', node, script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (result.status !== 0 || seconds.length !== 2) throw new Error(`${node} -e ${script} failed under bash`);
  return ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000;
}

/** The script that requires a bundle and, for a first invocation, calls `main` and checks the refusal. */
function invokeScript(name: string): string {
  const invocation = firstInvocations[name];
  if (!invocation) throw new Error(`no I/O-free event for ${name}`);
  return `require('./${name}.js').main(${JSON.stringify(invocation.event)}, {}).then((result) => {
    if (!(${invocation.check})) { console.error(JSON.stringify(result)); process.exit(3); }
  })`;
}

/** 'accepted', 'rejected' or 'absent' for each bundle's code cache on one Node. */
function codeCacheStates(node: string, bundleDir: string): string {
  const script = `process.stdout.write(${JSON.stringify(functionNames)}.map((name) => name + ' ' + require('./' + name + '.js')[Symbol.for('cos-transcribe.code-cache')]).join(', '))`;
  return spawnSync(node, ['-e', script], {
    cwd: bundleDir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  }).stdout;
}

/** Cold-start ratios of every bundle on one Node binary. */
function coldStarts(label: string, node: string, bundleDir: string): Figure[] {
  const runs = [
    ...functionNames.map((name) => ({
      figure: `${label}: require ${name}.js / node -e 0`,
      script: `require('./${name}.js')`,
      env: {},
      goal: GOAL,
    })),
    // The bundles load Node's network modules on first use (scripts/lazy-modules.ts): a request that
    // reaches COS or an API loads them then. This row shows that whole cost, so the goal's figure is
    // not read as the time a first real request waits for.
    ...functionNames.map((name) => ({
      figure: `${label}: require ${name}.js + the modules a first request loads (crypto, https) / node -e 0`,
      script: `require('./${name}.js'); require('node:crypto'); require('node:https')`,
      env: {},
      goal: undefined,
    })),
    ...Object.keys(firstInvocations).map((name) => ({
      figure: `${label}: require + first main (no I/O) ${name}.js / node -e 0`,
      script: invokeScript(name),
      env: functionEnv,
      goal: undefined,
    })),
  ];
  const baseline: ProcessTime[] = [];
  const times = runs.map(() => [] as ProcessTime[]);
  processTime(node, '0', bundleDir); // warm the page cache for the binary itself
  for (const run of runs) processTime(node, run.script, bundleDir, run.env); // and for each bundle, checking it runs
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, so machine noise hits the baseline and the bundles alike.
    baseline.push(processTime(node, '0', bundleDir));
    for (const [index, run] of runs.entries()) {
      times[index]?.push(processTime(node, run.script, bundleDir, run.env));
    }
  }
  const baseWall = median(baseline.map((time) => time.wallMs));
  const baseCpu = median(baseline.map((time) => time.cpuMs));
  return [
    {
      name: `${label}: node -e 0 (baseline)`,
      value: `${baseWall.toFixed(0)} ms, ${baseCpu.toFixed(0)} ms CPU`,
    },
    { name: `${label}: code cache`, value: codeCacheStates(node, bundleDir) },
    ...runs.flatMap((run, index) => {
      const wall = median(times[index]?.map((time) => time.wallMs) ?? []);
      const cpu = median(times[index]?.map((time) => time.cpuMs) ?? []);
      return [
        {
          name: run.figure,
          value: `${ratio(wall / baseWall)} (${wall.toFixed(0)} ms)`,
          ...(run.goal ? { goal: run.goal } : {}),
        },
        { name: `${run.figure} (CPU)`, value: `${ratio(cpu / baseCpu)} (${cpu.toFixed(0)} ms)` },
      ];
    }),
  ];
}

/** Bundle sizes and cold starts on Node 20 and Node 18.15. */
export const benchmark: Benchmark = {
  title: 'cold start of each SCF bundle (fresh process) and bundle sizes',
  async run(): Promise<Figure[]> {
    const bundleDir = buildBundles();
    const kib = (file: string) => `${(statSync(path.join(bundleDir, file)).size / 1024).toFixed(0)} KiB`;
    const figures: Figure[] = functionNames.map((name) => ({
      name: `size: ${name}.bundle.js (code caches: ${readdirSync(bundleDir)
        .filter((file) => file.startsWith(`${name}.`) && file.endsWith('.code-cache'))
        .map(kib)
        .join(', ')})`,
      value: kib(`${name}.bundle.js`),
    }));
    figures.push({
      name: 'size: .build/cos-transcribe.zip (all three)',
      value: kib('../cos-transcribe.zip'),
    });
    figures.push(...coldStarts(`node ${process.version}`, process.execPath, bundleDir));
    if (existsSync(scfNodePath)) figures.push(...coldStarts('node v18.15.0 (SCF)', scfNodePath, bundleDir));
    else figures.push({ name: 'node v18.15.0 (SCF)', value: 'not installed: run bash scripts/setup.sh' });
    rmSync(path.dirname(bundleDir), { recursive: true, force: true });
    return figures;
  },
};
