/**
 * Runs one external program to completion with a time limit, keeping a bounded amount of its output
 * (a decoder told to print everything about a 5 h file must not fill the emulator's memory).
 */
import { spawn } from 'node:child_process';

/** How a program ended. `missing` means it could not be started at all (ENOENT). */
export type ProgramOutcome =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'timeout'; readonly stderr: string }
  | { readonly kind: 'missing'; readonly reason: string };

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Runs `program args…` with no shell and no stdin; kills it (SIGKILL) when `timeoutMs` passes. */
export function runProgram(
  program: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<ProgramOutcome> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutSize = 0;
    let stderrSize = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutSize < MAX_CAPTURE) stdout.push(chunk);
      stdoutSize += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrSize < MAX_CAPTURE) stderr.push(chunk);
      stderrSize += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve({ kind: 'missing', reason: `${program} not found on PATH` });
      else resolve({ kind: 'exited', code: -1, stdout: '', stderr: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      if (timedOut) resolve({ kind: 'timeout', stderr: err });
      else
        resolve({
          kind: 'exited',
          code: code ?? -1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: err,
        });
    });
  });
}
