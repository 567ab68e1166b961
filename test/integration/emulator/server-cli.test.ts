/**
 * `cos-transcribe emulator` as a person or a script runs it: exactly one line on stdout once it accepts
 * connections, a working COS behind it, a clean exit on SIGTERM; `--help` and bad flags answer at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { cosClient, errorCode, rawRequest, sdkErrorCode } from './cos-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'bin/cos-transcribe.ts');
/** tsx as a loader in the one process, as `npm run emulator` runs it (no tsx parent relaying signals). */
const TSX_LOADER = import.meta.resolve('tsx');
const started: ChildProcess[] = [];
/** The account given on the command line in place of the documented default pair. */
const CUSTOM = {
  SecretId: 'AKIDcustomCliAccount00000000000000',
  SecretKey: 'customCliSecretKey0000000000000000',
};

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('cos-transcribe emulator', () => {
  it('prints one listening line, serves COS with the given account and bucket, and exits 0 on SIGTERM', async () => {
    // Prepare
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emulator-cli-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        TSX_LOADER,
        CLI,
        'emulator',
        '--port',
        '0',
        '--data',
        dataDir,
        '--appid',
        '1300000001',
        '--bucket',
        'clips',
        '--secret-id',
        CUSTOM.SecretId,
        '--secret-key',
        CUSTOM.SecretKey,
        '--quiet',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.push(child);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });

    // Act
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no listening line; stdout so far: ${stdout}`)),
        20_000,
      );
      child.stdout?.on('data', () => {
        if (stdout.includes('\n')) {
          clearTimeout(timer);
          resolve(stdout.split('\n')[0] ?? '');
        }
      });
    });
    const port = Number(/:(\d+)$/.exec(line)?.[1]);
    const unsigned = await rawRequest(port, {
      method: 'GET',
      host: 'clips-1300000001.cos.ap-guangzhou.myqcloud.com',
      path: '/',
    });
    const health = await rawRequest(port, { method: 'GET', host: 'emulator.local', path: '/health' });
    const list = (credentials: { SecretId: string; SecretKey: string }) =>
      cosClient(port, credentials).getBucket({ Bucket: 'clips-1300000001', Region: 'ap-guangzhou' });
    const withCustom = await sdkErrorCode(list(CUSTOM));
    const withDefault = await sdkErrorCode(
      list({ SecretId: DEFAULT_SECRET_ID, SecretKey: DEFAULT_SECRET_KEY }),
    );
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exit;
    await rm(dataDir, { recursive: true, force: true });

    // Assess
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(errorCode(unsigned.body)).toBe('AccessDenied');
    expect(withCustom).toBe('no error');
    expect(withDefault).toBe('InvalidAccessKeyId');
    expect(health.status).toBe(200);
    expect(code).toBe(0);
    expect(stdout).toBe(`${line}\n`);
  });

  it('prints its options for --help and exits 2 on an unknown flag or a bad fault setting', async () => {
    // Prepare: in process, so only the real start-up above pays for a child process.
    const { run } = await import('../../../bin/commands/emulator.js');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: string) => printed.push(text));
    const error = vi.spyOn(console, 'error').mockImplementation((text: string) => printed.push(text));

    try {
      // Act
      const help = await run(['--help']);
      const bad = await run(['--bogus']);
      const badRate = await run(['--error-rate', 'cos=2']);

      // Assess
      expect(help).toBe(0);
      expect(printed[0]).toContain('--secret-id');
      expect(printed[0]).toContain('--error-rate');
      expect(bad).toBe(2);
      expect(printed[1]).toContain('--bogus');
      expect(badRate).toBe(2);
      expect(printed[2]).toContain('probability');
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
