/**
 * The command line as a script sees it: `--help` on every command documents its exit codes; bad usage
 * is exit 2 with one line on stderr and nothing sent; with no local cloud named, a command starts its
 * own (emulator + functions) in its data dir, and a later command finds the same buckets there.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './cli-kit.js';

let work: string;
// No local cloud named, no pipeline variables: what a fresh shell has.
const bare: Record<string, string | undefined> = {
  COS_TRANSCRIBE_LOCAL_CLOUD: undefined,
  INPUT_BUCKET: undefined,
  OUTPUT_BUCKET: undefined,
  REGION: undefined,
  CALLBACK_SECRET: undefined,
  CALLBACK_BASE_URL: undefined,
  TENCENTCLOUD_SECRETID: undefined,
  TENCENTCLOUD_SECRETKEY: undefined,
};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cli-usage-'));
  await writeFile(path.join(work, 'empty.wav'), '');
  await writeFile(path.join(work, 'a.wav'), 'RIFF');
  await mkdir(path.join(work, 'sub'));
  await writeFile(path.join(work, 'sub', 'a.wav'), 'RIFF');
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: work, env: bare });

const commands = {
  transcribe: () => import('../../../bin/commands/transcribe.js'),
  status: () => import('../../../bin/commands/status.js'),
  replay: () => import('../../../bin/commands/replay.js'),
};

/** Runs a command in this process (cheap), capturing what it writes. */
async function runInProcess(
  command: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const module = await commands[command as keyof typeof commands]();
  let stdout = '';
  let stderr = '';
  const outSpy = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      stdout += String(chunk);
      rest.find((a): a is () => void => typeof a === 'function')?.();
      return true;
    });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  const cwd = process.cwd();
  const saved = { ...process.env };
  try {
    process.chdir(work);
    for (const [name, value] of Object.entries(bare)) if (value === undefined) delete process.env[name];
    const code = await module.run(args);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
    process.env = saved;
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

describe('cos-transcribe transcribe, status and replay usage', () => {
  it('documents every command and its exit codes under --help, as a subprocess too', async () => {
    // Act
    const inProcess = await Promise.all(
      ['transcribe', 'status', 'replay'].map((c) => runInProcess(c, ['--help'])),
    );
    const child = await cli(['replay', '--help']);

    // Assess
    for (const [index, command] of ['transcribe', 'status', 'replay'].entries()) {
      const result = inProcess[index];
      expect(result?.code).toBe(0);
      expect(result?.stdout).toMatch(new RegExp(`^usage: cos-transcribe ${command} `));
      expect(result?.stdout).toMatch(/exit status:\n\s+0 /);
      expect(result?.stdout).toMatch(/\n\s+2 +bad usage/);
      expect(result?.stdout).toContain('--cloud');
    }
    expect(child.code).toBe(0);
    expect(child.stdout).toBe(inProcess[2]?.stdout);
  }, 60_000);

  it.each<[string, string[], RegExp]>([
    ['transcribe', [], /^cos-transcribe transcribe: no file given/],
    [
      'transcribe',
      ['a.wav', '--formats', 'pdf'],
      /^cos-transcribe transcribe: --formats: unknown format "pdf"/,
    ],
    [
      'transcribe',
      ['a.wav', '--engine', 'whisper'],
      /^cos-transcribe transcribe: --engine: "whisper" is not an engine/,
    ],
    [
      'transcribe',
      ['a.wav', '--timeout', 'soon'],
      /^cos-transcribe transcribe: --timeout expects a duration/,
    ],
    [
      'transcribe',
      ['a.wav', path.join('sub', 'a.wav')],
      /a\.wav and sub\/a\.wav have the same name a\.wav; rename one\n$/,
    ],
    ['transcribe', ['a.wav', '--bogus'], /^cos-transcribe transcribe: Unknown option '--bogus'/],
    ['transcribe', ['a.wav', '--cloud', '--local-cloud', 'http://127.0.0.1:1'], /name two different clouds/],
    ['transcribe', ['a.wav', '--local-cloud', 'nowhere'], /local cloud 'nowhere' is not a URL/],
    // Checked before anything is sent: nothing listens on port 1.
    [
      'transcribe',
      ['a.wav', '--local-cloud', 'http://127.0.0.1:1', '--profile', 'talks'],
      /--profile 'talks' is not a PROFILES prefix; PROFILES defines none$/m,
    ],
    ['status', ['a', 'b'], /^cos-transcribe status: expected at most one/],
    ['status', ['--cloud'], /^cos-transcribe status: configuration refused .*INPUT_BUCKET.*CALLBACK_SECRET/],
    ['replay', [], /^cos-transcribe replay: missing the input key or job id/],
    ['replay', ['a', '--timeout', '0'], /^cos-transcribe replay: --timeout expects a duration/],
  ])('%s %j: exit 2 with one line, and no cloud started', async (command, args, reason) => {
    // Act
    const result = await runInProcess(command, [...args, '--data', 'never-made']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(existsSync(path.join(work, 'never-made'))).toBe(false);
  });

  it('exits 2 with a one-line reason as a subprocess, for a missing file and a refused configuration', async () => {
    // Act
    const [missing, refused] = await Promise.all([
      cli(['transcribe', 'missing.wav', '--data', 'never-made']),
      cli(['status', '--cloud']),
    ]);

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cos-transcribe transcribe: cannot read missing.wav: no such file\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^cos-transcribe status: configuration refused \(\d+ problems\): REGION: is not set; .*; INPUT_BUCKET: is not set; .*; missing TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY: .*\n$/,
    );
    expect(existsSync(path.join(work, 'never-made'))).toBe(false);
  }, 60_000);

  it('starts its own local cloud when none is named, and status finds the result there later', async () => {
    // Act
    const transcribe = await cli(['transcribe', 'empty.wav', '--data', 'cloud', '--timeout', '30s']);
    const status = await cli(['status', 'empty.wav', '--data', 'cloud']);
    const missing = await cli(['status', 'other.wav', '--data', 'cloud']);

    // Assess
    expect(transcribe.code).toBe(1);
    expect(transcribe.stderr).toContain('on the local cloud in this command (cloud)');
    expect(transcribe.stderr).toMatch(/^empty\.wav: failed: EmptyFile: /m);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^input\/empty\.wav: failed\n/);
    expect(status.stdout).toMatch(/job +\(none: refused before a job was made\)/);
    expect(status.stdout).toMatch(/error +EmptyFile: the object is empty/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing found for 'other\.wav'/);
    expect(existsSync(path.join(work, 'cloud', 'functions.log'))).toBe(true);
  }, 120_000);
});
