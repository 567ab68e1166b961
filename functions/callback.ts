/**
 * SCF entry point for engine callbacks (serverless.yml `callback.main`), behind the function's URL: an
 * `http` trigger with AuthType NONE (583/96099), so the signed token in the query is the only
 * authentication, and since a function URL takes every method and path, anything but POST is refused.
 * Refusals are 4xx, transient faults 5xx (the engine calls again); an event not in the function URL's
 * shape is answered 400 before anything else is built.
 */
import { z } from 'zod';
import { handleCallback } from '../lib/pipeline/complete.js';
import { dependenciesFromEnv } from '../lib/pipeline/from-environment.js';
import { handleLiveCallback } from '../lib/pipeline/live/handle-live-callback.js';
import { isLiveCallback } from '../lib/pipeline/live/live-callback-url.js';
import { type DepsSource, depsOnce } from '../lib/pipeline/pipeline-deps.js';

// queryString values are a string, an array (repeated key) or true (bare key): the token check decides.
const functionUrlEventSchema = z.object({
  httpMethod: z.string().default('POST'),
  queryString: z.record(z.string(), z.unknown()).default({}),
  // Live callbacks carry Tencent's CheckSum header; names are compared lower-case.
  headers: z
    .record(z.string(), z.string())
    .default({})
    .transform((headers) =>
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    ),
  body: z.string().default(''),
  isBase64Encoded: z.boolean().default(false),
});

/** The callback handler over `deps`: verifies and completes one callback, answered as a function URL maps it to HTTP. */
export function createHandler(deps: DepsSource) {
  const depsOf = depsOnce(deps);
  return async (event: unknown) => {
    const parsed = functionUrlEventSchema.safeParse(event);
    if (!parsed.success) {
      return reply(400, {
        code: 400,
        message: 'not a function URL event: expected httpMethod, queryString, headers and body',
      });
    }
    const request = parsed.data;
    const ports = depsOf();
    const callback = {
      method: request.httpMethod,
      query: request.queryString,
      body: request.body,
      isBase64Encoded: request.isBase64Encoded,
    };
    const handled = isLiveCallback(callback.query)
      ? handleLiveCallback(ports, { ...callback, headers: request.headers })
      : handleCallback(ports, callback);
    const answer = await handled.catch((error: unknown) => {
      ports.logger.step('callback.error', { error }, 'error');
      return { statusCode: 503, body: { code: 503, message: 'temporary failure, call again' } };
    });
    return reply(answer.statusCode, answer.body);
  };
}

/** The handler SCF calls, wired from the environment once per container. */
export const main = createHandler(dependenciesFromEnv);

function reply(statusCode: number, body: unknown) {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
