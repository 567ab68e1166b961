import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const functions = readdirSync(path.join(root, 'functions'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.replace(/\.ts$/, ''));

let buildDir: string;
beforeAll(() => {
  buildDir = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-build-'));
  execFileSync('npx', ['tsx', 'scripts/build.ts', '--out', buildDir], { cwd: root, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

/** Requires each function's entry file in a fresh Node; returns `typeof main` and the code-cache state of each. */
function load(bundleDir: string, nodeFlags: string[] = []): string[] {
  const script = `process.stdout.write(JSON.stringify(process.argv.slice(1).map((file) => {
    const exports = require(file);
    return typeof exports.main + ' ' + exports[Symbol.for('cos-transcribe.code-cache')];
  })))`;
  const files = functions.map((name) => path.join(bundleDir, `${name}.js`));
  const output = execFileSync(process.execPath, [...nodeFlags, '-e', script, ...files], {
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(output.toString()) as string[];
}

describe('npm run build', () => {
  it('produces one CommonJS entry per function, each exporting main, and the zip', () => {
    // Prepare / Act: the build in beforeAll.
    const bundleDir = path.join(buildDir, 'bundle');

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const name of functions) expect(existsSync(path.join(bundleDir, `${name}.js`))).toBe(true);
    expect(load(bundleDir).map((state) => state.split(' ')[0])).toEqual(functions.map(() => 'function'));
    expect(existsSync(path.join(buildDir, 'cos-transcribe.zip'))).toBe(true);
  });

  it('loads none of crypto, http, https, net, tls, stream, zlib, assert or perf_hooks when a function starts', () => {
    // The first request loads crypto and https through scripts/lazy-modules.ts; that they then work is
    // shown by every test that runs the bundles (bundles-on-node18, the deploy end-to-end test).
    // Prepare
    const bundleDir = path.join(buildDir, 'bundle');
    // The list is copied before process.stdout is touched: making it loads net and stream.
    const script = `for (const file of process.argv.slice(1)) require(file);
      const loaded = JSON.stringify(process.moduleLoadList);
      process.stdout.write(loaded)`;
    const files = functions.map((name) => path.join(bundleDir, `${name}.js`));

    // Act
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script, ...files], {
        env: { PATH: process.env.PATH ?? '' },
      }).toString(),
    ) as string[];

    // Assess
    expect(loaded).toContain('NativeModule vm'); // the loader ran
    const eager = /^NativeModule (crypto|http|https|net|tls|stream|zlib|assert|perf_hooks)$/;
    expect(loaded.filter((name) => eager.test(name))).toEqual([]);
  });

  it('leaves the official COS SDK and its request stack out of every function bundle (issue 16)', () => {
    // Prepare: the packages each bundle holds, from esbuild's account of its inputs.
    const meta = JSON.parse(readFileSync(path.join(buildDir, 'bundle-meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const packagesOf = (inputs: Record<string, unknown>) =>
      new Set(
        Object.keys(inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? '(ours)'),
      );
    const sdkFamily = [
      'cos-nodejs-sdk-v5',
      'cos-request',
      'cos-fast-xml-parser',
      'tunnel-agent',
      'forever-agent',
      'combined-stream',
      'mime-types',
      'qs',
    ];

    // Act
    const bundles = Object.entries(meta.outputs).map(([file, output]) => ({
      file: path.basename(file),
      packages: packagesOf(output.inputs),
    }));

    // Assess
    expect(bundles.map((bundle) => bundle.file).sort()).toEqual(functions.map((name) => `${name}.js`).sort());
    for (const bundle of bundles) {
      expect(
        sdkFamily.filter((name) => bundle.packages.has(name)),
        bundle.file,
      ).toEqual([]);
      expect(bundle.packages.has('fast-xml-parser'), bundle.file).toBe(true);
    }
    for (const name of functions) {
      // The SDK's user agent, and its backup domain: strings a minifier keeps.
      const text = readFileSync(path.join(buildDir, 'bundle', `${name}.bundle.js`), 'utf8');
      expect(text).not.toContain('cos-nodejs-sdk-v5');
      expect(text).not.toContain('tencentcos.cn');
    }
  });

  it('writes each bundle as pure ASCII, which the loader reads as latin1 (scripts/ascii-bundle.ts)', () => {
    for (const name of functions) {
      const bytes = readFileSync(path.join(buildDir, 'bundle', `${name}.bundle.js`));
      expect(
        bytes.findIndex((byte) => byte > 0x7f),
        name,
      ).toBe(-1);
      // The subtitle rules' CJK punctuation survives as escapes.
      expect(bytes.toString('latin1'), name).toContain('\\uff0c');
    }
  });

  it("bundles zod with its methods bound on first read (scripts/zod-lazy-binds.ts), not in ZodType's constructor", () => {
    for (const name of functions) {
      const text = readFileSync(path.join(buildDir, 'bundle', `${name}.bundle.js`), 'utf8');
      expect(text, name).toContain('safeParse'); // zod is in the bundle
      expect(text, name).not.toMatch(/this\.parse=this\.parse\.bind\(this\)/);
      expect(text, name).toMatch(/"parse","safeParse","parseAsync","safeParseAsync","spa"/);
    }
  });

  it('ships a V8 code cache that this Node accepts, and that the zip carries', () => {
    const bundleDir = path.join(buildDir, 'bundle');

    const states = load(bundleDir);
    const zipped = execFileSync('unzip', ['-Z1', path.join(buildDir, 'cos-transcribe.zip')]).toString();

    expect(states).toEqual(functions.map(() => 'function accepted'));
    for (const name of functions) {
      expect(zipped).toContain(`${name}.js\n`);
      expect(zipped).toContain(`${name}.bundle.js\n`);
      expect(zipped).toContain(`${name}.${process.version}-${process.arch}.code-cache\n`);
    }
  });

  it('loads from source when V8 refuses the cache (other V8 flags) or the cache is missing', () => {
    // Prepare: a copy of the bundles without their caches.
    const bundleDir = path.join(buildDir, 'bundle');
    const bare = mkdtempSync(path.join(tmpdir(), 'cos-transcribe-bare-'));
    try {
      cpSync(bundleDir, bare, { recursive: true });
      for (const file of readdirSync(bare)) if (file.endsWith('.code-cache')) rmSync(path.join(bare, file));

      // Act
      const refused = load(bundleDir, ['--max-old-space-size=300']);
      const missing = load(bare);

      // Assess
      expect(refused).toEqual(functions.map(() => 'function rejected'));
      expect(missing).toEqual(functions.map(() => 'function absent'));
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
