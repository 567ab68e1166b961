/**
 * SCF's API Gateway trigger as an emulated host: requests to `<serviceId>-<appid>.<region>.apigw.tencentcs.com`
 * (or straight to the emulator's own address, 127.0.0.1 / localhost) are matched to a bound route by
 * method and path (with or without the `/<stage>` prefix, `{name}` segments become pathParameters), turned
 * into SCF's API Gateway event, and the handler's integrated response becomes the HTTP answer.
 */
import type { EmulatedService, EmulatorResponse } from '../service.js';
import { apiGatewayEvent } from './scf-events.js';
import type { ApiGatewayRoute, Scf } from './scf-registry.js';

const APIGW_HOST = /\.apigw\.tencentcs\.com$/;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The API Gateway service over the registry's routes. */
export function createApiGatewayService(scf: Scf): EmulatedService {
  return {
    name: 'apigw',
    handles: (host) => APIGW_HOST.test(host) || LOCAL_HOSTS.has(host),
    async handle(request) {
      const path = safeDecode(request.rawPath);
      const match = findRoute(scf.routes(), request.method, path);
      if (!match) {
        // API Gateway's own wording for an unknown path, as JSON.
        return json(404, {
          errorCode: -404,
          errorMessage: `There is no api match ${request.method} ${path}`,
        });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const event = apiGatewayEvent({
        serviceId: match.route.serviceId,
        routePath: match.route.path,
        path: match.path,
        method: request.method,
        headers,
        rawQuery: request.rawQuery,
        body: request.body,
        pathParameters: match.parameters,
        stage: match.route.stage,
      });
      let result: unknown;
      try {
        result = await scf.invokeSync(match.route, event, 'apigw');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return json(502, {
          errorCode: -1,
          errorMessage: `function ${match.route.functionName} failed: ${message}`,
        });
      }
      return integratedResponse(result);
    },
  };
}

/** Maps a handler's return value to HTTP as API Gateway's integrated response does. */
function integratedResponse(result: unknown): EmulatorResponse {
  if (
    result &&
    typeof result === 'object' &&
    typeof (result as { statusCode?: unknown }).statusCode === 'number'
  ) {
    const shaped = result as {
      statusCode: number;
      headers?: Record<string, unknown>;
      body?: unknown;
      isBase64Encoded?: boolean;
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(shaped.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const text =
      typeof shaped.body === 'string'
        ? shaped.body
        : shaped.body === undefined
          ? ''
          : JSON.stringify(shaped.body);
    return {
      status: shaped.statusCode,
      headers,
      body: shaped.isBase64Encoded ? Buffer.from(text, 'base64') : text,
    };
  }
  // Without the integrated shape API Gateway answers 200 with the return value serialised.
  return json(200, result);
}

function findRoute(
  routes: readonly ApiGatewayRoute[],
  method: string,
  path: string,
): { route: ApiGatewayRoute; path: string; parameters: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    for (const candidate of [path, stripStage(path, route.stage)]) {
      if (candidate === undefined) continue;
      const parameters = matchTemplate(route.path, candidate);
      if (parameters) return { route, path: candidate, parameters };
    }
  }
  return undefined;
}

function stripStage(path: string, stage: string): string | undefined {
  const prefix = `/${stage}`;
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const parameters: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const actual = got[i] as string;
    if (segment.startsWith('{') && segment.endsWith('}')) parameters[segment.slice(1, -1)] = actual;
    else if (segment !== actual) return undefined;
  }
  return parameters;
}

function json(status: number, value: unknown): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value ?? null) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
