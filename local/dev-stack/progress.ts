/**
 * Follows every input through the pipeline by the status objects in the job ledger (lib/jobs), the
 * records `cos-transcribe status` reads, and reports each step once:
 * claimed (job id) → submitted (engine, task id) → recognising → done (outputs, timings) or
 * failed/skipped (code and message), with a sign of life every 15 s while a job is unfinished.
 *
 * It watches the ledger's status folder, not only the files it was told about: an upload by
 * `cos-transcribe transcribe`, a `replay --resubmit` or any other client of the local cloud shows up
 * as well as the inbox's. Synchronous engines finish inside the upload function, so a job can be
 * seen for the first time already done; its submitted and recognising steps are still reported from
 * the record, in order.
 */
import { type InputStatus, inputStatusSchema } from '../../lib/jobs/input-status.js';
import type { JobLedger } from '../../lib/jobs/job-ledger.js';
import { isFinal } from '../../lib/jobs/job-state.js';
import type { ObjectStorage } from '../../lib/tencent/object-storage.js';

/** A step worth a console line. */
export type ProgressStep =
  | { readonly step: 'claimed'; readonly key: string; readonly status: InputStatus }
  | { readonly step: 'submitted'; readonly key: string; readonly status: InputStatus }
  | { readonly step: 'recognising'; readonly key: string; readonly status: InputStatus }
  /** Still claimed or recognising, `sinceMs` after the job was first seen unfinished. */
  | {
      readonly step: 'still-working';
      readonly key: string;
      readonly status: InputStatus;
      readonly sinceMs: number;
    }
  | { readonly step: 'finished'; readonly key: string; readonly status: InputStatus };

/** Options of {@link followProgress}. */
export interface ProgressOptions {
  readonly ledger: Pick<JobLedger, 'readStatus'>;
  readonly storage: Pick<ObjectStorage, 'list' | 'get'>;
  /** Where the status objects are: the ledger bucket and `<LEDGER_PREFIX>status/`. */
  readonly statusFolder: { readonly bucket: string; readonly prefix: string };
  readonly inputBucket: string;
  readonly onStep: (step: ProgressStep) => void | Promise<void>;
  readonly onError: (key: string, error: unknown) => void;
  readonly intervalMs?: number;
  /** How often an unfinished job says it is still going (default 15 s). */
  readonly lifeSignMs?: number;
  readonly now?: () => number;
}

/** A running follower. */
export interface Progress {
  /**
   * Expects this upload of a key: with the uploaded ETag, an older status of the same key (from a
   * previous upload with other bytes) is not mistaken for this upload's.
   */
  follow(key: string, etag?: string): void;
  close(): void;
}

interface Followed {
  etag: string | undefined;
  /** The job followed, or for an input refused before any job, when it was refused. */
  identity: string | undefined;
  reported: Set<ProgressStep['step']>;
  workingSince: number | undefined;
  lastLifeSign: number;
  final: boolean;
}

/** Starts polling the status folder and the statuses of unfinished inputs. */
export function followProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const lifeSignMs = options.lifeSignMs ?? 15_000;
  const followed = new Map<string, Followed>();
  /** status object key -> ETag last read. */
  const seenStatusObjects = new Map<string, string>();
  let polling = false;
  let primed = false;

  const entryOf = (key: string): Followed => {
    let entry = followed.get(key);
    if (!entry) {
      entry = {
        etag: undefined,
        identity: undefined,
        reported: new Set(),
        workingSince: undefined,
        lastLifeSign: 0,
        final: false,
      };
      followed.set(key, entry);
    }
    return entry;
  };

  /**
   * Reports what `status` shows. `written` is true for a status object just written: that is news
   * whatever upload it is of (another client may have uploaded other bytes since), while a status
   * read through the ledger for an expected upload is skipped when it is still an older upload's.
   */
  async function take(key: string, status: InputStatus, written: boolean): Promise<void> {
    const entry = entryOf(key);
    const statusEtag = status.input.etag?.replace(/"/g, '') || undefined;
    if (written) entry.etag = statusEtag;
    else if (entry.etag !== undefined && statusEtag && statusEtag !== entry.etag) return;
    const identity = status.jobId ?? `refused at ${status.timings.startedAt}`;
    if (identity !== entry.identity) {
      entry.identity = identity;
      entry.reported.clear();
      entry.workingSince = undefined;
      entry.final = false;
    }
    const report = async (step: 'claimed' | 'submitted' | 'recognising' | 'finished') => {
      if (entry.reported.has(step)) return;
      entry.reported.add(step);
      await options.onStep({ step, key, status });
    };
    if (status.jobId !== null) await report('claimed');
    if (status.engine !== null) {
      await report('submitted');
      await report('recognising');
    }
    if (isFinal(status.state)) {
      await report('finished');
      entry.final = true;
      return;
    }
    // A long silence reads as a hang: while a job is claimed (a short clip is recognised inside the
    // upload function) or submitted, say every lifeSignMs that it is still going.
    entry.workingSince ??= now();
    const since = entry.workingSince;
    if (now() - Math.max(since, entry.lastLifeSign) >= lifeSignMs) {
      entry.lastLifeSign = now();
      await options.onStep({ step: 'still-working', key, status, sinceMs: now() - since });
    }
  }

  async function pollOnce(): Promise<void> {
    const taken = new Set<string>();
    const { bucket, prefix } = options.statusFolder;
    const listed = await options.storage.list(bucket, prefix);
    if (!primed) {
      // What was there before the start is history, not news: only changes from now on are shown.
      for (const object of listed) seenStatusObjects.set(object.key, object.etag);
      primed = true;
    }
    for (const object of listed) {
      if (seenStatusObjects.get(object.key) === object.etag) continue;
      seenStatusObjects.set(object.key, object.etag);
      const stored = await options.storage.get({ bucket, key: object.key });
      if (!stored) continue;
      let status: InputStatus;
      try {
        status = inputStatusSchema.parse(JSON.parse(stored.body.toString('utf8')));
      } catch (error) {
        options.onError(object.key, error);
        continue;
      }
      if (status.input.bucket !== options.inputBucket) continue;
      taken.add(status.input.key);
      await take(status.input.key, status, true);
    }
    // The ledger runs ahead of a status object now and then (a crash between the two writes): an
    // unfinished input is read through the ledger too, which brings it up to date.
    for (const [key, entry] of followed) {
      if (entry.final || taken.has(key)) continue;
      let status: InputStatus | undefined;
      try {
        status = await options.ledger.readStatus(options.inputBucket, key);
      } catch (error) {
        options.onError(key, error);
        continue;
      }
      if (status) await take(key, status, false);
    }
  }

  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    void pollOnce()
      .catch((error: unknown) => options.onError(options.statusFolder.prefix, error))
      .finally(() => {
        polling = false;
      });
  }, options.intervalMs ?? 500);

  return {
    follow(key, etag) {
      const entry = entryOf(key);
      entry.etag = etag;
      // A new upload of a finished key is a new job: let its steps be reported again.
      entry.final = false;
    },
    close() {
      clearInterval(timer);
    },
  };
}
