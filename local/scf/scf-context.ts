/**
 * The second argument SCF passes to a Node.js handler. Field names follow the SCF Node.js runtime
 * (snake_case, as the platform sends them); the emulator fills what it knows.
 */

/** What a handler receives as `context`. */
export interface ScfContext {
  readonly callbackWaitsForEmptyEventLoop: boolean;
  readonly request_id: string;
  readonly function_name: string;
  readonly function_version: string;
  readonly namespace: string;
  readonly memory_limit_in_mb: number;
  readonly time_limit_in_ms: number;
  readonly tencentcloud_region: string;
  readonly tencentcloud_appid: string;
  readonly tencentcloud_uin: string;
  getRemainingTimeInMillis(): number;
}

/** A function's entry point: the bundle's `main` (async), or a callback-style handler. */
export type ScfHandler = (
  event: never,
  context: ScfContext,
  callback?: (error: unknown, result?: unknown) => void,
) => unknown;

/** Builds the context for one invocation. */
export function scfContext(input: {
  requestId: string;
  functionName: string;
  namespace: string;
  timeoutMs: number;
  region: string;
  appId: string;
  startedAt: number;
}): ScfContext {
  return {
    callbackWaitsForEmptyEventLoop: false,
    request_id: input.requestId,
    function_name: input.functionName,
    function_version: '$LATEST',
    namespace: input.namespace,
    memory_limit_in_mb: 128,
    time_limit_in_ms: input.timeoutMs,
    tencentcloud_region: input.region,
    tencentcloud_appid: input.appId,
    tencentcloud_uin: '100000000001',
    getRemainingTimeInMillis: () => Math.max(0, input.startedAt + input.timeoutMs - Date.now()),
  };
}

/** Runs a handler once: resolves with its result, rejects on a throw, a callback error or the time limit. */
export function runHandler(handler: ScfHandler, event: unknown, context: ScfContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `Invoking function timeout: ${context.function_name} ran past ${context.time_limit_in_ms} ms`,
          ),
        ),
      context.time_limit_in_ms,
    );
    const finish = (error: unknown, result?: unknown) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result);
    };
    try {
      const returned = handler(event as never, context, finish);
      // Callback-style handlers (three parameters) answer through the callback; others by their return value.
      if (
        handler.length < 3 ||
        (returned !== undefined && typeof (returned as Promise<unknown>).then === 'function')
      ) {
        Promise.resolve(returned).then(
          (result) => finish(undefined, result),
          (error: unknown) => finish(error ?? new Error('handler rejected')),
        );
      }
    } catch (error) {
      finish(error ?? new Error('handler threw'));
    }
  });
}
