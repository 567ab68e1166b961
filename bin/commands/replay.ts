/**
 * `cos-transcribe replay <key|jobId>`: makes a job's outputs again. When the job is done and its raw
 * engine result is stored beside its outputs, the outputs are rendered again from it with the
 * pipeline's own finishing code (same names, same bytes for the same renderer): no engine is called.
 * Otherwise (failed, no raw result, or `--resubmit`) the same input is submitted to the engine again
 * as a new job, and the command waits for it like `transcribe` does.
 */
import type { JobView } from '../../lib/jobs/job-view.js';
import type { PipelineDeps } from '../../lib/pipeline/pipeline-deps.js';
import { findJob, ReplayError, rerender, resubmitJob, storedResult } from '../../lib/pipeline/replay.js';
import { connectionHelp, connectionOptions, durationFlag, parseCommandArgs } from '../cli/arguments.js';
import { type Connection, connect } from '../cli/connection.js';
import { downloadOutputs } from '../cli/outputs.js';
import { seconds, statusSummary } from '../cli/status-text.js';
import { err, out } from '../cli/terminal.js';
import { exitCodes, oneLine, UsageError, where } from '../cli/usage-error.js';
import { watchStatus } from '../cli/watch-status.js';

/** One line for `cos-transcribe --help`. */
export const summary = "make a job's outputs again: re-render from the stored engine result, or resubmit";

const DEFAULT_TIMEOUT = '30m';

const HELP = `usage: cos-transcribe replay <key|jobId> [options]

Finds the job of an input key (with or without INPUT_PREFIX; its latest upload) or a job id, then:
  - done, with its raw engine result stored (<output>.raw.json or .raw.xml): renders every output
    again from that result and writes it over the old one. No engine is called.
  - failed, or done without a raw result, or --resubmit: submits the same input, with the settings
    the job was made with, to the engine again as a new job, and waits for it.
A job still running is left alone unless --resubmit is given.
Outputs are listed on stdout (output keys, or the downloaded files with --out).

options:
  --resubmit     always start a new engine job
  --out DIR      also download the outputs here
  --timeout D    stop waiting for a resubmitted job after D (default ${DEFAULT_TIMEOUT}); it goes on
  -h, --help     this text
${connectionHelp}

exit status:
  0  the outputs were made again (re-rendered, or the new job is done)
  1  no such job or input, the input changed or is gone, the new job failed or timed out, the
     stored result cannot be read, or the cloud could not be reached (reason on stderr)
  2  bad usage or configuration refused`;

const options = {
  ...connectionOptions,
  resubmit: { type: 'boolean' },
  out: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let connection: Connection | undefined;
  try {
    const { values, positionals } = parseCommandArgs('replay', argv, options);
    if (values.help) {
      await out(`${HELP}\n`);
      return exitCodes.ok;
    }
    const [target, ...extra] = positionals;
    if (target === undefined) throw new UsageError('missing the input key or job id to replay');
    if (extra.length > 0) throw new UsageError(`expected one key or job id, got ${positionals.length}`);
    const timeoutMs = durationFlag('--timeout', values.timeout, durationFlag('', DEFAULT_TIMEOUT, 0));
    connection = await connect(values);
    err(`replaying on the ${connection.where}\n`);
    const { deps } = connection;
    const view = await findJob(deps, target);
    const raw = values.resubmit ? undefined : await storedResult(deps, view);

    let outputs: readonly string[];
    if (raw) {
      outputs = await rerender(deps, view, raw);
      err(
        `${view.input.key}: re-rendered ${outputs.length} outputs of job ${view.jobId} from its stored result\n`,
      );
    } else {
      if (!values.resubmit && (view.state === 'claimed' || view.state === 'submitted')) {
        throw new ReplayError(
          `job ${view.jobId} is still ${view.state}${view.submission ? ` (${view.submission.engine} task ${view.submission.taskId})` : ''}; wait for it, or give --resubmit to start a new engine job`,
        );
      }
      outputs = await resubmit(deps, view, { timeoutMs, pollMs: connection.mode === 'cloud' ? 3000 : 200 });
    }
    if (values.out !== undefined) {
      const written = await downloadOutputs(deps, outputs, values.out);
      await out(written.map((f) => `${f}\n`).join(''));
    } else {
      await out(outputs.map((k) => `${k}\n`).join(''));
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`cos-transcribe replay: ${error.message}\n`);
      return exitCodes.usage;
    }
    err(
      `cos-transcribe replay: ${oneLine(error instanceof Error ? error.message : String(error))}${where(connection)}\n`,
    );
    return exitCodes.failed;
  } finally {
    await connection?.close();
  }
}

/** Submits the job's input again as a new job (lib/pipeline/replay.ts) and waits for it. */
async function resubmit(
  deps: PipelineDeps,
  view: JobView,
  options: { timeoutMs: number; pollMs: number },
): Promise<readonly string[]> {
  const { jobId } = await resubmitJob(deps, view, (resubmission) =>
    err(
      `${view.input.key}: resubmitting job ${view.jobId} as job ${resubmission.jobId} on ${resubmission.engine}\n`,
    ),
  );
  const outcome = await watchStatus(
    deps,
    { bucket: view.input.bucket, key: view.input.key, etag: view.input.etag, jobId },
    {
      deadline: Date.now() + options.timeoutMs,
      pollMs: options.pollMs,
      onStatus: (status) => err(`${status.input.key}: ${status.state}${summaryOf(status)}\n`),
    },
  );
  if (!outcome.ended) {
    throw new ReplayError(
      `job ${jobId} is still ${outcome.last?.state ?? 'claimed'} after ${seconds(options.timeoutMs)}; it goes on: see cos-transcribe status ${jobId}`,
    );
  }
  const status = outcome.status;
  if (status.state !== 'done') {
    throw new ReplayError(
      `job ${jobId} ${status.state}: ${status.error ? `${status.error.code}: ${status.error.message}` : ''}`,
    );
  }
  return status.outputs;
}

function summaryOf(status: Parameters<typeof statusSummary>[0]): string {
  const text = statusSummary(status);
  return text === '' ? '' : ` (${text})`;
}
