/**
 * Makes SCF match serverless.yml, changing only what differs: each function is read first (GetFunction,
 * GetFunctionAddress's CodeSha256, and when that differs the package itself, ListTriggers) and created, given new code, reconfigured, or has a
 * trigger replaced only when that reading differs from the declaration, so a second run with nothing
 * changed makes no mutating call. Triggers on these functions that serverless.yml does not declare are
 * deleted: the file is the one declaration.
 *
 * The callback's function URL exists only once SCF has created its `http` trigger, so the function
 * that has it goes first, and CALLBACK_BASE_URL (when serverless.yml leaves it empty) is set to that
 * URL on every function. SCF refuses empty environment values (the SDK model's Variable: "不可为空字符")
 * and the functions read an empty variable as unset, so empty ones are left out.
 */
import { createHash } from 'node:crypto';
import type { DeclaredFunction, DeclaredService, DeclaredTrigger } from './declared-service.js';
import { DeployError } from './deploy-error.js';
import { samePackage } from './same-package.js';
import type { ScfApi, ScfFunction, ScfTrigger } from './scf-api.js';

/** What the apply needs besides the declaration. */
export interface ApplyContext {
  readonly scf: ScfApi;
  /** The code package. */
  readonly zip: Buffer;
  /** Fetches GetFunctionAddress's download URL, to compare a package whose bytes differ. */
  readonly download?: (url: string) => Promise<Buffer>;
  /** One line per change. */
  readonly say: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a function may stay Creating/Updating/Deleting (default 3 min). */
  readonly waitLimitMs?: number;
}

/** What a deploy did. */
export interface ApplyResult {
  /** Mutating calls made. */
  readonly changes: number;
  /** The callback's function URL, when one is declared. */
  readonly functionUrl: string | undefined;
}

const CALLBACK_VARIABLE = 'CALLBACK_BASE_URL';

/** Creates or updates every declared function and trigger. */
export async function deployService(service: DeclaredService, context: ApplyContext): Promise<ApplyResult> {
  const { scf, say } = context;
  let changes = 0;
  const change = () => changes++;
  const digest = createHash('sha256').update(context.zip).digest();
  const sameCode = async (name: string) => {
    const address = await scf.codeAddress(name);
    // SCF does not document CodeSha256's encoding: accept hex and base64.
    if (address.sha256 === digest.toString('hex') || address.sha256 === digest.toString('base64'))
      return true;
    if (!address.url || !context.download) return false;
    return samePackage(await context.download(address.url), context.zip);
  };
  const ordered = [...service.functions].sort((a, b) => Number(hasUrl(b)) - Number(hasUrl(a)));

  const declaredUrl = ordered[0]?.variables[CALLBACK_VARIABLE] ?? '';
  // Read everything first: a function URL that stays is known before any configuration is compared.
  const found = new Map<string, { existing: ScfFunction | undefined; triggers: ScfTrigger[] }>();
  for (const fn of ordered) {
    const existing = await scf.getFunction(fn.FunctionName);
    found.set(fn.FunctionName, {
      existing,
      triggers: existing ? await scf.listTriggers(fn.FunctionName) : [],
    });
  }
  let functionUrl = ordered
    .flatMap((fn) =>
      (found.get(fn.FunctionName)?.triggers ?? []).filter((t) =>
        fn.triggers.some((d) => d.Type === t.Type && d.TriggerName === t.TriggerName && sameTrigger(d, t)),
      ),
    )
    .map(extranetUrl)
    .find((url) => url !== undefined);
  const applied = new Map<string, string | undefined>();

  for (const fn of ordered) {
    const { existing, triggers } = found.get(fn.FunctionName) ?? { existing: undefined, triggers: [] };
    const url = declaredUrl || functionUrl;
    const config = configParams(fn, url);
    if (!existing) {
      await scf.createFunction({
        ...config,
        Handler: fn.Handler,
        Type: 'Event',
        Code: { ZipFile: context.zip.toString('base64') },
      });
      change();
      say(`created   function ${fn.FunctionName}`);
      await untilActive(scf, fn.FunctionName, context);
    } else {
      if (existing.Runtime && existing.Runtime !== fn.Runtime) {
        throw new DeployError(
          `${fn.FunctionName} runs ${existing.Runtime} and serverless.yml asks for ${fn.Runtime}; SCF cannot change a runtime: npm run deploy -- --remove, then deploy`,
        );
      }
      if (existing.Handler !== fn.Handler || !(await sameCode(fn.FunctionName))) {
        await scf.updateFunctionCode({
          FunctionName: fn.FunctionName,
          Handler: fn.Handler,
          ZipFile: context.zip.toString('base64'),
        });
        change();
        say(`updated   code of ${fn.FunctionName}`);
        await untilActive(scf, fn.FunctionName, context);
      }
      if (!sameConfig(existing, config)) {
        await scf.updateFunctionConfiguration(config);
        change();
        say(`updated   configuration of ${fn.FunctionName}`);
        await untilActive(scf, fn.FunctionName, context);
      }
    }
    applied.set(fn.FunctionName, url);
    const result = await applyTriggers(scf, fn, triggers, say);
    changes += result.changes;
    if (result.functionUrl) functionUrl = result.functionUrl;
  }

  // The URL became known (or changed) after some functions were configured: give it to them.
  const finalUrl = declaredUrl || functionUrl;
  for (const fn of ordered) {
    if (applied.get(fn.FunctionName) === finalUrl) continue;
    await scf.updateFunctionConfiguration(configParams(fn, finalUrl));
    change();
    say(`updated   ${CALLBACK_VARIABLE} of ${fn.FunctionName}`);
    await untilActive(scf, fn.FunctionName, context);
  }
  return { changes, functionUrl };
}

/** Deletes every declared function with its triggers; resolves once SCF no longer knows them. */
export async function removeService(
  service: DeclaredService,
  context: ApplyContext,
): Promise<{ changes: number }> {
  const { scf, say } = context;
  let changes = 0;
  for (const fn of service.functions) {
    if (!(await scf.getFunction(fn.FunctionName))) {
      say(`absent    function ${fn.FunctionName}`);
      continue;
    }
    // Triggers first, the function URL among them, so nothing is left if the delete stops half-way.
    for (const trigger of await scf.listTriggers(fn.FunctionName)) {
      await scf.deleteTrigger(deleteParams(fn.FunctionName, trigger));
      changes++;
      say(`deleted   ${trigger.Type} trigger ${trigger.TriggerName} of ${fn.FunctionName}`);
    }
    await scf.deleteFunction(fn.FunctionName);
    changes++;
    say(`deleted   function ${fn.FunctionName}`);
    await waitFor(
      context,
      `${fn.FunctionName} to be deleted`,
      async () => (await scf.getFunction(fn.FunctionName)) === undefined,
    );
  }
  return { changes };
}

async function applyTriggers(
  scf: ScfApi,
  fn: DeclaredFunction,
  existing: readonly ScfTrigger[],
  say: (line: string) => void,
): Promise<{ changes: number; functionUrl: string | undefined }> {
  let changes = 0;
  let functionUrl: string | undefined;
  const kept: DeclaredTrigger[] = [];
  for (const trigger of existing) {
    // Several COS triggers may share a name (their bucket), one per event: match on the description too.
    const named = fn.triggers.filter((d) => d.Type === trigger.Type && d.TriggerName === trigger.TriggerName);
    const declared = named.find((d) => !kept.includes(d) && sameTrigger(d, trigger));
    if (declared) {
      kept.push(declared);
      functionUrl ??= extranetUrl(trigger);
      continue;
    }
    await scf.deleteTrigger(deleteParams(fn.FunctionName, trigger));
    changes++;
    say(
      `deleted   ${trigger.Type} trigger ${trigger.TriggerName} of ${fn.FunctionName}${named.length > 0 ? ' (changed)' : ' (not in serverless.yml)'}`,
    );
  }
  for (const trigger of fn.triggers) {
    if (kept.includes(trigger)) continue;
    const created = await scf.createTrigger({ FunctionName: fn.FunctionName, ...trigger });
    changes++;
    functionUrl ??= extranetUrl(created);
    say(
      `created   ${trigger.Type} trigger ${trigger.TriggerName} of ${fn.FunctionName}${trigger.Type === 'http' ? `: ${extranetUrl(created) ?? '(no URL reported)'}` : ''}`,
    );
  }
  return { changes, functionUrl };
}

function hasUrl(fn: DeclaredFunction): boolean {
  return fn.triggers.some((trigger) => trigger.Type === 'http');
}

/** UpdateFunctionConfiguration's parameters for the declaration, CALLBACK_BASE_URL filled when known. */
function configParams(fn: DeclaredFunction, callbackUrl: string | undefined) {
  const variables = { ...fn.variables, ...(callbackUrl ? { [CALLBACK_VARIABLE]: callbackUrl } : {}) };
  return {
    FunctionName: fn.FunctionName,
    Runtime: fn.Runtime,
    Description: fn.Description,
    MemorySize: fn.MemorySize,
    Timeout: fn.Timeout,
    ...(fn.Role ? { Role: fn.Role } : {}),
    Environment: {
      Variables: Object.entries(variables)
        .filter(([, value]) => value !== '')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([Key, Value]) => ({ Key, Value })),
    },
  };
}

function sameConfig(existing: ScfFunction, wanted: ReturnType<typeof configParams>): boolean {
  const have = Object.fromEntries((existing.Environment?.Variables ?? []).map((v) => [v.Key, v.Value ?? '']));
  const want = Object.fromEntries(wanted.Environment.Variables.map((v) => [v.Key, v.Value]));
  return (
    (existing.Description ?? '') === wanted.Description &&
    existing.MemorySize === wanted.MemorySize &&
    existing.Timeout === wanted.Timeout &&
    (existing.Role ?? '') === (wanted.Role ?? '') &&
    JSON.stringify(Object.entries(have).sort()) === JSON.stringify(Object.entries(want).sort())
  );
}

function sameTrigger(declared: DeclaredTrigger, existing: ScfTrigger): boolean {
  if ((existing.Enable ?? 1) !== (declared.Enable === 'OPEN' ? 1 : 0)) return false;
  const have = parse(existing.TriggerDesc ?? '');
  const want = parse(declared.TriggerDesc);
  if (declared.Type === 'timer') {
    // SCF reports a timer's description back as {"cron": ...}.
    const cron = (have as { cron?: unknown } | undefined)?.cron ?? existing.TriggerDesc;
    return cron === declared.TriggerDesc;
  }
  if (declared.Type === 'cos') {
    const pick = (desc: unknown) => {
      const value = desc as { event?: unknown; filter?: { Prefix?: unknown; Suffix?: unknown } } | undefined;
      return [value?.event, value?.filter?.Prefix ?? '', value?.filter?.Suffix ?? ''];
    };
    return JSON.stringify(pick(have)) === JSON.stringify(pick(want));
  }
  const pick = (desc: unknown) => {
    const value = desc as
      | { AuthType?: unknown; NetConfig?: { EnableIntranet?: unknown; EnableExtranet?: unknown } }
      | undefined;
    return [
      value?.AuthType,
      value?.NetConfig?.EnableIntranet ?? false,
      value?.NetConfig?.EnableExtranet ?? true,
    ];
  };
  return JSON.stringify(pick(have)) === JSON.stringify(pick(want));
}

function extranetUrl(trigger: ScfTrigger): string | undefined {
  if (trigger.Type !== 'http') return undefined;
  const url = (parse(trigger.TriggerDesc ?? '') as { NetConfig?: { ExtranetUrl?: unknown } } | undefined)
    ?.NetConfig?.ExtranetUrl;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

function deleteParams(functionName: string, trigger: ScfTrigger) {
  // A COS trigger is deleted with its description (the SDK model of DeleteTrigger).
  return {
    FunctionName: functionName,
    Type: trigger.Type,
    TriggerName: trigger.TriggerName,
    ...(trigger.TriggerDesc ? { TriggerDesc: trigger.TriggerDesc } : {}),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function untilActive(scf: ScfApi, name: string, context: ApplyContext): Promise<void> {
  await waitFor(context, `${name} to become Active`, async () => {
    const found = await scf.getFunction(name);
    if (found?.Status && /Failed$/.test(found.Status)) {
      throw new DeployError(
        `${name} is ${found.Status}: ${found.StatusDesc || 'no reason given'}; fix the package (npm run build) and deploy again`,
      );
    }
    return found?.Status === 'Active';
  });
}

async function waitFor(context: ApplyContext, what: string, done: () => Promise<boolean>): Promise<void> {
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limit = context.waitLimitMs ?? 180_000;
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    if (await done()) return;
    if (Date.now() - started > limit)
      throw new DeployError(
        `gave up waiting ${Math.round(limit / 1000)} s for ${what}; look at the function in the SCF console`,
      );
    await sleep(delay);
  }
}
