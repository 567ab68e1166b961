/**
 * A Tencent Cloud API 3.0 endpoint (`<service>.tencentcloudapi.com`) as an emulated service. Every
 * request goes through the same gate as at Tencent: common headers (X-TC-Action, -Version, -Timestamp,
 * -Region), the action and version exist, TC3 verifies (with token for temporary credentials), the
 * action's rate limit admits it; then the action's handler runs and its fields (or its Api3Error) are
 * written in the API 3.0 envelope. Fault injection (`faults.intercept`) is applied by the server before
 * any service sees the request.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import type { EmulatedService, EmulatorRequest, EmulatorResponse } from '../service.js';
import { Api3Error } from './api3-error.js';
import { api3Failure, api3Success } from './envelope.js';
import { type RawParams, readParams } from './params.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { type VerifiedCaller, verifyTc3 } from './verify-tc3.js';

/** One call as an action handler sees it: verified, admitted, with its raw parameters. */
export interface Api3Call {
  readonly action: string;
  readonly version: string;
  /** X-TC-Region ('' when the caller sent none; optional for ASR). */
  readonly region: string;
  readonly requestId: string;
  readonly caller: VerifiedCaller;
  readonly params: RawParams;
  readonly receivedAt: number;
}

/** An action: its default rate limit and its handler, which returns the Response fields or throws Api3Error. */
export interface Api3Action {
  /** Requests per second over any sliding 1 s window; `faults.rateLimit(action)` overrides it. */
  readonly rateLimit: number;
  /** True when the action refuses calls without X-TC-Region (MissingParameter). */
  readonly regionRequired?: boolean;
  handle(call: Api3Call): Promise<Record<string, unknown>>;
}

/** An API 3.0 product: its host's first label, the version it serves and its actions. */
export interface Api3Definition {
  /** 'asr', 'mps', 'sts': service name, credential-scope service, first label of the host. */
  readonly service: string;
  readonly version: string;
  readonly actions: Readonly<Record<string, Api3Action>>;
  /** Also put RequestId beside `Response` (MPS's recorded RecognizeAudio response does). */
  readonly requestIdOutsideResponse?: boolean;
}

/** Builds the EmulatedService for an API 3.0 product. */
export function createApi3Service(definition: Api3Definition, context: EmulatorContext): EmulatedService {
  const limiter = new SlidingWindowLimiter();
  const host = `${definition.service}.tencentcloudapi.com`;
  // Tencent also answers on regional hosts, e.g. asr.ap-shanghai.tencentcloudapi.com.
  const regional = new RegExp(`^${definition.service}\\.[a-z0-9-]+\\.tencentcloudapi\\.com$`);

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const requestId = randomUUID();
    const traceId = header(request, 'x-tc-traceid');
    const echo: Record<string, string> = traceId ? { 'x-tc-traceid': traceId } : {};
    const action = header(request, 'x-tc-action') ?? '';
    try {
      const call = admit(request, requestId, action);
      const fields = await (definition.actions[action] as Api3Action).handle(call);
      const response = api3Success(requestId, fields, echo);
      return definition.requestIdOutsideResponse ? withOuterRequestId(response, requestId) : response;
    } catch (error) {
      if (error instanceof Api3Error) {
        context.log(`${definition.service}.error`, { action, code: error.code, requestId });
        return api3Failure(requestId, error.code, error.message, echo);
      }
      context.log(`${definition.service}.internal-error`, { action, requestId, error: String(error) });
      return api3Failure(requestId, 'InternalError', 'An internal error occurred; retry later.', echo);
    }
  }

  function admit(request: EmulatorRequest, requestId: string, action: string): Api3Call {
    if (action === '')
      throw new Api3Error('MissingParameter', 'The request is missing a required parameter `Action`.');
    const version = header(request, 'x-tc-version') ?? '';
    if (version === '')
      throw new Api3Error('MissingParameter', 'The request is missing a required parameter `Version`.');
    if (header(request, 'x-tc-timestamp') === undefined) {
      throw new Api3Error('MissingParameter', 'The request is missing a required parameter `Timestamp`.');
    }
    const handler = Object.hasOwn(definition.actions, action) ? definition.actions[action] : undefined;
    if (!handler) {
      throw new Api3Error(
        'InvalidAction',
        `The action \`${action}\` is not found in ${definition.service} ${definition.version}.`,
      );
    }
    if (version !== definition.version) {
      throw new Api3Error(
        'NoSuchVersion',
        `The version \`${version}\` of ${definition.service} does not exist; use ${definition.version}.`,
      );
    }
    const region = header(request, 'x-tc-region') ?? '';
    if (handler.regionRequired && region === '') {
      throw new Api3Error('MissingParameter', 'The request is missing a required parameter `Region`.');
    }
    const caller = verifyTc3(request, definition.service, context.accounts);
    const params = readParams(request);
    const limit = context.faults.rateLimit(action) ?? handler.rateLimit;
    if (!limiter.tryAdmit(action, limit, request.receivedAt)) {
      throw new Api3Error(
        'RequestLimitExceeded',
        `Your requests to ${action} exceed the limit of ${limit} per second.`,
      );
    }
    return { action, version, region, requestId, caller, params, receivedAt: request.receivedAt };
  }

  return {
    name: definition.service,
    handles: (candidate) => candidate === host || regional.test(candidate),
    handle,
  };
}

function withOuterRequestId(response: EmulatorResponse, requestId: string): EmulatorResponse {
  // The envelope's JSON text starts with '{"Response":'; prepend the outer key without re-serialising.
  const text = String(response.body);
  return { ...response, body: `{"RequestId":${JSON.stringify(requestId)},${text.slice(1)}` };
}

function header(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
