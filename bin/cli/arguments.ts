/**
 * Argument parsing shared by the commands: node:util parseArgs (strict), with every problem turned
 * into a UsageError that names the flag and says how to fix it.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseDurationMs } from '../../lib/config/duration.js';
import { UsageError } from './usage-error.js';

/** The flags every cloud-facing command takes (see `connectionHelp`). */
export const connectionOptions = {
  cloud: { type: 'boolean' },
  'local-cloud': { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The help text of those flags. */
export const connectionHelp = `
where:
  (default)          the local cloud: the one named by --local-cloud or COS_TRANSCRIBE_LOCAL_CLOUD, else
                     the one whose .local-cloud/cloud.json is in this folder or one above (npm start's),
                     else one started inside this command (emulator + the three functions), kept in --data
  --cloud            real Tencent Cloud: credentials from TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY
                     (and TENCENTCLOUD_SESSIONTOKEN), buckets and settings from the pipeline's variables
                     (INPUT_BUCKET, REGION, CALLBACK_SECRET, ... as in the README configuration table)
  --local-cloud URL  a running local cloud, e.g. the 'local cloud http://127.0.0.1:P' that npm start
                     prints (its settings from the same variables, over the same local defaults)
  --data DIR         where an in-command local cloud keeps its buckets (default .local-cloud/cli)`;

/** parseArgs with `options`, throwing UsageError for anything it refuses. */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see cos-transcribe ${command} --help)`);
  }
}

/** A duration flag (`90s`, `10m`, `2h`, bare seconds) in ms. */
export function durationFlag(flag: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`${flag} expects a duration like 90s, 10m or 2h, got '${text}'`);
  }
  return ms;
}
