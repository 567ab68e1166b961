/**
 * Where the commands write. The writers are captured when this module loads, before an in-process
 * local cloud routes the functions' own stdout (their JSON log lines, which SCF would send to its log
 * service) into a log file: the person at the terminal sees only what the command means to say.
 */

const stdoutWrite = process.stdout.write.bind(process.stdout);
const stderrWrite = process.stderr.write.bind(process.stderr);

/** Writes `text` to the real stdout and resolves once it is flushed (stdout to a pipe is asynchronous). */
export function out(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stdoutWrite(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** Writes `text` to the real stderr. */
export function err(text: string): void {
  stderrWrite(text);
}

/** True when stderr is a terminal that can redraw a progress bar. */
export function isInteractive(): boolean {
  return process.stderr.isTTY === true && process.env.TERM !== 'dumb' && process.env.CI === undefined;
}

/**
 * Routes everything else written to process.stdout into `sink` until the returned function is
 * called; our own `out` keeps the real stdout.
 */
export function captureStrayStdout(sink: (text: string) => void): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}
