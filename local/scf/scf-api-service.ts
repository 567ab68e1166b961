/**
 * SCF's management API (`scf.tencentcloudapi.com`, API 3.0 version 2018-04-16), the calls a deploy
 * makes: CreateFunction, GetFunction, GetFunctionAddress, UpdateFunctionCode,
 * UpdateFunctionConfiguration, DeleteFunction, CreateTrigger, ListTriggers, DeleteTrigger. Fields and
 * error codes follow the official SDK models (tencentcloud-sdk-nodejs `scf/v20180416/scf_models.ts`,
 * tencentcloud-sdk-go `scf/v20180416/errors.go`); TC3, the envelope and rate limits come from the
 * shared API 3.0 gate.
 *
 * What the emulator supports, and assumptions where the documents are silent (each refused in plain
 * words rather than accepted and ignored):
 * - code as a base64 `ZipFile` or a COS object in this emulator; Node.js runtimes only (run on Node
 *   18.15); one region, the emulator's;
 * - triggers `cos` (TriggerName `<bucket>-<appid>.cos.<region>.myqcloud.com`, TriggerDesc
 *   `{"event", "filter": {"Prefix", "Suffix"}}`), `timer` (TriggerDesc the 7-field cron; reported back
 *   as `{"cron": ...}`) and `http` (a function URL, AuthType NONE; reported back with `NetConfig.ExtranetUrl`
 *   and `IntranetUrl`, 583/96099);
 * - CodeSha256 (GetFunctionAddress) is the lower-case hex SHA-256 of the zip as uploaded, and `Url`
 *   downloads that zip from the emulator itself (code-package-service.ts); times are written `YYYY-MM-DD HH:mm:ss` in Beijing time, as the console shows them.
 */
import { z } from 'zod';
import { Api3Error } from '../api3/api3-error.js';
import { type Api3Call, createApi3Service } from '../api3/api3-service.js';
import { validateParams } from '../api3/params.js';
import type { EmulatorContext } from '../context.js';
import { parseCosHost } from '../cos/cos-host.js';
import type { EmulatedService } from '../service.js';
import { codePackageUrl } from './code-package-service.js';
import type {
  DeployedFunction,
  DeployedFunctions,
  FunctionConfig,
  StoredTrigger,
  TriggerSpec,
} from './deployed-functions.js';

/** The SCF API version the emulator serves. */
export const SCF_API_VERSION = '2018-04-16';

const functionName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/, '2-60 letters, digits, - and _, starting with a letter');
const handler = z.string().regex(/^[A-Za-z][\w-]*(?:\/[\w-]+)*\.[A-Za-z][\w$]*$/, 'write <file>.<function>');
const environment = z.object({
  Variables: z
    .array(
      z.object({
        Key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
        Value: z.string().min(1, 'values may not be empty'),
      }),
    )
    .default([]),
});
const code = z
  .object({
    ZipFile: z.string().optional(),
    CosBucketName: z.string().optional(),
    CosObjectName: z.string().optional(),
    CosBucketRegion: z.string().optional(),
  })
  .strict();
const configFields = {
  FunctionName: functionName,
  Namespace: z.string().default('default'),
  Description: z.string().max(1000).optional(),
  MemorySize: z.number().int().min(64).max(3072).optional(),
  Timeout: z.number().int().min(1).max(900).optional(),
  Environment: environment.optional(),
  Runtime: z.string().optional(),
  Role: z.string().optional(),
};
const createFunctionParams = z.object({
  ...configFields,
  Code: code,
  Handler: handler.optional(),
  Type: z.literal('Event').optional(),
});
const updateConfigurationParams = z.object(configFields);
const updateCodeParams = z.object({
  FunctionName: functionName,
  Namespace: z.string().default('default'),
  Handler: handler.optional(),
  ...code.shape,
});
const byName = z.object({
  FunctionName: functionName,
  Namespace: z.string().default('default'),
  Qualifier: z.literal('$LATEST').optional(),
});
const getFunctionParams = byName.extend({ ShowCode: z.enum(['TRUE', 'FALSE']).optional() });
const listTriggersParams = z.object({
  FunctionName: functionName,
  Namespace: z.string().default('default'),
  Offset: z.number().int().min(0).default(0),
  Limit: z.number().int().min(1).max(100).default(20),
});
const createTriggerParams = z.object({
  FunctionName: functionName,
  TriggerName: z.string().min(1).max(200),
  Type: z.string(),
  TriggerDesc: z.string().optional(),
  Namespace: z.string().default('default'),
  Qualifier: z.literal('$LATEST').optional(),
  Enable: z.enum(['OPEN', 'CLOSE']).default('OPEN'),
  CustomArgument: z.string().optional(),
  Description: z.string().max(100).optional(),
});
const deleteTriggerParams = z.object({
  FunctionName: functionName,
  TriggerName: z.string().min(1),
  Type: z.string(),
  Namespace: z.string().default('default'),
  TriggerDesc: z.string().optional(),
  Qualifier: z.literal('$LATEST').optional(),
});
const cosDesc = z.object({
  event: z.string(),
  filter: z.object({ Prefix: z.string().default(''), Suffix: z.string().default('') }).default({}),
});
const httpDesc = z.object({
  AuthType: z.enum(['NONE', 'CAM']),
  NetConfig: z
    .object({ EnableIntranet: z.boolean().default(false), EnableExtranet: z.boolean().default(true) })
    .default({}),
});

/** The SCF API endpoint over the emulator's deployed functions. */
export function createScfApiService(
  context: EmulatorContext,
  functions: DeployedFunctions,
  place: { region: string; functionUrl: (urlId: string) => { url: string; intranetUrl: string } | undefined },
): EmulatedService {
  const action = (run: (call: Api3Call) => Record<string, unknown> | Promise<Record<string, unknown>>) => ({
    // SCF's documented default for management calls is 20 per second.
    rateLimit: 20,
    regionRequired: true,
    async handle(call: Api3Call) {
      if (call.region !== place.region) {
        throw new Api3Error(
          'UnsupportedOperation.Region',
          `The emulated SCF serves ${place.region} only, not ${call.region}.`,
        );
      }
      return run(call);
    },
  });
  const zipOf = async (source: z.infer<typeof code>): Promise<Buffer> => {
    if (source.ZipFile !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(source.ZipFile))
        throw new Api3Error('InvalidParameterValue.ZipFile', 'ZipFile must be base64.');
      return Buffer.from(source.ZipFile, 'base64');
    }
    if (source.CosBucketName && source.CosObjectName) {
      const object = await context.store.get(
        `${source.CosBucketName}-${context.appId}`,
        source.CosObjectName.replace(/^\//, ''),
      );
      if (!object)
        throw new Api3Error(
          'ResourceNotFound.CosObject',
          `The code package ${source.CosObjectName} is not in bucket ${source.CosBucketName}.`,
        );
      return object.body;
    }
    throw new Api3Error(
      'InvalidParameterValue.Code',
      'Give the code as ZipFile (base64) or as CosBucketName and CosObjectName.',
    );
  };
  const showTrigger = (trigger: StoredTrigger) => ({
    Type: trigger.type,
    TriggerName: trigger.name,
    TriggerDesc: triggerDesc(trigger, place.functionUrl),
    Enable: trigger.enable ? 1 : 0,
    CustomArgument: trigger.type === 'timer' ? trigger.message : '',
    AvailableStatus: 'Available',
    Qualifier: '$LATEST',
    Description: trigger.description,
    AddTime: sceTime(trigger.addTime),
    ModTime: sceTime(trigger.modTime),
  });
  const mustGet = (namespace: string, name: string): DeployedFunction => {
    const found = functions.get(namespace, name);
    if (!found)
      throw new Api3Error(
        'ResourceNotFound.Function',
        `The function ${name} does not exist in namespace ${namespace}.`,
      );
    return found;
  };

  return createApi3Service(
    {
      service: 'scf',
      version: SCF_API_VERSION,
      actions: {
        CreateFunction: action(async (call) => {
          const params = validateParams(createFunctionParams, call.params);
          const config = configOf(params, params.Handler ?? 'index.main_handler');
          functions.create(params.Namespace, params.FunctionName, config, await zipOf(params.Code));
          return {};
        }),
        UpdateFunctionCode: action(async (call) => {
          const params = validateParams(updateCodeParams, call.params);
          mustGet(params.Namespace, params.FunctionName);
          functions.updateCode(params.Namespace, params.FunctionName, await zipOf(params), params.Handler);
          return {};
        }),
        UpdateFunctionConfiguration: action((call) => {
          const params = validateParams(updateConfigurationParams, call.params);
          const current = mustGet(params.Namespace, params.FunctionName);
          if (params.Runtime !== undefined && params.Runtime !== current.config.Runtime) {
            throw new Api3Error(
              'InvalidParameterValue.Runtime',
              'The runtime is chosen at creation and cannot be changed.',
            );
          }
          functions.updateConfig(params.Namespace, params.FunctionName, {
            ...current.config,
            ...(params.Description === undefined ? {} : { Description: params.Description }),
            ...(params.MemorySize === undefined ? {} : { MemorySize: params.MemorySize }),
            ...(params.Timeout === undefined ? {} : { Timeout: params.Timeout }),
            ...(params.Role === undefined ? {} : { Role: params.Role }),
            ...(params.Environment === undefined ? {} : { Environment: params.Environment }),
          });
          return {};
        }),
        GetFunction: action((call) => {
          const params = validateParams(getFunctionParams, call.params);
          const found = mustGet(params.Namespace, params.FunctionName);
          return {
            FunctionName: found.name,
            Namespace: found.namespace,
            ...found.config,
            Type: 'Event',
            FunctionVersion: '$LATEST',
            Qualifier: '$LATEST',
            CodeSize: found.codeSize,
            Status: found.status,
            StatusDesc: found.statusReason,
            StatusReasons: found.statusReason
              ? [{ ErrorCode: found.status, ErrorMessage: found.statusReason }]
              : [],
            AddTime: sceTime(found.addTime),
            ModTime: sceTime(found.modTime),
            Triggers: found.triggers.map(showTrigger),
          };
        }),
        GetFunctionAddress: action((call) => {
          const params = validateParams(byName, call.params);
          const found = mustGet(params.Namespace, params.FunctionName);
          return { Url: codePackageUrl(found.namespace, found.name), CodeSha256: found.codeSha256 };
        }),
        DeleteFunction: action((call) => {
          const params = validateParams(byName, call.params);
          mustGet(params.Namespace, params.FunctionName);
          functions.remove(params.Namespace, params.FunctionName);
          return {};
        }),
        ListTriggers: action((call) => {
          const params = validateParams(listTriggersParams, call.params);
          const triggers = mustGet(params.Namespace, params.FunctionName).triggers.map(showTrigger);
          return {
            TotalCount: triggers.length,
            Triggers: triggers.slice(params.Offset, params.Offset + params.Limit),
          };
        }),
        CreateTrigger: action((call) => {
          const params = validateParams(createTriggerParams, call.params);
          mustGet(params.Namespace, params.FunctionName);
          const stored = functions.addTrigger(
            params.Namespace,
            params.FunctionName,
            triggerSpec(params, context.appId, place.region),
          );
          return { TriggerInfo: showTrigger(stored) };
        }),
        DeleteTrigger: action((call) => {
          const params = validateParams(deleteTriggerParams, call.params);
          mustGet(params.Namespace, params.FunctionName);
          functions.removeTrigger(
            params.Namespace,
            params.FunctionName,
            params.Type,
            params.TriggerName,
            params.Type === 'cos' ? cosEventOf(params.TriggerDesc) : undefined,
          );
          return {};
        }),
      },
    },
    context,
  );
}

function configOf(params: z.infer<typeof createFunctionParams>, handlerName: string): FunctionConfig {
  const runtime = params.Runtime ?? 'Python2.7';
  if (!/^Nodejs\d/.test(runtime)) {
    throw new Api3Error(
      'InvalidParameterValue.Runtime',
      `The emulated SCF runs Node.js functions only (Nodejs18.15), not ${runtime}.`,
    );
  }
  return {
    Handler: handlerName,
    Runtime: runtime,
    MemorySize: params.MemorySize ?? 128,
    Timeout: params.Timeout ?? 3,
    Description: params.Description ?? '',
    Role: params.Role ?? '',
    Environment: params.Environment ?? { Variables: [] },
  };
}

function triggerSpec(
  params: z.infer<typeof createTriggerParams>,
  appId: string,
  region: string,
): TriggerSpec {
  const common = {
    name: params.TriggerName,
    enable: params.Enable === 'OPEN',
    description: params.Description ?? '',
  };
  const desc = (schema: z.ZodTypeAny) => {
    try {
      return schema.parse(JSON.parse(params.TriggerDesc ?? ''));
    } catch {
      throw new Api3Error(
        'InvalidParameterValue.TriggerDesc',
        `TriggerDesc is not a ${params.Type} trigger description: ${params.TriggerDesc ?? '(none)'}`,
      );
    }
  };
  if (params.Type === 'cos') {
    const host = parseCosHost(params.TriggerName);
    if (!host?.bucket.endsWith(`-${appId}`) || host.region !== region) {
      throw new Api3Error(
        'InvalidParameterValue.TriggerName',
        `A COS trigger is named by its bucket's domain in ${region}, <bucket>-${appId}.cos.${region}.myqcloud.com, not ${params.TriggerName}.`,
      );
    }
    const parsed = desc(cosDesc) as z.infer<typeof cosDesc>;
    return {
      ...common,
      type: 'cos',
      bucket: host.bucket,
      event: parsed.event,
      prefix: parsed.filter.Prefix,
      suffix: parsed.filter.Suffix,
    };
  }
  if (params.Type === 'timer') {
    if (!params.TriggerDesc)
      throw new Api3Error(
        'InvalidParameterValue.TriggerDesc',
        'A timer trigger needs its cron in TriggerDesc.',
      );
    return { ...common, type: 'timer', cron: params.TriggerDesc, message: params.CustomArgument ?? '' };
  }
  if (params.Type === 'http') {
    const parsed = desc(httpDesc) as z.infer<typeof httpDesc>;
    if (parsed.AuthType !== 'NONE') {
      throw new Api3Error(
        'InvalidParameterValue.TriggerDesc',
        'The emulated SCF serves function URLs with AuthType NONE only.',
      );
    }
    return {
      ...common,
      type: 'http',
      enableIntranet: parsed.NetConfig.EnableIntranet,
      enableExtranet: parsed.NetConfig.EnableExtranet,
    };
  }
  throw new Api3Error(
    'InvalidParameterValue.Type',
    `The emulated SCF serves cos, timer and http triggers, not ${params.Type}.`,
  );
}

function triggerDesc(
  trigger: StoredTrigger,
  functionUrl: (urlId: string) => { url: string; intranetUrl: string } | undefined,
): string {
  if (trigger.type === 'cos')
    return JSON.stringify({
      event: trigger.event,
      filter: { Prefix: trigger.prefix, Suffix: trigger.suffix },
    });
  if (trigger.type === 'timer') return JSON.stringify({ cron: trigger.cron });
  const bound = trigger.urlId === undefined ? undefined : functionUrl(trigger.urlId);
  return JSON.stringify({
    AuthType: 'NONE',
    NetConfig: {
      EnableIntranet: trigger.enableIntranet,
      EnableExtranet: trigger.enableExtranet,
      IntranetUrl: trigger.enableIntranet ? (bound?.intranetUrl ?? '') : '',
      ExtranetUrl: trigger.enableExtranet ? (bound?.url ?? '') : '',
    },
  });
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time (UTC+8), as SCF writes AddTime and ModTime. */
function sceTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The event of a COS TriggerDesc, which DeleteTrigger requires for a COS trigger (SDK model). */
function cosEventOf(desc: string | undefined): string {
  let event: unknown;
  try {
    event = (JSON.parse(desc ?? '') as { event?: unknown }).event;
  } catch {
    event = undefined;
  }
  if (typeof event !== 'string' || event === '') {
    throw new Api3Error(
      'InvalidParameterValue.TriggerDesc',
      'Deleting a COS trigger needs its TriggerDesc with the event, e.g. {"event":"cos:ObjectCreated:*"}.',
    );
  }
  return event;
}
