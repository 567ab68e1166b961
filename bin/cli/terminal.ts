/**
 * Where the commands write. While an in-command local cloud routes the functions' own stdout (their
 * JSON log lines, which SCF would send to its log service) into a log file, `out` keeps writing to
 * the real stdout: the person at the terminal sees only what the command means to say.
 */

type Write = typeof process.stdout.write;

/** The real stdout write while stray output is captured; undefined otherwise. */
let realStdoutWrite: Write | undefined;

/** Writes `text` to the real stdout and resolves once it is flushed (stdout to a pipe is asynchronous). */
export function out(text: string): Promise<void> {
  const write = (realStdoutWrite ?? process.stdout.write) as (
    chunk: string,
    callback: (error?: Error | null) => void,
  ) => boolean;
  return new Promise((resolve, reject) => {
    write.call(process.stdout, text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes `text` to stderr. */
export function err(text: string): void {
  process.stderr.write(text);
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
  realStdoutWrite = original;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
    realStdoutWrite = undefined;
  };
}
