/**
 * SCF function URLs as an emulated host: a request to `<appid>-<url-id>.<region>.tencentscf.com` (or
 * the private `<appid>-<url-id>.in.<region>.tencentscf.com`), any method and path, becomes the
 * function-URL event and the function's answer becomes the HTTP response (583/96099): a result with a
 * numeric `statusCode` is mapped field by field, any other JSON result is answered 200 as
 * `application/json`. AuthType NONE only: whoever knows the URL may call it, so the function
 * authenticates (ours checks the signed token in the query).
 *
 * Assumptions where the documents are silent: an unknown URL id is answered 404 and a function that
 * throws or times out 502, each with a JSON `{errorCode, errorMessage}` body.
 */
import type { EmulatedService, EmulatorResponse } from '../service.js';
import { functionUrlEvent } from './scf-events.js';
import type { Scf } from './scf-registry.js';

/** `<appid>-<url-id>.[in.]<region>.tencentscf.com` */
const FUNCTION_URL_HOST = /^(\d+)-([a-z0-9]{10})\.(?:in\.)?([a-z0-9-]+)\.tencentscf\.com$/;

/** The service name, exempt from fault injection like the emulator's own admin host. */
export const FUNCTION_URL_SERVICE = 'scf-url';

/** The function-URL service over the registry's bound URLs. */
export function createFunctionUrlService(
  scf: Scf,
  account: { appId: string; region: string },
): EmulatedService {
  return {
    name: FUNCTION_URL_SERVICE,
    handles: (host) => FUNCTION_URL_HOST.test(host),
    async handle(request) {
      const [, appId, urlId = '', region] = FUNCTION_URL_HOST.exec(request.host) ?? [];
      const bound = scf.functionUrl(urlId);
      if (!bound || appId !== account.appId || region !== account.region) {
        return json(404, { errorCode: -404, errorMessage: `no function URL is bound to ${request.host}` });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const event = functionUrlEvent({
        method: request.method,
        rawPath: request.rawPath,
        headers,
        rawQuery: request.rawQuery,
        body: request.body,
        // The emulator listens on loopback only.
        remoteAddress: '127.0.0.1',
      });
      try {
        return functionUrlResponse(await scf.invokeSync(bound.spec, event, 'http'));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return json(502, {
          errorCode: -1,
          errorMessage: `function ${bound.spec.functionName} failed: ${message}`,
        });
      }
    },
  };
}

/** Maps a function's return value to HTTP as a function URL does. */
export function functionUrlResponse(result: unknown): EmulatorResponse {
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as { statusCode?: unknown }).statusCode === 'number'
  ) {
    const shaped = result as { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(shaped.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const body =
      typeof shaped.body === 'string'
        ? shaped.body
        : shaped.body === undefined
          ? ''
          : JSON.stringify(shaped.body);
    return { status: shaped.statusCode, headers, body };
  }
  return json(200, result);
}

function json(status: number, value: unknown): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value ?? null) };
}
