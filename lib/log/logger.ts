/**
 * Structured logs: one JSON line per pipeline step, carrying the job id, the input key and how long
 * the step took, so an operator can follow one file through SCF's log search. Every line passes the
 * redactor first; nothing reaches the sink unredacted.
 */
import { createRedactor } from './redact.js';

/** Severity of a line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields that identify what a line is about; set once per invocation with `child`. */
export interface LogContext {
  readonly jobId?: string;
  readonly inputKey?: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** A structured logger. */
export interface Logger {
  /** Logs a step that happened (`durationMs` when measured elsewhere). */
  step(step: string, fields?: Readonly<Record<string, unknown>>, level?: LogLevel): void;
  /**
   * Runs `work` as a named step and logs one line when it ends, with `durationMs` and `ok`; on a
   * throw the line carries the error (redacted) and the error is rethrown unchanged.
   */
  time<T>(step: string, work: () => Promise<T>, fields?: Readonly<Record<string, unknown>>): Promise<T>;
  /** A logger whose lines all carry `context` as well. */
  child(context: LogContext): Logger;
  /** `text` as a line would carry it: for free text stored elsewhere (error messages in records). */
  redact(text: string): string;
}

/** Options; every one has a production default. */
export interface LoggerOptions {
  /** Where lines go; SCF collects stdout. */
  readonly sink?: (line: string) => void;
  /** Integer ms clock. */
  readonly now?: () => number;
  /** Secret values to scrub wherever they appear (HMAC secret, role key and token). */
  readonly secrets?: readonly (string | undefined)[];
  readonly context?: LogContext;
}

/** Creates a logger that writes redacted JSON lines. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const redact = createRedactor(options.secrets ?? []);
  return build(options.context ?? {});

  function build(context: LogContext): Logger {
    const emit = (level: LogLevel, step: string, fields: Readonly<Record<string, unknown>>) => {
      // Context first, then fields; `time`, `level` and `step` are ours and cannot be overridden.
      const line = { ...context, ...fields, time: new Date(now()).toISOString(), level, step };
      sink(JSON.stringify(redact(line)));
    };
    return {
      step(step, fields = {}, level = 'info') {
        emit(level, step, fields);
      },
      async time(step, work, fields = {}) {
        const started = now();
        try {
          const result = await work();
          emit('info', step, { ...fields, ok: true, durationMs: now() - started });
          return result;
        } catch (error) {
          emit('error', step, { ...fields, ok: false, durationMs: now() - started, error });
          throw error;
        }
      },
      child(extra) {
        return build({ ...context, ...extra });
      },
      redact: (text) => String(redact(text)),
    };
  }
}

/** The secrets a function holds, for `createLogger({ secrets })`: SCF role keys and the HMAC secret. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): (string | undefined)[] {
  return [
    env.TENCENTCLOUD_SECRETKEY,
    env.TENCENTCLOUD_SESSIONTOKEN,
    env.TENCENTCLOUD_SECRET_KEY,
    env.TENCENTCLOUD_SESSION_TOKEN,
    env.CALLBACK_SECRET,
    env.CALLBACK_SECRET_PREVIOUS,
  ];
}
