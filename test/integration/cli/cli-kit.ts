/**
 * Helpers for the command-line tests: run `node bin/cos-transcribe.cjs ...` as a person would (a child
 * process, asynchronously, so a local cloud hosted by the test process keeps serving meanwhile), and
 * make real speech with espeak-ng + sox.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'bin/cos-transcribe.cjs');

/** What a command run left behind. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `args` in `cwd`; the environment is the test's plus `env`. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`cos-transcribe ${args.join(' ')} ran past ${options.timeoutMs ?? 60_000} ms\n${stderr}`),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const run = promisify(execFile);

/** Speaks `text` with espeak-ng into a 16 kHz mono 16-bit WAV at `file` (what the engines take). */
export async function makeSpeech(file: string, text: string): Promise<void> {
  const raw = `${file}.espeak.wav`;
  await run('espeak-ng', ['-s', '150', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file]);
}
