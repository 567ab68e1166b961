/**
 * What serverless.yml declares, as the SCF API 3.0 will be asked for it: each function's
 * configuration (the plugin's defaults: memory 128 MB, timeout 3 s, handler `index.main_handler`) and
 * its triggers in CreateTrigger's terms (Type, TriggerName, TriggerDesc, Enable). Read from
 * `serverless print` (serverless-print.ts), never from the YAML text.
 *
 * Trigger descriptions, per SCF's trigger docs (583/39901) and the SDK model of CreateTrigger:
 * - `cos`: TriggerName is the bucket's domain `<bucket>-<appid>.cos.<region>.myqcloud.com`,
 *   TriggerDesc `{"event": "cos:ObjectCreated:*", "filter": {"Prefix", "Suffix"}}`;
 * - `timer`: TriggerDesc is the 7-field cron (seconds ... year);
 * - `http` (function URL, 583/96099): TriggerDesc `{"AuthType", "NetConfig": {"EnableIntranet", "EnableExtranet"}}`.
 */
import path from 'node:path';
import { z } from 'zod';

/** A trigger as CreateTrigger takes it. */
export interface DeclaredTrigger {
  readonly Type: 'cos' | 'timer' | 'http';
  readonly TriggerName: string;
  readonly TriggerDesc: string;
  readonly Enable: 'OPEN' | 'CLOSE';
}

/** A function as CreateFunction / UpdateFunctionConfiguration take it. */
export interface DeclaredFunction {
  /** The key in serverless.yml, e.g. 'upload'. */
  readonly key: string;
  /** The SCF name, `<service>-<stage>-<key>`. */
  readonly FunctionName: string;
  readonly Handler: string;
  readonly Runtime: string;
  readonly MemorySize: number;
  readonly Timeout: number;
  readonly Description: string;
  /** '' for none. */
  readonly Role: string;
  /** Every variable serverless.yml gives the function, empty values included. */
  readonly variables: Readonly<Record<string, string>>;
  readonly triggers: readonly DeclaredTrigger[];
}

/** The service. */
export interface DeclaredService {
  readonly service: string;
  readonly stage: string;
  readonly region: string;
  /** The zip to deploy (`package.artifact`), absolute. */
  readonly artifact: string;
  /** The ini file named by `provider.credentials`, '~' expanded. */
  readonly credentialsFile: string;
  readonly functions: readonly DeclaredFunction[];
}

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((value) => value === true || value === 'true');
const cosEvent = z.object({
  bucket: text,
  filter: z.object({ prefix: text.default(''), suffix: text.default('') }).default({}),
  events: text,
  enable: flag.default(true),
});
const timerEvent = z.object({ cronExpression: text, enable: flag.default(true) });
const httpEvent = z.object({
  authType: z.enum(['NONE', 'CAM']).default('NONE'),
  netConfig: z
    .object({ enableIntranet: flag.default(false), enableExtranet: flag.default(true) })
    .default({}),
});
const eventSchema = z.record(
  z.string(),
  z.object({ name: text, parameters: z.record(z.string(), z.unknown()).default({}) }),
);
const printedSchema = z.object({
  service: text,
  provider: z.object({
    region: text.default('ap-guangzhou'),
    stage: text.default('dev'),
    runtime: text,
    credentials: text.default('~/credentials'),
    description: text.default(''),
    role: text.optional(),
    memorySize: z.coerce.number().int().optional(),
    timeout: z.coerce.number().int().optional(),
    environment: z.object({ variables: z.record(z.string(), text.nullable()).default({}) }).default({}),
  }),
  package: z.object({ artifact: text }),
  functions: z.record(
    z.string(),
    z.object({
      name: text,
      handler: text.default('index.main_handler'),
      description: text.optional(),
      role: text.optional(),
      runtime: text.optional(),
      memorySize: z.coerce.number().int().optional(),
      timeout: z.coerce.number().int().optional(),
      events: z.array(eventSchema).default([]),
    }),
  ),
});

/**
 * Reads the printed configuration. Throws naming the field that does not fit, and refuses events the
 * deploy cannot create (anything but cos, timer and http) rather than skipping them.
 */
export function declaredService(printed: unknown, serviceDir: string, home: string): DeclaredService {
  const parsed = printedSchema.safeParse(printed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `serverless.yml: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unexpected shape'}`,
    );
  }
  const { provider, functions } = parsed.data;
  // The plugin passes provider variables to every function (and leaks function ones; we have none).
  const variables = Object.fromEntries(
    Object.entries(provider.environment.variables).map(([k, v]) => [k, v ?? '']),
  );
  return {
    service: parsed.data.service,
    stage: provider.stage,
    region: provider.region,
    artifact: path.resolve(serviceDir, parsed.data.package.artifact),
    credentialsFile: provider.credentials.replace(/^~(?=$|\/)/, home),
    functions: Object.entries(functions).map(([key, fn]) => ({
      key,
      FunctionName: fn.name,
      Handler: fn.handler,
      Runtime: fn.runtime ?? provider.runtime,
      MemorySize: fn.memorySize ?? provider.memorySize ?? 128,
      Timeout: fn.timeout ?? provider.timeout ?? 3,
      Description: fn.description ?? provider.description,
      Role: fn.role ?? provider.role ?? '',
      variables,
      triggers: fn.events.map((event) => declaredTrigger(key, event)),
    })),
  };
}

function declaredTrigger(functionKey: string, event: z.infer<typeof eventSchema>): DeclaredTrigger {
  const [type, body] = Object.entries(event)[0] ?? ['(none)', { name: '', parameters: {} }];
  const where = `functions.${functionKey}.events.${type}`;
  const read = <S extends z.ZodTypeAny>(schema: S): z.output<S> => {
    const parsed = schema.safeParse(body.parameters);
    if (!parsed.success)
      throw new Error(`serverless.yml: ${where}.parameters: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  if (type === 'cos') {
    const cos = read(cosEvent);
    return {
      Type: 'cos',
      TriggerName: cos.bucket,
      TriggerDesc: JSON.stringify({
        event: cos.events,
        filter: { Prefix: cos.filter.prefix, Suffix: cos.filter.suffix },
      }),
      Enable: cos.enable ? 'OPEN' : 'CLOSE',
    };
  }
  if (type === 'timer') {
    const timer = read(timerEvent);
    return {
      Type: 'timer',
      TriggerName: body.name,
      TriggerDesc: timer.cronExpression,
      Enable: timer.enable ? 'OPEN' : 'CLOSE',
    };
  }
  if (type === 'http') {
    const http = read(httpEvent);
    return {
      Type: 'http',
      TriggerName: body.name,
      TriggerDesc: JSON.stringify({
        AuthType: http.authType,
        NetConfig: {
          EnableIntranet: http.netConfig.enableIntranet,
          EnableExtranet: http.netConfig.enableExtranet,
        },
      }),
      Enable: 'OPEN',
    };
  }
  throw new Error(
    `serverless.yml: ${where}: npm run deploy creates cos, timer and http (function URL) triggers only` +
      (type === 'apigw'
        ? '; API Gateway is offline since 2025-06-30, use an http event (a function URL)'
        : ''),
  );
}
