/**
 * How serverless.yml wires the three functions in the cloud, read from serverless.yml itself so the
 * local stack and the deployment cannot drift: the provider environment, each function's handler and
 * time limit, the COS trigger (bucket, prefix, suffix, events), the callback's function URL and the
 * timer's cron. `${env:NAME, 'default'}` is resolved against the environment given, as serverless@3 does.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** The COS trigger of the upload function. */
export interface CosTriggerWiring {
  /** `<bucket>-<appid>`, from the trigger's `bucket` domain. */
  readonly bucket: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly events: string;
}

/** One function as deployed. */
export interface FunctionWiring {
  /** `upload` from `upload.main`: the bundle, i.e. functions/upload.ts. */
  readonly module: string;
  /** `main` from `upload.main`. */
  readonly exportName: string;
  readonly timeoutMs: number;
}

/** Everything the local stack needs from serverless.yml. */
export interface ServerlessWiring {
  readonly region: string;
  /** The provider environment every function gets. */
  readonly environment: Readonly<Record<string, string>>;
  readonly upload: FunctionWiring & { readonly trigger: CosTriggerWiring };
  /** The callback's function URL (an `http` trigger): AuthType NONE is the only kind served. */
  readonly callback: FunctionWiring & { readonly functionUrl: { readonly name: string } };
  readonly reconcile: FunctionWiring & { readonly timer: { readonly name: string; readonly cron: string } };
}

// serverless.yml writes numbers as YAML numbers, but an `${env:...}` value is always a string.
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const seconds = z.coerce.number().int().positive();

const functionSchema = z.object({
  handler: z.string().regex(/^[\w-]+\.\w+$/, 'handler must be <file>.<export>'),
  timeout: seconds.optional(),
  events: z.array(
    z.record(z.string(), z.object({ name: text, parameters: z.record(z.string(), z.unknown()) })),
  ),
});

const documentSchema = z.object({
  provider: z.object({
    region: text,
    timeout: seconds.default(3),
    environment: z.object({ variables: z.record(z.string(), text) }),
  }),
  functions: z.object({ upload: functionSchema, callback: functionSchema, reconcile: functionSchema }),
});

const cosParameters = z.object({
  bucket: text,
  filter: z.object({ prefix: text.default(''), suffix: text.default('') }).default({}),
  events: text,
});
// A function URL the pipeline can be called on: no CAM signature (engines cannot sign), public.
const httpParameters = z.object({
  authType: z.literal('NONE'),
  netConfig: z.object({ enableExtranet: z.literal(true) }).passthrough(),
});
const timerParameters = z.object({ cronExpression: text });

/** Reads and resolves serverless.yml; throws naming the file and the first thing that does not fit. */
export function readServerlessWiring(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): ServerlessWiring {
  const raw: unknown = parse(readFileSync(file, 'utf8'));
  const parsed = documentSchema.safeParse(resolveVariables(raw, env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unexpected shape'}`);
  }
  const { provider, functions } = parsed.data;
  const wiring = (name: keyof typeof functions): FunctionWiring => {
    const fn = functions[name];
    const [module = name, exportName = 'main'] = fn.handler.split('.');
    return { module, exportName, timeoutMs: (fn.timeout ?? provider.timeout) * 1000 };
  };
  const event = (name: keyof typeof functions, type: string): { name: string; parameters: unknown } => {
    const found = functions[name].events.find((entry) => type in entry)?.[type];
    if (!found) throw new Error(`${file}: functions.${name} has no ${type} event`);
    return found;
  };

  const cos = event('upload', 'cos');
  const cosParams = cosParameters.parse(cos.parameters);
  const http = event('callback', 'http');
  httpParameters.parse(http.parameters);
  const timer = event('reconcile', 'timer');
  const timerParams = timerParameters.parse(timer.parameters);

  return {
    region: provider.region,
    environment: provider.environment.variables,
    upload: {
      ...wiring('upload'),
      trigger: {
        bucket: bucketOfDomain(cosParams.bucket),
        prefix: cosParams.filter.prefix,
        suffix: cosParams.filter.suffix,
        events: cosParams.events,
      },
    },
    callback: { ...wiring('callback'), functionUrl: { name: http.name } },
    reconcile: { ...wiring('reconcile'), timer: { name: timer.name, cron: timerParams.cronExpression } },
  };
}

// The Tencent plugin takes COS buckets as full domains: `<bucket>-<appid>.cos.<region>.myqcloud.com`.
function bucketOfDomain(domain: string): string {
  return domain.split('.cos.')[0] ?? domain;
}

const variablePattern = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?:\s*,\s*(?:'([^']*)'|"([^"]*)"|([^}]*?)))?\s*\}/g;

/**
 * Replaces `${env:NAME, 'default'}` in every string. As in serverless@3, a variable that is set wins
 * (even when empty, which serverless also keeps), and one that is unset takes the default.
 */
export function resolveVariables(value: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      variablePattern,
      (_all, name: string, single?: string, double?: string, bare?: string) => {
        const set = env[name];
        if (set !== undefined) return set;
        const fallback = single ?? double ?? bare?.trim();
        if (fallback === undefined) throw new Error(`serverless.yml needs \${env:${name}} and it is not set`);
        return fallback;
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => resolveVariables(item, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveVariables(item, env)]));
  }
  return value;
}
