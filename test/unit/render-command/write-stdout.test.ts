/**
 * writeStdout (bin/cli/write-stdout.ts) delivers a whole output through a pipe, also when the pipe is
 * non-blocking and fills up: the child below makes fd 1 non-blocking by touching `process.stdout`
 * (libuv does that for pipes), and the parent reads slowly, so writeSync meets EAGAIN part-way.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const BYTES = 4 * 1024 * 1024;

function runChild(touchStdoutFirst: boolean): Promise<{ code: number | null; bytes: number; tail: string }> {
  const script = `
    import { writeStdout } from './bin/cli/write-stdout.ts';
    ${touchStdoutFirst ? 'process.stdout.isTTY;' : ''}
    await writeStdout('a'.repeat(${BYTES} - 4) + 'end\\n');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
    });
    let bytes = 0;
    let tail = '';
    const drain = () => {
      for (let chunk = child.stdout.read() as Buffer | null; chunk !== null; chunk = child.stdout.read()) {
        bytes += chunk.length;
        tail = (tail + chunk.toString('latin1')).slice(-8);
      }
    };
    child.stdout.pause();
    // A slow reader: the pipe (64 KiB) is full most of the time.
    const timer = setInterval(drain, 2);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      drain();
      resolve({ code, bytes, tail });
    });
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
