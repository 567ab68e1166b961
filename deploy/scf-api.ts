/**
 * The SCF API 3.0 calls the deploy makes (service `scf`, version 2018-04-16, host
 * `scf.tencentcloudapi.com`), on the project's own TC3 client. Requests and answers follow the
 * official SDK model (tencentcloud-sdk-nodejs `src/services/scf/v20180416/scf_models.ts`); answers
 * are parsed for the fields the deploy reads. `onCall` hears every action, for the deploy's summary.
 */
import { z } from 'zod';
import { type Api3Client, createApi3Client, hasTencentCode } from '../lib/tencent/api3/api3-client.js';
import type { Credentials } from '../lib/tencent/credentials.js';

/** SCF's API host and version. */
export const SCF_ENDPOINT = 'scf.tencentcloudapi.com';
export const SCF_VERSION = '2018-04-16';

const variables = z.object({ Key: z.string(), Value: z.string().nullish() });
const functionSchema = z.object({
  FunctionName: z.string(),
  Handler: z.string().nullish(),
  Runtime: z.string().nullish(),
  MemorySize: z.number().nullish(),
  Timeout: z.number().nullish(),
  Description: z.string().nullish(),
  Role: z.string().nullish(),
  Status: z.string().nullish(),
  StatusDesc: z.string().nullish(),
  Environment: z.object({ Variables: z.array(variables).nullish() }).nullish(),
});
const triggerSchema = z.object({
  Type: z.string(),
  TriggerName: z.string(),
  TriggerDesc: z.string().nullish(),
  // 1 open, 0 closed.
  Enable: z.number().nullish(),
});
const nothing = z.object({});

/** A function as GetFunction shows it. */
export type ScfFunction = z.infer<typeof functionSchema>;
/** A trigger as ListTriggers / CreateTrigger show it. */
export type ScfTrigger = z.infer<typeof triggerSchema>;

/** The calls. Mutating ones are named so a caller can count them. */
export interface ScfApi {
  /** undefined when the function does not exist (ResourceNotFound.Function). */
  getFunction(name: string): Promise<ScfFunction | undefined>;
  /** GetFunctionAddress: the package's SHA-256 and a URL it can be downloaded from. */
  codeAddress(name: string): Promise<{ sha256: string; url: string }>;
  listTriggers(name: string): Promise<ScfTrigger[]>;
  createFunction(params: Record<string, unknown>): Promise<void>;
  updateFunctionCode(params: Record<string, unknown>): Promise<void>;
  updateFunctionConfiguration(params: Record<string, unknown>): Promise<void>;
  deleteFunction(name: string): Promise<void>;
  createTrigger(params: Record<string, unknown>): Promise<ScfTrigger>;
  deleteTrigger(params: Record<string, unknown>): Promise<void>;
}

/** The SCF caller for one region. */
export function createScfApi(options: {
  region: string;
  credentials: Credentials;
  /** Dial this origin (the local cloud) instead of https://scf.tencentcloudapi.com. */
  connectTo?: string;
  onCall?: (action: string) => void;
}): ScfApi {
  const client: Api3Client = createApi3Client({
    endpoint: SCF_ENDPOINT,
    version: SCF_VERSION,
    region: options.region,
    credentials: options.credentials,
    language: 'en-US',
    ...(options.connectTo ? { connectTo: options.connectTo } : {}),
  });
  const call = <S extends z.ZodTypeAny>(action: string, params: object, schema: S) => {
    options.onCall?.(action);
    return client.call(action, params, schema);
  };
  // Mutations are not retried after an unknown outcome: a lost answer must not create twice.
  const once = { retry: { maxAttempts: 1 } };
  const mutate = async (action: string, params: object) => {
    options.onCall?.(action);
    await client.call(action, params, nothing, once);
  };
  return {
    async getFunction(name) {
      try {
        return await call('GetFunction', { FunctionName: name }, functionSchema);
      } catch (error) {
        if (hasTencentCode(error, 'ResourceNotFound.Function', 'ResourceNotFound.FunctionName'))
          return undefined;
        throw error;
      }
    },
    async codeAddress(name) {
      const schema = z.object({ CodeSha256: z.string().nullish(), Url: z.string().nullish() });
      const address = await call('GetFunctionAddress', { FunctionName: name }, schema);
      return { sha256: address.CodeSha256 ?? '', url: address.Url ?? '' };
    },
    async listTriggers(name) {
      const all: ScfTrigger[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await call(
          'ListTriggers',
          { FunctionName: name, Offset: offset, Limit: 100 },
          z.object({ TotalCount: z.number(), Triggers: z.array(triggerSchema).nullish() }),
        );
        all.push(...(page.Triggers ?? []));
        if (all.length >= page.TotalCount || (page.Triggers ?? []).length === 0) return all;
      }
    },
    createFunction: (params) => mutate('CreateFunction', params),
    updateFunctionCode: (params) => mutate('UpdateFunctionCode', params),
    updateFunctionConfiguration: (params) => mutate('UpdateFunctionConfiguration', params),
    deleteFunction: (name) => mutate('DeleteFunction', { FunctionName: name }),
    async createTrigger(params) {
      options.onCall?.('CreateTrigger');
      return (await client.call('CreateTrigger', params, z.object({ TriggerInfo: triggerSchema }), once))
        .TriggerInfo;
    },
    deleteTrigger: (params) => mutate('DeleteTrigger', params),
  };
}
