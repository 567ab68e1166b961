/**
 * Functions deployed through the emulated SCF API: each keeps its configuration, its code package (the
 * zip as uploaded, its SHA-256, and the files unpacked for the runtime) and its triggers, under
 * `<dataDir>/.scf/<namespace>/<function>/`, so a restarted emulator serves what was deployed before.
 * Triggers are bound in the SCF registry exactly like the dev stack's in-process handlers, but the
 * handler is the deployed code in its own process (function-runtime.ts).
 *
 * Lifecycle as SCF reports it (583/115197): a new or updated package is `Creating`/`Updating` until it
 * is unpacked, then `Active`, or `CreateFailed`/`UpdateFailed` with a reason. Every change is also
 * written to a journal, so a caller can tell whether a deploy changed anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Api3Error } from '../api3/api3-error.js';
import type { EmulatorContext } from '../context.js';
import type { Log } from '../log.js';
import { createFunctionRuntime, type FunctionRuntime } from './function-runtime.js';
import type { FunctionSpec, Scf } from './scf-registry.js';
import { unzipTo, ZipError } from './unzip.js';

/** A function's settings, named as the SCF API names them. */
export interface FunctionConfig {
  readonly Handler: string;
  readonly Runtime: string;
  readonly MemorySize: number;
  /** Seconds. */
  readonly Timeout: number;
  readonly Description: string;
  readonly Role: string;
  readonly Environment: {
    readonly Variables: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
  };
}

/** A trigger as it is bound; `desc` is the TriggerDesc SCF reports back. */
export type TriggerSpec = {
  readonly name: string;
  readonly enable: boolean;
  readonly description: string;
} & (
  | {
      readonly type: 'cos';
      readonly bucket: string;
      readonly event: string;
      readonly prefix: string;
      readonly suffix: string;
    }
  | { readonly type: 'timer'; readonly cron: string; readonly message: string }
  | {
      readonly type: 'http';
      /** Given by SCF when the URL is first bound, kept for the function's life. */
      readonly urlId?: string;
      readonly enableIntranet: boolean;
      readonly enableExtranet: boolean;
    }
);

/** A stored trigger. */
export type StoredTrigger = TriggerSpec & { readonly addTime: number; readonly modTime: number };

/** What GetFunction shows. */
export interface DeployedFunction {
  readonly namespace: string;
  readonly name: string;
  readonly config: FunctionConfig;
  /** Lower-case hex SHA-256 of the zip as uploaded. */
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly status: 'Creating' | 'Updating' | 'Active' | 'CreateFailed' | 'UpdateFailed';
  readonly statusReason: string;
  readonly addTime: number;
  readonly modTime: number;
  readonly triggers: readonly StoredTrigger[];
}

/** One change, in order. */
export interface JournalEntry {
  readonly action: string;
  readonly namespace: string;
  readonly functionName: string;
  readonly at: number;
}

/** The deployed functions of one emulator. */
export interface DeployedFunctions {
  get(namespace: string, name: string): DeployedFunction | undefined;
  list(): readonly DeployedFunction[];
  /** The package as uploaded, for GetFunctionAddress's download URL. */
  codePackage(namespace: string, name: string): Buffer | undefined;
  create(namespace: string, name: string, config: FunctionConfig, zip: Buffer): DeployedFunction;
  updateCode(namespace: string, name: string, zip: Buffer, handler?: string): void;
  updateConfig(namespace: string, name: string, config: FunctionConfig): void;
  remove(namespace: string, name: string): void;
  addTrigger(namespace: string, name: string, trigger: TriggerSpec): StoredTrigger;
  /** A COS trigger is named by its bucket, so `cosEvent` (from DeleteTrigger's TriggerDesc) says which. */
  removeTrigger(namespace: string, name: string, type: string, triggerName: string, cosEvent?: string): void;
  /** Every change since start, oldest first. */
  readonly journal: readonly JournalEntry[];
  /** Ends every running instance. */
  close(): void;
}

interface Entry {
  state: DeployedFunction;
  runtime: FunctionRuntime;
  unbind: Map<string, () => void>;
}

/** Loads what was deployed before and binds its triggers. */
export function createDeployedFunctions(options: {
  dataDir: string;
  scf: Scf;
  context: EmulatorContext;
  region: string;
  /** Variables the local cloud adds to every instance (where the emulator listens). */
  runtimeVariables: () => Record<string, string>;
  log: Log;
}): DeployedFunctions {
  const root = path.join(options.dataDir, '.scf');
  const entries = new Map<string, Entry>();
  const journal: JournalEntry[] = [];
  const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;
  const dirOf = (namespace: string, name: string) => path.join(root, namespace, name);

  const save = (entry: Entry) => {
    const dir = dirOf(entry.state.namespace, entry.state.name);
    writeFileSync(path.join(dir, 'function.json'), `${JSON.stringify(entry.state, null, 2)}\n`);
  };
  const note = (action: string, state: DeployedFunction) =>
    journal.push({ action, namespace: state.namespace, functionName: state.name, at: options.context.now() });
  const must = (namespace: string, name: string): Entry => {
    const entry = entries.get(keyOf(namespace, name));
    if (!entry)
      throw new Api3Error(
        'ResourceNotFound.Function',
        `The function ${name} does not exist in namespace ${namespace}.`,
      );
    return entry;
  };
  const mustBeActive = (entry: Entry) => {
    if (entry.state.status !== 'Active') {
      throw new Api3Error(
        'FailedOperation.FunctionStatusError',
        `The function ${entry.state.name} is ${entry.state.status}; wait until GetFunction reports Active.`,
      );
    }
  };

  const runtimeFor = (state: DeployedFunction): FunctionRuntime =>
    createFunctionRuntime({
      functionName: state.name,
      codeDir: path.join(dirOf(state.namespace, state.name), 'code'),
      handler: state.config.Handler,
      log: options.log,
      env: () => {
        // The role's keys, as SCF hands them to an instance: temporary, with a session token.
        const role = options.context.accounts.issueTemporary(7200);
        return {
          ...Object.fromEntries(state.config.Environment.Variables.map((v) => [v.Key, v.Value])),
          SCF_FUNCTIONNAME: state.name,
          SCF_NAMESPACE: state.namespace,
          SCF_RUNTIME: state.config.Runtime,
          TENCENTCLOUD_REGION: options.region,
          TENCENTCLOUD_APPID: options.context.appId,
          TENCENTCLOUD_SECRETID: role.secretId,
          TENCENTCLOUD_SECRETKEY: role.secretKey,
          TENCENTCLOUD_SESSIONTOKEN: role.token,
          ...options.runtimeVariables(),
        };
      },
    });

  const specOf = (entry: Entry): FunctionSpec => ({
    functionName: entry.state.name,
    namespace: entry.state.namespace,
    timeoutMs: entry.state.config.Timeout * 1000,
    handler: (event: never, context) => entry.runtime.invoke(event, context),
  });

  /** Binds an enabled trigger; returns it as bound (a function URL gets its id on first binding). */
  const bind = <T extends TriggerSpec>(entry: Entry, trigger: T): T => {
    if (!trigger.enable) return trigger;
    const spec = specOf(entry);
    const id = triggerId(trigger);
    if (trigger.type === 'cos') {
      entry.unbind.set(
        id,
        options.scf.bindCos({
          ...spec,
          bucket: trigger.bucket,
          event: trigger.event,
          prefix: trigger.prefix,
          suffix: trigger.suffix,
        }),
      );
    } else if (trigger.type === 'timer') {
      entry.unbind.set(
        id,
        options.scf.bindTimer({
          ...spec,
          triggerName: trigger.name,
          cron: trigger.cron,
          message: trigger.message,
        }),
      );
    } else {
      const bound = options.scf.bindFunctionUrl({
        ...spec,
        ...(trigger.urlId ? { urlId: trigger.urlId } : {}),
      });
      entry.unbind.set(id, bound.unbind);
      return { ...trigger, urlId: bound.urlId };
    }
    return trigger;
  };

  const unpack = (entry: Entry, zip: Buffer, failed: 'CreateFailed' | 'UpdateFailed') => {
    const dir = dirOf(entry.state.namespace, entry.state.name);
    entry.runtime.stop();
    rmSync(path.join(dir, 'code'), { recursive: true, force: true });
    try {
      unzipTo(zip, path.join(dir, 'code'));
      entry.state = { ...entry.state, status: 'Active', statusReason: '' };
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      entry.state = {
        ...entry.state,
        status: failed,
        statusReason: `the code package cannot be unpacked: ${error.message}`,
      };
    }
    entry.runtime = runtimeFor(entry.state);
    save(entry);
  };

  // The package is unpacked after the call returns, as SCF does: callers poll GetFunction for Active.
  const unpackLater = (entry: Entry, zip: Buffer, failed: 'CreateFailed' | 'UpdateFailed') =>
    setImmediate(() => {
      if (entries.get(keyOf(entry.state.namespace, entry.state.name)) === entry) unpack(entry, zip, failed);
    });

  const withPackage = (state: DeployedFunction, zip: Buffer): DeployedFunction => ({
    ...state,
    codeSha256: createHash('sha256').update(zip).digest('hex'),
    codeSize: zip.length,
  });

  // What an earlier run deployed: functions come back Active with their triggers.
  if (existsSync(root)) {
    for (const namespace of readdirSync(root)) {
      for (const name of readdirSync(path.join(root, namespace))) {
        const file = path.join(root, namespace, name, 'function.json');
        if (!existsSync(file)) continue;
        const state = JSON.parse(readFileSync(file, 'utf8')) as DeployedFunction;
        const entry: Entry = { state, runtime: runtimeFor(state), unbind: new Map() };
        entries.set(keyOf(namespace, name), entry);
        for (const trigger of state.triggers) bind(entry, trigger);
      }
    }
  }

  return {
    get: (namespace, name) => entries.get(keyOf(namespace, name))?.state,
    list: () => [...entries.values()].map((entry) => entry.state),
    codePackage(namespace, name) {
      if (!entries.has(keyOf(namespace, name))) return undefined;
      return readFileSync(path.join(dirOf(namespace, name), 'code.zip'));
    },
    create(namespace, name, config, zip) {
      if (entries.has(keyOf(namespace, name))) {
        throw new Api3Error(
          'ResourceInUse.Function',
          `The function ${name} already exists in namespace ${namespace}.`,
        );
      }
      const now = options.context.now();
      const state = withPackage(
        {
          namespace,
          name,
          config,
          codeSha256: '',
          codeSize: 0,
          status: 'Creating',
          statusReason: '',
          addTime: now,
          modTime: now,
          triggers: [],
        },
        zip,
      );
      const dir = dirOf(namespace, name);
      mkdirSync(dir, { recursive: true });
      // SCF has no package.json above the code: without this one a parent folder's "type": "module"
      // would make Node read the CommonJS bundles as ES modules.
      writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}\n');
      writeFileSync(path.join(dir, 'code.zip'), zip);
      const entry: Entry = { state, runtime: runtimeFor(state), unbind: new Map() };
      entries.set(keyOf(namespace, name), entry);
      save(entry);
      note('CreateFunction', state);
      unpackLater(entry, zip, 'CreateFailed');
      return state;
    },
    updateCode(namespace, name, zip, handler) {
      const entry = must(namespace, name);
      mustBeActive(entry);
      const config = handler ? { ...entry.state.config, Handler: handler } : entry.state.config;
      entry.state = withPackage(
        { ...entry.state, config, status: 'Updating', modTime: options.context.now() },
        zip,
      );
      writeFileSync(path.join(dirOf(namespace, name), 'code.zip'), zip);
      save(entry);
      note('UpdateFunctionCode', entry.state);
      unpackLater(entry, zip, 'UpdateFailed');
    },
    updateConfig(namespace, name, config) {
      const entry = must(namespace, name);
      mustBeActive(entry);
      entry.runtime.stop();
      entry.state = { ...entry.state, config, modTime: options.context.now() };
      entry.runtime = runtimeFor(entry.state);
      // Bindings carry the time limit: bind again with the new one.
      for (const unbind of entry.unbind.values()) unbind();
      entry.unbind.clear();
      entry.state = { ...entry.state, triggers: entry.state.triggers.map((trigger) => bind(entry, trigger)) };
      save(entry);
      note('UpdateFunctionConfiguration', entry.state);
    },
    remove(namespace, name) {
      const entry = must(namespace, name);
      // Deleting a function deletes its triggers, its URL included.
      for (const unbind of entry.unbind.values()) unbind();
      entry.runtime.stop();
      entries.delete(keyOf(namespace, name));
      rmSync(dirOf(namespace, name), { recursive: true, force: true });
      note('DeleteFunction', entry.state);
    },
    addTrigger(namespace, name, trigger) {
      const entry = must(namespace, name);
      mustBeActive(entry);
      // COS triggers are named by their bucket: one function may have one per event on a bucket
      // (DeleteTrigger needs the event in TriggerDesc to tell them apart, per the SDK model).
      if (entry.state.triggers.some((t) => triggerId(t) === triggerId(trigger))) {
        throw new Api3Error(
          'ResourceInUse.Trigger',
          `The function ${name} already has a ${trigger.type} trigger named ${trigger.name}${trigger.type === 'cos' ? ` for ${trigger.event}` : ''}.`,
        );
      }
      if (trigger.type === 'http' && entry.state.triggers.some((t) => t.type === 'http')) {
        throw new Api3Error(
          'ResourceInUse.Trigger',
          `The function ${name} already has a function URL (one per version).`,
        );
      }
      let bound: TriggerSpec;
      try {
        bound = bind(entry, trigger);
      } catch (error) {
        // The registry refuses overlapping COS rules and a cron it cannot read, as SCF does.
        const message = error instanceof Error ? error.message : String(error);
        throw new Api3Error(
          trigger.type === 'cos' ? 'ResourceInUse.Cos' : 'InvalidParameterValue.TriggerDesc',
          message,
        );
      }
      const now = options.context.now();
      const stored: StoredTrigger = { ...bound, addTime: now, modTime: now };
      entry.state = { ...entry.state, triggers: [...entry.state.triggers, stored] };
      save(entry);
      note('CreateTrigger', entry.state);
      return stored;
    },
    removeTrigger(namespace, name, type, triggerName, cosEvent) {
      const entry = must(namespace, name);
      const found = entry.state.triggers.find(
        (t) => t.type === type && t.name === triggerName && (t.type !== 'cos' || t.event === cosEvent),
      );
      if (!found)
        throw new Api3Error(
          'ResourceNotFound.Trigger',
          `The function ${name} has no ${type} trigger named ${triggerName}.`,
        );
      entry.unbind.get(triggerId(found))?.();
      entry.unbind.delete(triggerId(found));
      entry.state = { ...entry.state, triggers: entry.state.triggers.filter((t) => t !== found) };
      save(entry);
      note('DeleteTrigger', entry.state);
    },
    journal,
    close() {
      for (const entry of entries.values()) entry.runtime.stop();
    },
  };
}

/** What tells a function's triggers apart: type and name, and for COS the event too. */
function triggerId(trigger: TriggerSpec): string {
  return trigger.type === 'cos'
    ? `${trigger.type}/${trigger.name}/${trigger.event}`
    : `${trigger.type}/${trigger.name}`;
}
