/**
 * Writes a command's whole output to stdout with `fs.writeSync` on file descriptor 1, not through
 * `process.stdout`: the first touch of `process.stdout` builds a stream and loads Node's stream
 * modules, about 8 ms of a 50 ms `render` (test/bench/cli-start.bench.ts), for one write.
 * A pipe left non-blocking by whoever made it answers EAGAIN when full; the rest then goes through
 * `process.stdout`, which waits for the pipe to drain.
 */
import { writeSync } from 'node:fs';

/** Resolves once all of `text` is written (or handed to `process.stdout`, and flushed). */
export async function writeStdout(text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(bytes.subarray(written), (failure) => (failure ? reject(failure) : resolve()));
    });
  }
}
