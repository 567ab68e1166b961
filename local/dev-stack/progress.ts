/**
 * Follows each uploaded input through the pipeline by reading its status object from the job ledger
 * (lib/jobs), the same record `cos-transcribe status` reads, and reports each step once:
 * uploaded → claimed (job id) → submitted (engine, task id) → recognising → done (outputs, timings) or failed/skipped
 * (code and message). Synchronous engines finish inside the upload function, so a job can be seen
 * for the first time already done; the submitted step is then still reported from the record.
 */
import type { InputStatus } from '../../lib/jobs/input-status.js';
import type { JobLedger } from '../../lib/jobs/job-ledger.js';
import { isFinal } from '../../lib/jobs/job-state.js';

/** A step worth a console line. */
export type ProgressStep =
  | { readonly step: 'claimed'; readonly key: string; readonly status: InputStatus }
  | { readonly step: 'submitted'; readonly key: string; readonly status: InputStatus }
  | { readonly step: 'recognising'; readonly key: string; readonly status: InputStatus }
  | { readonly step: 'finished'; readonly key: string; readonly status: InputStatus };

/** Options of {@link followProgress}. */
export interface ProgressOptions {
  readonly ledger: Pick<JobLedger, 'readStatus'>;
  readonly inputBucket: string;
  readonly onStep: (step: ProgressStep) => void | Promise<void>;
  readonly onError: (key: string, error: unknown) => void;
  readonly intervalMs?: number;
}

/** A running follower. */
export interface Progress {
  /**
   * Starts following an input key. With the uploaded ETag, an older status of the same key (from a
   * previous upload with other bytes) is not mistaken for this upload's.
   */
  follow(key: string, etag?: string): void;
  close(): void;
}

/** Starts polling the statuses of followed inputs. */
export function followProgress(options: ProgressOptions): Progress {
  /** key -> steps already reported for the job currently followed. */
  const followed = new Map<
    string,
    { etag: string | undefined; jobId: string | null; reported: Set<ProgressStep['step']> }
  >();
  let polling = false;

  async function pollOnce(): Promise<void> {
    for (const [key, entry] of followed) {
      let status: InputStatus | undefined;
      try {
        status = await options.ledger.readStatus(options.inputBucket, key);
      } catch (error) {
        options.onError(key, error);
        continue;
      }
      if (!status) continue;
      const statusEtag = status.input.etag?.replace(/"/g, '');
      if (entry.etag !== undefined && statusEtag && statusEtag !== entry.etag) continue;
      if (status.jobId !== entry.jobId) {
        entry.jobId = status.jobId;
        entry.reported.clear();
      }
      const report = async (step: ProgressStep['step']) => {
        if (entry.reported.has(step)) return;
        entry.reported.add(step);
        await options.onStep({ step, key, status });
      };
      if (status.state === 'claimed') await report('claimed');
      if (status.engine !== null) await report('submitted');
      if (status.state === 'submitted') await report('recognising');
      if (isFinal(status.state)) {
        await report('finished');
        followed.delete(key);
      }
    }
  }

  const timer = setInterval(() => {
    if (polling || followed.size === 0) return;
    polling = true;
    void pollOnce().finally(() => {
      polling = false;
    });
  }, options.intervalMs ?? 500);

  return {
    follow(key, etag) {
      followed.set(key, { etag, jobId: null, reported: new Set() });
    },
    close() {
      clearInterval(timer);
    },
  };
}
