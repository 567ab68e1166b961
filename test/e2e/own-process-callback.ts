/**
 * Runs callback-process.ts as a child and calls it like the in-process handler, with the CPU each
 * call cost that process. Started lazily, so the child inherits the environment the local cloud sets
 * after binding the function URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

/** One answered callback and what it cost the callback's process. */
export interface MeasuredAnswer {
  readonly answer: { statusCode: number; headers: Record<string, string>; body: string };
  readonly cpuMs: number;
  readonly gcMs: number;
}

/** The callback function in its own process. */
export interface OwnProcessCallback {
  invoke(event: unknown): Promise<MeasuredAnswer>;
  /** Ends the process; the next call starts a new one (a new container). */
  stop(): void;
}

/** `onOutputLine` receives each line the child prints (the handler's JSON log lines). */
export function ownProcessCallback(onOutputLine: (line: string) => void): OwnProcessCallback {
  type Waiter = { resolve: (m: MeasuredAnswer) => void; reject: (e: Error) => void };
  let child: { process: ChildProcess; pending: Map<number, Waiter> } | undefined;
  let nextId = 1;

  const start = () => {
    const pending = new Map<number, Waiter>();
    const started = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'callback-process.ts')],
      { cwd: repositoryRoot, env: process.env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
    );
    if (started.stdout) createInterface({ input: started.stdout }).on('line', onOutputLine);
    started.on('message', (message: Partial<MeasuredAnswer> & { id: number; error?: string }) => {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message as MeasuredAnswer);
    });
    started.on('exit', (code, signal) => {
      if (child?.process === started) child = undefined;
      for (const waiter of pending.values())
        waiter.reject(new Error(`callback process ended (${code ?? signal})`));
      pending.clear();
    });
    return { process: started, pending };
  };

  return {
    invoke(event) {
      child ??= start();
      const id = nextId++;
      const { process: running, pending } = child;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.send({ id, event });
      });
    },
    stop() {
      child?.process.kill();
      child = undefined;
    },
  };
}
