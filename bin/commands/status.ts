/**
 * `cos-transcribe status [key|prefix|jobId]`: what became of each input: state, engine, task id,
 * timings, outputs, and for a failure its code and message. Reads the per-input status objects
 * (lib/jobs), brought up to date from the job ledger, for one key or every input under a prefix.
 */
import { type InputStatus, statusOfJob } from '../../lib/jobs/input-status.js';
import { isJobId } from '../../lib/pipeline/job-id.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';
import { connectionHelp, connectionOptions, parseCommandArgs } from '../cli/arguments.js';
import { type Connection, connect } from '../cli/connection.js';
import { describeStatus } from '../cli/status-text.js';
import { err, out } from '../cli/terminal.js';
import { exitCodes, oneLine, UsageError, where } from '../cli/usage-error.js';

/** One line for `cos-transcribe --help`. */
export const summary = 'show the state, engine, task, timings, outputs and errors of inputs';

const HELP = `usage: cos-transcribe status [key|prefix|jobId] [options]

Lists the status of one input key, of every input under a key prefix (default: all of INPUT_PREFIX),
or of one job by its id. A key or prefix may be given with or without INPUT_PREFIX. Inputs the
pipeline has not looked at yet are listed as "no status yet".

options:
  --json        print a JSON array of {"key", "status"} (status as stored, or null)
  -h, --help    this text
${connectionHelp}

exit status:
  0  at least one input or job was found and listed
  1  nothing matches, or the cloud could not be reached
  2  bad usage or configuration refused`;

const options = { ...connectionOptions, json: { type: 'boolean' } } as const;

/** One listed input. */
interface Entry {
  readonly key: string;
  readonly status: InputStatus | undefined;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let connection: Connection | undefined;
  try {
    const { values, positionals } = parseCommandArgs('status', argv, options);
    if (values.help) {
      await out(`${HELP}\n`);
      return exitCodes.ok;
    }
    if (positionals.length > 1) {
      throw new UsageError(`expected at most one key, prefix or job id, got ${positionals.length}`);
    }
    connection = await connect(values);
    err(`status on the ${connection.where}\n`);
    const entries = await find(connection.deps, positionals[0]);
    if (entries.length === 0) {
      err(
        `cos-transcribe status: nothing found for '${positionals[0] ?? connection.deps.config.input.prefix}'\n`,
      );
      return exitCodes.failed;
    }
    if (values.json) {
      await out(
        `${JSON.stringify(
          entries.map((e) => ({ key: e.key, status: e.status ?? null })),
          null,
          2,
        )}\n`,
      );
    } else {
      await out(
        `${entries
          .map((e) =>
            e.status ? describeStatus(e.status) : `${e.key}: no status yet (the upload trigger has not run)`,
          )
          .join('\n\n')}\n`,
      );
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`cos-transcribe status: ${error.message}\n`);
      return exitCodes.usage;
    }
    err(
      `cos-transcribe status: ${oneLine(error instanceof Error ? error.message : String(error))}${where(connection)}\n`,
    );
    return exitCodes.failed;
  } finally {
    await connection?.close();
  }
}

/** The inputs a key, prefix or job id names, in key order. */
async function find(deps: PipelineDeps, argument: string | undefined): Promise<Entry[]> {
  const { config, ledger, storage } = deps;
  if (argument !== undefined && isJobId(argument)) {
    const view = await ledger.read(argument);
    if (view) return [{ key: view.input.key, status: statusOfJob(view) }];
  }
  const given = argument ?? config.input.prefix;
  const candidates = given.startsWith(config.input.prefix)
    ? [given]
    : [given, `${config.input.prefix}${given}`];
  const keys = new Set<string>();
  for (const prefix of candidates) {
    for (const object of await storage.list(config.input.bucket, prefix)) {
      if (!object.key.endsWith('/')) keys.add(object.key);
    }
  }
  const entries: Entry[] = [];
  // An exact key whose object is gone may still have a status (deleted after a failure, say).
  for (const key of candidates) {
    if (keys.has(key)) continue;
    const status = await ledger.readStatus(config.input.bucket, key);
    if (status) entries.push({ key, status });
  }
  const sorted = [...keys].sort();
  // A few reads at a time: a prefix may hold thousands of inputs.
  for (let start = 0; start < sorted.length; start += 8) {
    const batch = sorted.slice(start, start + 8);
    const statuses = await Promise.all(batch.map((key) => ledger.readStatus(config.input.bucket, key)));
    for (const [i, key] of batch.entries()) entries.push({ key, status: statuses[i] });
  }
  return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
