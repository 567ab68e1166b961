/**
 * How a command reaches the pipeline's buckets: the local cloud (named, or started in-command) or
 * real Tencent Cloud with `--cloud`. Either way the command gets the same PipelineDeps the functions
 * build (lib/pipeline/from-environment.ts), so it reads the ledger and renders exactly as they do.
 */
import path from 'node:path';
import type COS from 'cos-nodejs-sdk-v5';
import { ConfigError } from '../../lib/config/config-error.js';
import { localCloudVariable } from '../../lib/config/local-cloud-variable.js';
import { createLogger } from '../../lib/log/logger.js';
import { dependenciesFromEnv } from '../../lib/pipeline/from-environment.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';
import { createCosSdk } from '../../lib/tencent/cos/cos-sdk.js';
import { CredentialsError, credentialsFromEnv } from '../../lib/tencent/credentials.js';
import { findCloudFile } from '../../local/cloud-file.js';
import {
  defaultLocalDataDir,
  type LocalCloud,
  localPipelineEnvironment,
  startLocalCloud,
} from './local-cloud.js';
import { oneLine, UsageError } from './usage-error.js';

/** Where a command is working. */
export type ConnectionMode = 'cloud' | 'local-running' | 'local-in-command';

/** A connection to the pipeline's storage. */
export interface Connection {
  readonly mode: ConnectionMode;
  /** The pipeline's dependencies as the functions build them, with a silent logger. */
  readonly deps: PipelineDeps;
  /** The COS SDK for uploads and downloads (multipart, progress events). */
  readonly cos: COS;
  /** A short description for messages: 'local cloud http://127.0.0.1:P', 'Tencent Cloud ap-guangzhou'. */
  readonly where: string;
  close(): Promise<void>;
}

/** What the connection flags said. */
export interface ConnectionFlags {
  readonly cloud?: boolean | undefined;
  readonly 'local-cloud'?: string | undefined;
  readonly data?: string | undefined;
}

/**
 * Connects as the flags and the environment say; with neither, to the local cloud whose
 * .local-cloud/cloud.json is in `cwd` or a folder above (npm start's), else to one started here
 * (emulator and functions, stopped with the command).
 */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<Connection> {
  if (flags.cloud && flags['local-cloud'] !== undefined) {
    throw new UsageError('--cloud and --local-cloud name two different clouds; give one');
  }
  if (flags.cloud) {
    const cloudEnv: Record<string, string | undefined> = { ...env, [localCloudVariable]: undefined };
    const deps = build(cloudEnv);
    return {
      mode: 'cloud',
      deps,
      cos: createCosSdk({ credentials: () => credentialsFromEnv(cloudEnv) }),
      where: `Tencent Cloud ${deps.config.region}`,
      close: async () => {},
    };
  }
  const named = flags['local-cloud'] ?? env[localCloudVariable];
  if (named !== undefined && named.trim() !== '') {
    const url = localUrl(named.trim());
    // A running local cloud (a test's, or one named by hand): its settings as the same deploy
    // environment and local defaults make them, so the two agree without being told.
    const merged = localPipelineEnvironment(env, url.origin, `${url.origin}/release/callback`);
    return running(merged, url, `local cloud ${url.origin}`);
  }
  const found = findCloudFile(cwd);
  if (found) {
    const { record } = found;
    const url = new URL(record.url);
    // The settings it was started with (INPUT_PREFIX=media/ npm start, say) over the local defaults;
    // the file holds no secret, so those come from the same defaults the cloud used.
    const merged = {
      ...localPipelineEnvironment(env, url.origin, `${url.origin}/release/callback`),
      ...record.settings,
    };
    const file = path.relative(cwd, found.file) || found.file;
    return running(
      merged,
      url,
      `local cloud ${url.origin} (${record.startedBy}, pid ${record.pid}, ${file})`,
    );
  }
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({ dataDir: flags.data ?? defaultLocalDataDir, env });
  } catch (error) {
    throw new ConnectionError(`cannot start the local cloud: ${(error as Error).message}`);
  }
  const url = new URL(cloud.url);
  return {
    mode: 'local-in-command',
    deps: build(cloud.env),
    cos: localSdk(cloud.env, url),
    where: `local cloud in this command (${flags.data ?? defaultLocalDataDir})`,
    close: () => cloud.close(),
  };
}

/** The cloud could not be reached or started (exit 1, not a usage problem). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

function running(env: Record<string, string>, url: URL, where: string): Connection {
  return { mode: 'local-running', deps: build(env), cos: localSdk(env, url), where, close: async () => {} };
}

function build(env: Readonly<Record<string, string | undefined>>): PipelineDeps {
  // Every problem at once, configuration and credentials alike, so one edit fixes them all.
  const problems: string[] = [];
  let deps: PipelineDeps | undefined;
  try {
    deps = dependenciesFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(oneLine(error.message));
  }
  try {
    credentialsFromEnv(env as NodeJS.ProcessEnv);
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    problems.push(error.message);
  }
  if (!deps || problems.length > 0) throw new UsageError(problems.join('; '));
  // The command reports in its own words; the pipeline's step lines would only be noise here.
  return { ...deps, logger: createLogger({ sink: () => {} }) };
}

function localSdk(env: Readonly<Record<string, string | undefined>>, url: URL): COS {
  return createCosSdk({
    credentials: () => credentialsFromEnv(env as NodeJS.ProcessEnv),
    endpoint: { ip: url.host, protocol: url.protocol === 'https:' ? 'https:' : 'http:' },
  });
}

function localUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`local cloud '${text}' is not a URL; write it like http://127.0.0.1:9100`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`local cloud '${text}' must be an http(s) URL like http://127.0.0.1:9100`);
  }
  return url;
}
