/**
 * Jobs as one listing of the ledger's record names shows them, with no reads: which slot each job
 * reached and when, for the reconciler to pick the stale ones (lib/jobs/job-ledger.ts `list`).
 */
import type { ListedObject } from '../tencent/object-storage.js';
import { parseRecordKey } from './ledger-keys.js';

/** Where a job is, as far as the record names alone say (no reads): used for listing. */
export type JobPhase = 'claimed' | 'submitted' | 'final';

/** A job found by listing. */
export interface JobSummary {
  readonly jobId: string;
  readonly phase: JobPhase;
  /** When the claim record was stored (COS time, ms). */
  readonly claimedAt: number;
  /** When the newest record was stored (COS time, ms). */
  readonly updatedAt: number;
}

/** What to keep of a listing: jobs in these phases, whose newest record is older than `updatedBefore` (ms). */
export interface JobFilter {
  readonly phases?: readonly JobPhase[];
  readonly updatedBefore?: number;
}

/** The jobs of a listing under the ledger's `prefix` that pass `filter`, oldest claim first. */
export function summariseJobs(
  prefix: string,
  listed: readonly ListedObject[],
  filter: JobFilter,
): JobSummary[] {
  const jobs = new Map<string, { slot: number; claimedAt: number; updatedAt: number }>();
  for (const object of listed) {
    const parsed = parseRecordKey(prefix, object.key);
    if (!parsed) continue;
    const at = object.lastModified.getTime();
    const job = jobs.get(parsed.jobId) ?? { slot: -1, claimedAt: Number.NaN, updatedAt: 0 };
    if (parsed.slot === 0) job.claimedAt = at;
    job.slot = Math.max(job.slot, parsed.slot);
    job.updatedAt = Math.max(job.updatedAt, at);
    jobs.set(parsed.jobId, job);
  }
  const phases: readonly JobPhase[] = ['claimed', 'submitted', 'final'];
  const summaries: JobSummary[] = [];
  for (const [jobId, job] of jobs) {
    // Records without a claim are debris of a hand-deleted job: not a job.
    if (Number.isNaN(job.claimedAt)) continue;
    const phase = phases[job.slot] ?? 'final';
    if (filter.phases && !filter.phases.includes(phase)) continue;
    if (filter.updatedBefore !== undefined && job.updatedAt >= filter.updatedBefore) continue;
    summaries.push({ jobId, phase, claimedAt: job.claimedAt, updatedAt: job.updatedAt });
  }
  return summaries.sort((a, b) => a.claimedAt - b.claimedAt || a.jobId.localeCompare(b.jobId));
}
