/**
 * writeStdout (bin/cli/write-stdout.ts) delivers a whole output through a pipe, also when the pipe is
 * non-blocking and fills up: the second child makes fd 1 non-blocking by touching `process.stdout`
 * (libuv does that for pipes), and the parent reads slowly, so writeSync meets EAGAIN part-way. The
 * children run the module bundled, on plain node, as the CLI runs it (not under tsx's loader).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const BYTES = 4 * 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'write-stdout-'));

beforeAll(async () => {
  await build({
    entryPoints: [path.join(root, 'bin/cli/write-stdout.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path.join(dir, 'write-stdout.mjs'),
    logLevel: 'silent',
  });
  for (const touchStdoutFirst of [false, true]) {
    writeFileSync(
      path.join(dir, `child-${touchStdoutFirst}.mjs`),
      `import { writeStdout } from './write-stdout.mjs';
      ${touchStdoutFirst ? 'process.stdout.isTTY;' : ''}
      await writeStdout('a'.repeat(${BYTES} - 4) + 'end\\n');`,
    );
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(touchStdoutFirst: boolean): Promise<{ code: number | null; bytes: number; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dir, `child-${touchStdoutFirst}.mjs`)]);
    let bytes = 0;
    let tail = '';
    // A slow reader: after each chunk it stops reading for 2 ms, so the pipe (64 KiB) is full most of
    // the time. Chunks are taken as 'data' events, not by read() on a timer: when the child exits,
    // Node resumes its paused stdout (flushStdio in internal/child_process), and whatever the timer
    // had not read yet went to no listener and was lost, which failed this test under load.
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      tail = (tail + chunk.toString('latin1')).slice(-8);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, bytes, tail }));
  });
}

it('writes every byte to a blocking pipe and to a non-blocking one that fills up', async () => {
  // Act
  const blocking = await runChild(false);
  const nonBlocking = await runChild(true);

  // Assess
  expect(blocking).toEqual({ code: 0, bytes: BYTES, tail: 'aaaaend\n' });
  expect(nonBlocking).toEqual({ code: 0, bytes: BYTES, tail: 'aaaaend\n' });
});
