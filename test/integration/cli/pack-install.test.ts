/**
 * The CLI as a user installs it: `npm pack` (whose prepack bundles the CLI into dist/), then
 * `npm install --omit=dev` of the tarball into an empty prefix, offline. The installed command has no
 * TypeScript loader and no dev dependency to lean on; it must still print its help, render a recorded
 * Tencent result, serve the emulator, and wire a local cloud from the serverless.yml it ships. Run on this machine's Node and on SCF's Node 18.15 (the
 * oldest the package's `engines` admits) when scripts/setup.sh installed it.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scfNodePath } from '../consumers/scf-node.js';
import { ROOT } from './cli-kit.js';

const run = promisify(execFile);
const FIXTURE = path.join(ROOT, 'test/fixtures/tencent/describe-task-status.success.json');
const CI_XML_FIXTURE = path.join(ROOT, 'test/fixtures/tencent/ci-callback.xml');

let work: string;
let installed: string;
let packed: string[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cli-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (!report) throw new Error(`npm pack reported nothing:\n${stdout}`);
  packed = report.files.map((file) => file.path).sort();
  const prefix = path.join(work, 'prefix');
  // Offline: the bundle carries every package it needs, so there is nothing to fetch.
  await run(
    'npm',
    [
      'install',
      '--omit=dev',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      path.join(work, report.filename),
    ],
    { cwd: work },
  );
  installed = path.join(prefix, 'node_modules', '.bin', 'cos-transcribe');
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the installed command with `node` (so the Node version is the one named). */
function cli(node: string, args: string[]) {
  return run(node, [installed, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') },
  });
}

/** The version a Node binary reports, e.g. v18.15.0. */
function versionOf(node: string): string {
  return node === process.execPath
    ? process.version
    : execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();
}

/** Starts the installed emulator; resolves with the URL it prints. */
function startEmulator(node: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(node, [installed, 'emulator', '--port', '0', '--data', path.join(work, 'cloud')], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = stdout.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n/m)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}:\n${stdout}${stderr}`)));
  });
}

/** GET of an object with no signature, addressed to a bucket by its Host header as COS is. */
function unsignedCosGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${url}/any-key`,
      { headers: { host: 'input-1250000000.cos.ap-guangzhou.myqcloud.com' } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
}

describe('the packed and installed CLI', () => {
  it('ships only the bundle, its entry and serverless.yml: no sources, tests or TypeScript', () => {
    // Assess
    const outside = packed.filter(
      (file) =>
        !['bin/cos-transcribe.cjs', 'serverless.yml', 'package.json', 'README.md', 'LICENSE'].includes(
          file,
        ) && !file.startsWith('dist/'),
    );
    expect(outside).toEqual([]);
    expect(packed).toContain('dist/cos-transcribe.cjs');
    expect(packed.filter((file) => file.endsWith('.ts'))).toEqual([]);
  });

  it('declares no runtime dependency (the bundle holds them)', async () => {
    // Prepare
    const manifest = JSON.parse(
      await readFile(path.join(work, 'prefix', 'node_modules', 'cos-transcribe', 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };

    // Assess
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  const nodes: Array<[string, string]> = [[`node ${process.version}`, process.execPath]];
  if (existsSync(scfNodePath)) nodes.push(['node v18.15.0', scfNodePath]);

  describe.each(nodes)('on %s', (label, node) => {
    it('prints its help', async () => {
      // Act
      const { stdout } = await cli(node, ['--help']);

      // Assess
      expect(stdout).toMatch(/^usage: cos-transcribe <command> \[options\]\n/);
      for (const command of ['transcribe', 'status', 'replay', 'render', 'emulator']) {
        expect(stdout).toContain(`  ${command} `);
      }
    });

    it('renders a recorded DescribeTaskStatus answer to SRT', async () => {
      // Act
      const { stdout } = await cli(node, ['render', FIXTURE]);

      // Assess: the recorded answer's first sentence, as the first cue.
      expect(stdout).toMatch(/^1\n00:00:00,\d{3} --> 00:00:0\d,\d{3}\n\S/);
      expect(stdout).toContain('腾讯云');
      // The compiled code is kept for the next start, readable by this user only.
      const cacheDir = path.join(work, 'cache', 'cos-transcribe');
      const cached = (await readdir(cacheDir)).filter((name) => name.startsWith('render.cjs-'));
      expect(cached.some((name) => name.endsWith(`-${versionOf(node)}-${process.arch}.v8`))).toBe(true);
      expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    });

    it('renders a recorded CI callback (XML, whose parser the bundle loads only when it is needed)', async () => {
      // Act
      const { stdout } = await cli(node, ['render', CI_XML_FIXTURE, '--format', 'vtt']);

      // Assess: the recorded job's first sentence, as the first cue.
      expect(stdout).toMatch(/^WEBVTT\n\n(\S+\n)?00:00:03\.320 --> 00:00:06\.\d{3}\n\S/);
    });

    it('finds serverless.yml and the functions it ships: status starts a local cloud of its own', async () => {
      // Act: nothing is uploaded, so nothing is found, but the cloud was wired and asked.
      const result = await cli(node, [
        'status',
        '--data',
        path.join(work, `status-${label.replace(/\W/g, '')}`),
      ]).catch((error: { code: number; stdout: string; stderr: string }) => error);

      // Assess
      expect(result.stderr).toMatch(
        /^status on the local cloud in this command \(.*\)\ncos-transcribe status: nothing found for 'input\/'\n$/,
      );
      expect('code' in result ? result.code : 0).toBe(1);
    }, 60_000);

    it('serves the emulator, which answers Tencent-style, and stops on SIGTERM', async () => {
      // Act
      const { child, url } = await startEmulator(node);
      const answer = await unsignedCosGet(url);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');

      // Assess: an unsigned request is refused the way COS refuses it.
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('<Code>AccessDenied</Code>');
      expect(await exited).toBe(0);
    }, 30_000);
  });
});
