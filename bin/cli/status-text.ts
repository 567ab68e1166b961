/**
 * A status object as a person reads it, and as `--json` prints it. Times are shown as the ISO
 * instant (UTC) and durations in seconds with one decimal, computed with integer arithmetic.
 */
import type { InputStatus } from '../../lib/jobs/input-status.js';

/** Seconds with one decimal from integer ms: 2150 → '2.2 s'. */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100);
  return `${Math.floor(tenths / 10)}.${tenths % 10} s`;
}

/** A multi-line description of one input's status. */
export function describeStatus(status: InputStatus): string {
  const t = status.timings;
  const lines = [
    `${status.input.key}: ${status.state}`,
    field('job', status.jobId ?? '(none: refused before a job was made)'),
  ];
  if (status.engine !== null) {
    lines.push(field('engine', `${status.engine}${status.model ? ` ${status.model}` : ''}`));
  }
  if (status.taskId !== null) lines.push(field('task', status.taskId));
  lines.push(field('started', iso(t.startedAt)));
  if (t.submittedAt !== null)
    lines.push(field('submitted', `${iso(t.submittedAt)} (+${seconds(t.submittedAt - t.startedAt)})`));
  if (t.finishedAt !== null) {
    lines.push(
      field(
        'finished',
        `${iso(t.finishedAt)}${t.elapsedMs === null ? '' : ` (${seconds(t.elapsedMs)} in all)`}`,
      ),
    );
  }
  if (status.outputs.length > 0) {
    lines.push(field('outputs', ''));
    for (const output of status.outputs) lines.push(`    ${output}`);
  }
  if (status.error) lines.push(field('error', `${status.error.code}: ${status.error.message}`));
  if (status.note) lines.push(field('note', status.note));
  return lines.join('\n');
}

/** One line: the state, engine and where it ended. */
export function statusSummary(status: InputStatus): string {
  if (status.error) return `${status.error.code}: ${status.error.message}`;
  const parts: string[] = [];
  if (status.engine) parts.push(status.taskId ? `${status.engine} task ${status.taskId}` : status.engine);
  if (status.timings.elapsedMs !== null) parts.push(`in ${seconds(status.timings.elapsedMs)}`);
  return parts.join(', ');
}

function field(label: string, value: string): string {
  return `  ${label.padEnd(10)}${value}`.trimEnd();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
