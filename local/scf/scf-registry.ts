/**
 * The emulated SCF: functions bound to COS triggers, function URLs and timers, invoked the way SCF
 * invokes them. COS and timer triggers are asynchronous: the event is queued, the handler runs, and a
 * thrown error (or a timeout) is retried twice, after 1 min and then 2 more min by default (SCF's policy
 * for user errors, 583/33126), after which the event goes to a dead-letter list tests can read. A
 * function URL (an `http` trigger, 583/96099) is synchronous: the handler's {statusCode, headers, body}
 * is the HTTP answer and nothing is retried (583/41138). API Gateway triggers are not emulated: Tencent
 * took API Gateway offline on 2025-06-30 (583/107631).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Faults } from '../context.js';
import type { Log } from '../log.js';
import type { ObjectEvent } from '../store/object-events.js';
import { COS_EVENT_TYPES, type CosTriggerRule, ruleMatches, rulesOverlap } from './cos-trigger-rule.js';
import { nextFiring, parseCron } from './cron.js';
import { runHandler, type ScfHandler, scfContext } from './scf-context.js';
import { cosTriggerEvent, timerEvent } from './scf-events.js';

/** SCF's default retry delays for a failed asynchronous invocation (2 retries). */
export const SCF_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];
/** SCF's default function time limit (3 s); deployments usually raise it, and so can bindings here. */
export const SCF_DEFAULT_TIMEOUT_MS = 3_000;

/** A function as bound to a trigger. */
export interface FunctionSpec {
  readonly functionName: string;
  readonly handler: ScfHandler;
  /** Per-invocation time limit; SCF_DEFAULT_TIMEOUT_MS when absent. */
  readonly timeoutMs?: number;
  /** Delays before each retry of a failed async invocation; the registry's default when absent. */
  readonly retryDelaysMs?: readonly number[];
  readonly namespace?: string;
}

/** One attempt to run a function. */
export interface InvocationRecord {
  readonly functionName: string;
  readonly trigger: 'cos' | 'timer' | 'http' | 'direct';
  readonly requestId: string;
  /** 1 for the first attempt, 2 and 3 for retries. */
  readonly attempt: number;
  readonly outcome: 'ok' | 'error';
  readonly error?: string;
  readonly startedAt: number;
  readonly durationMs: number;
}

/** An async event that failed every attempt. */
export interface DeadLetter {
  readonly functionName: string;
  readonly trigger: 'cos' | 'timer' | 'direct';
  readonly event: unknown;
  readonly attempts: number;
  readonly error: string;
  readonly at: number;
}

/** A bound function URL: every path and method on its host reaches the function. */
export interface FunctionUrl {
  /** The `<url-id>` label: 10 lower-case letters and digits. */
  readonly urlId: string;
  /** `https://<appid>-<url-id>.<region>.tencentscf.com`, as SCF reports it (ExtranetUrl). */
  readonly url: string;
  /** The private form `https://<appid>-<url-id>.in.<region>.tencentscf.com` (IntranetUrl). */
  readonly intranetUrl: string;
  readonly spec: FunctionSpec;
}

/** The SCF registry and invoker. */
export interface Scf {
  /** Binds a function to a COS trigger; throws if the rule overlaps one already bound. Returns an unbind function. */
  bindCos(
    spec: FunctionSpec & { bucket: string; event?: string; prefix?: string; suffix?: string },
  ): () => void;
  /**
   * Gives a function a URL (AuthType NONE) served by the emulator on its `tencentscf.com` host;
   * `urlId` keeps a URL across restarts. Returns the URL and an unbind function.
   */
  bindFunctionUrl(spec: FunctionSpec & { urlId?: string }): FunctionUrl & { unbind(): void };
  /**
   * Binds a timer trigger. With `cron` (SCF's 7-field form, e.g. '0 *\/5 * * * * *') or `everyMs` it
   * fires on its own; `fireTimer` fires it at once either way.
   */
  bindTimer(
    spec: FunctionSpec & { triggerName: string; cron?: string; everyMs?: number; message?: string },
  ): () => void;
  /** Fires a bound timer now (asynchronously, with the retry policy). */
  fireTimer(triggerName: string): void;
  /** Invokes a function asynchronously with any event, with the retry policy. */
  invokeAsync(spec: FunctionSpec, event: unknown): void;
  /** Called by the store for every object event. */
  onObjectEvent(event: ObjectEvent): void;
  /** The function URL with this id, for the function-URL service. */
  functionUrl(urlId: string): FunctionUrl | undefined;
  /** Runs a function synchronously once (function URL); rejects with its error. */
  invokeSync(spec: FunctionSpec, event: unknown, trigger: 'http'): Promise<unknown>;
  /** The most recent attempts (up to 1,000), oldest first. */
  readonly invocations: readonly InvocationRecord[];
  readonly deadLetters: readonly DeadLetter[];
  /** Resolves once no invocation is running or waiting for a retry. */
  idle(): Promise<void>;
  /** Cancels timers and pending retries. */
  close(): void;
}

/** Builds the registry. */
export function createScf(options: {
  appId: string;
  region: string;
  faults: Faults;
  log: Log;
  now: () => number;
  retryDelaysMs?: readonly number[];
}): Scf {
  const cosBindings: Array<{ rule: CosTriggerRule; spec: FunctionSpec }> = [];
  const timers = new Map<string, { spec: FunctionSpec; message: string; interval?: NodeJS.Timeout }>();
  const functionUrls = new Map<string, FunctionUrl>();
  const invocations: InvocationRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const pending = new Set<Promise<void>>();
  const retryTimers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  const record = (entry: InvocationRecord) => {
    invocations.push(entry);
    if (invocations.length > 1000) invocations.splice(0, invocations.length - 1000);
  };

  const attemptOnce = async (
    spec: FunctionSpec,
    event: unknown,
    trigger: InvocationRecord['trigger'],
    attempt: number,
    requestId: string,
  ): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> => {
    const startedAt = Date.now();
    const timeoutMs = spec.timeoutMs ?? SCF_DEFAULT_TIMEOUT_MS;
    const context = scfContext({
      requestId,
      functionName: spec.functionName,
      namespace: spec.namespace ?? 'default',
      timeoutMs,
      region: options.region,
      appId: options.appId,
      startedAt,
    });
    try {
      // Each attempt gets its own copy: a handler that mutates its event must not change the retry's.
      const result = await runHandler(spec.handler, structuredClone(event), context);
      record({
        functionName: spec.functionName,
        trigger,
        requestId,
        attempt,
        outcome: 'ok',
        startedAt,
        durationMs: Date.now() - startedAt,
      });
      return { ok: true, result };
    } catch (error) {
      const message = describe(error);
      record({
        functionName: spec.functionName,
        trigger,
        requestId,
        attempt,
        outcome: 'error',
        error: message,
        startedAt,
        durationMs: Date.now() - startedAt,
      });
      options.log('scf.invoke.error', { function: spec.functionName, trigger, attempt, error: message });
      return { ok: false, error };
    }
  };

  const invokeAsync = (spec: FunctionSpec, event: unknown, trigger: 'cos' | 'timer' | 'direct') => {
    if (closed) return;
    const delays = spec.retryDelaysMs ?? options.retryDelaysMs ?? SCF_RETRY_DELAYS_MS;
    const requestId = randomUUID();
    const run = async () => {
      for (let attempt = 1; ; attempt++) {
        const outcome = await attemptOnce(spec, event, trigger, attempt, requestId);
        if (outcome.ok || closed) return;
        const delay = delays[attempt - 1];
        if (delay === undefined) {
          deadLetters.push({
            functionName: spec.functionName,
            trigger,
            event,
            attempts: attempt,
            error: describe(outcome.error),
            at: options.now(),
          });
          options.log('scf.dead-letter', { function: spec.functionName, trigger, attempts: attempt });
          return;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            retryTimers.delete(timer);
            resolve();
          }, delay);
          retryTimers.set(timer, resolve);
        });
        if (closed) return;
      }
    };
    // Asynchronous like SCF: the caller (a COS PUT, a timer) never waits for the handler.
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };

  const fireTimer = (triggerName: string) => {
    const entry = timers.get(triggerName);
    if (!entry) throw new Error(`no timer trigger '${triggerName}' is bound`);
    invokeAsync(entry.spec, timerEvent(triggerName, options.now(), entry.message), 'timer');
  };

  return {
    bindCos(spec) {
      const rule: CosTriggerRule = {
        bucket: spec.bucket,
        event: spec.event ?? 'cos:ObjectCreated:*',
        prefix: spec.prefix ?? '',
        suffix: spec.suffix ?? '',
      };
      if (!(COS_EVENT_TYPES as readonly string[]).includes(rule.event)) {
        throw new Error(`unknown COS event type '${rule.event}': use one of ${COS_EVENT_TYPES.join(', ')}`);
      }
      const clash = cosBindings.find((binding) => rulesOverlap(binding.rule, rule));
      if (clash) {
        throw new Error(
          `COS trigger for ${spec.functionName} overlaps ${clash.spec.functionName}'s on ${rule.bucket} ` +
            `(event ${clash.rule.event}, prefix '${clash.rule.prefix}', suffix '${clash.rule.suffix}'); SCF refuses overlapping rules`,
        );
      }
      const binding = { rule, spec };
      cosBindings.push(binding);
      return () => {
        const at = cosBindings.indexOf(binding);
        if (at >= 0) cosBindings.splice(at, 1);
      };
    },
    bindFunctionUrl({ urlId = newUrlId(), ...spec }) {
      if (!FUNCTION_URL_ID.test(urlId)) throw new Error(`function URL id '${urlId}' is not 10 of [a-z0-9]`);
      if (functionUrls.has(urlId)) throw new Error(`function URL id '${urlId}' is already bound`);
      const host = (network: string) =>
        `https://${options.appId}-${urlId}.${network}${options.region}.tencentscf.com`;
      const bound: FunctionUrl = { urlId, url: host(''), intranetUrl: host('in.'), spec };
      functionUrls.set(urlId, bound);
      return {
        ...bound,
        unbind: () => {
          if (functionUrls.get(urlId) === bound) functionUrls.delete(urlId);
        },
      };
    },
    bindTimer(spec) {
      if (timers.has(spec.triggerName))
        throw new Error(`timer trigger '${spec.triggerName}' is already bound`);
      const entry: { spec: FunctionSpec; message: string; interval?: NodeJS.Timeout } = {
        spec,
        message: spec.message ?? '',
      };
      if (spec.everyMs !== undefined) {
        entry.interval = setInterval(() => fireTimer(spec.triggerName), spec.everyMs);
        entry.interval.unref();
      } else if (spec.cron !== undefined) {
        const schedule = parseCron(spec.cron);
        const arm = () => {
          const at = nextFiring(schedule, options.now());
          if (at === undefined || closed || timers.get(spec.triggerName) !== entry) return;
          // Real time until the emulator clock reaches the firing (the clock may be skewed, not scaled).
          entry.interval = setTimeout(
            () => {
              fireTimer(spec.triggerName);
              arm();
            },
            Math.max(0, at - options.now()),
          );
          entry.interval.unref();
        };
        timers.set(spec.triggerName, entry);
        arm();
      }
      timers.set(spec.triggerName, entry);
      return () => {
        if (entry.interval) clearTimeout(entry.interval);
        timers.delete(spec.triggerName);
      };
    },
    fireTimer,
    invokeAsync(spec, event) {
      invokeAsync(spec, event, 'direct');
    },
    onObjectEvent(event) {
      for (const { rule, spec } of cosBindings) {
        if (!ruleMatches(rule, event.bucket, event.key, event.eventName)) continue;
        const payload = cosTriggerEvent(event, {
          appId: options.appId,
          region: options.region,
          functionName: spec.functionName,
          namespace: spec.namespace ?? 'default',
        });
        // COS delivers at least once; fault injection can make that "twice".
        const copies = options.faults.cosEventCopies();
        for (let copy = 0; copy < copies; copy++) invokeAsync(spec, payload, 'cos');
      }
    },
    functionUrl: (urlId) => functionUrls.get(urlId),
    async invokeSync(spec, event, trigger) {
      // Tracked like async ones, so idle() also waits for a function URL call still running.
      const attempt = attemptOnce(spec, event, trigger, 1, randomUUID());
      const settled = attempt.then(() => undefined);
      pending.add(settled);
      void settled.finally(() => pending.delete(settled));
      const outcome = await attempt;
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    },
    invocations,
    deadLetters,
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      closed = true;
      for (const entry of timers.values()) if (entry.interval) clearTimeout(entry.interval);
      // Waiters for a retry are released (and then stop, seeing `closed`) so idle() settles.
      for (const [timer, release] of retryTimers) {
        clearTimeout(timer);
        release();
      }
      retryTimers.clear();
    },
  };
}

/** SCF's function-URL ids: 10 lower-case letters and digits (e.g. `1250000000-9i9j1kpa67`). */
const FUNCTION_URL_ID = /^[a-z0-9]{10}$/;

function newUrlId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
