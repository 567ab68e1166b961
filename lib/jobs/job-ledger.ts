/**
 * The job ledger: append-only records in COS, each created with create-if-absent
 * (`x-cos-forbid-overwrite: true` under the ObjectStorage port's `ifAbsent`). The ledger decides
 * races by construction, never by read-then-write:
 * - two upload events for one job (duplicate delivery, SCF retry) both try to create `00-claimed`:
 *   one gets 'created' and proceeds, the other 'exists' and stops;
 * - the upload handler and the reconciler both try `01-submitted`: one submission is recorded, the
 *   loser learns its engine task is not the job's (the callback then rejects that task id);
 * - a callback ("done") and the reconciler ("failed", hard limit) both try `02-final`: one outcome.
 * The success path of every write is one PUT; reads happen only to report who won.
 */

import { ConfigError } from '../config/config-error.js';
import type { Place } from '../config/pipeline-config.js';
import { createRedactor } from '../log/redact.js';
import type { ObjectStorage } from '../tencent/object-storage.js';
import {
  etagOfStatusBody,
  type InputStatus,
  inputStatusSchema,
  statusOfJob,
  supersedes,
} from './input-status.js';
import { type JobRecord, jobRecordSchema, laterRecordSchema, type RecordDetails } from './job-records.js';
import { storedJobSettings } from './job-settings.js';
import { isFinal, type JobState, slotOf } from './job-state.js';
import { foldJob, type JobView, withRecord } from './job-view.js';
import { jobFolder, jobsFolder, parseRecordKey, recordKey, statusKey } from './ledger-keys.js';
import { type JobFilter, type JobPhase, type JobSummary, summariseJobs } from './ledger-listing.js';
import { LedgerRecordError, parseLedgerObject } from './ledger-record-error.js';
import type { ClaimOutcome, ClaimRequest, RecordOptions, RecordOutcome } from './ledger-requests.js';
import { versionedBucketError } from './versioned-bucket-error.js';

/** The job ledger over an ObjectStorage (COS in production, the emulator or a fake in tests). */
export class JobLedger {
  readonly #storage: ObjectStorage;
  readonly #place: Place;
  readonly #now: () => number;
  readonly #redact: (text: string) => string;
  #createIfAbsentHolds: Promise<void> | undefined;

  /**
   * `redact` scrubs the free text records and statuses store (error messages quote engine answers,
   * which may quote presigned URLs); the default knows the shapes of secrets, the functions pass
   * their logger's, which also knows the secret values in use.
   */
  constructor(options: {
    storage: ObjectStorage;
    place: Place;
    now?: () => number;
    redact?: (text: string) => string;
  }) {
    this.#storage = options.storage;
    this.#place = options.place;
    this.#now = options.now ?? Date.now;
    this.#redact = options.redact ?? redactShapes;
  }

  /**
   * Claims the job: 'claimed', with the job as its claim makes it, for the one caller that creates
   * the claim; 'already-claimed' for every other.
   */
  async claim(jobId: string, request: ClaimRequest): Promise<ClaimOutcome> {
    const record: JobRecord = {
      version: 1,
      jobId,
      at: this.#now(),
      by: request.by,
      state: 'claimed',
      input: request.input,
      profile: storedJobSettings(request.profile),
      ...(request.engine === undefined ? {} : { engine: request.engine }),
      ...(request.note === undefined ? {} : { note: request.note }),
    };
    const result = await this.#put(jobId, 'claimed', record);
    const view = foldJob([record]);
    return result === 'created' && view ? { outcome: 'claimed', view } : { outcome: 'already-claimed' };
  }

  /**
   * Records `submitted`, `done`, `failed` or `skipped` on the job `view` the caller holds, and writes
   * the input's status: 'recorded' with the job as the record makes it. One PUT for the record when it
   * wins, then the status; when the slot is taken it reads the job, returns who won and writes no
   * status. The caller must hold the claim (or be the reconciler acting for a stale one): the ledger
   * does not re-check transitions on the hot path, and `foldJob` resolves by slot, so a stray record
   * can never move a final job.
   */
  async record<S extends keyof RecordDetails>(
    view: JobView,
    state: S,
    details: RecordDetails[S],
    by: string,
    options: RecordOptions = {},
  ): Promise<RecordOutcome> {
    const { jobId } = view;
    const record = laterRecordSchema.parse({
      ...this.#scrubbed(details),
      version: 1,
      jobId,
      at: this.#now(),
      by,
      state,
    });
    const result = await this.#put(jobId, state, record);
    if (result === 'exists') return { outcome: 'lost', current: await this.read(jobId) };
    const recorded = withRecord(view, record);
    // A job's `submitted` status is usually the input's first (see #writeStatus), unless its claim showed one.
    const first = record.state === 'submitted' && options.claimStatusWritten !== true;
    await this.#writeStatus(statusOfJob(recorded), { first });
    return { outcome: 'recorded', view: recorded };
  }

  /** The job folded from its records; undefined when it was never claimed. */
  async read(jobId: string): Promise<JobView | undefined> {
    const listed = await this.#storage.list(this.#place.bucket, jobFolder(this.#place.prefix, jobId));
    const keys = listed
      .map((o) => o.key)
      .filter((key) => parseRecordKey(this.#place.prefix, key)?.jobId === jobId);
    const records = await Promise.all(keys.map((key) => this.#readRecord(key)));
    return foldJob(records.filter((r): r is JobRecord => r !== undefined));
  }

  /**
   * Jobs by phase and age, from one listing (no reads): the reconciler's view. `updatedBefore`
   * keeps jobs whose newest record is older than that time (ms).
   */
  async list(filter: JobFilter = {}): Promise<JobSummary[]> {
    const listed = await this.#storage.list(this.#place.bucket, jobsFolder(this.#place.prefix));
    return summariseJobs(this.#place.prefix, listed, filter);
  }

  /**
   * Jobs in the given states and age, folded. Claimed and submitted jobs are found from the listing;
   * a final job's state (done, failed or skipped) is in its record, so those are read, a few at a time.
   */
  async listByState(states: readonly JobState[], updatedBefore?: number): Promise<JobView[]> {
    const phases = new Set<JobPhase>(states.map((state) => (isFinal(state) ? 'final' : state) as JobPhase));
    const found = await this.list({
      phases: [...phases],
      ...(updatedBefore === undefined ? {} : { updatedBefore }),
    });
    const views: JobView[] = [];
    // Bounded so a large ledger does not open hundreds of connections from one small function.
    for (let start = 0; start < found.length; start += 8) {
      const batch = await Promise.all(found.slice(start, start + 8).map((job) => this.read(job.jobId)));
      for (const view of batch) if (view && states.includes(view.state)) views.push(view);
    }
    return views;
  }

  /**
   * Writes the status object of an input, unless the one stored is newer: a later job for the same
   * key (re-upload), or a later state of the same job. COS has no compare-and-swap, so two racing
   * writers can still leave the older one for a moment; `readStatus` corrects it from the ledger.
   * `record` writes the statuses of the states it records; this is for the others: a claim shown
   * while its engine works, an input refused before its job, a job made current again.
   *
   * `current: true` writes unconditionally: the caller just found the job's upload to be the input's
   * current one again, after a later job of the key (lib/pipeline/publish-outputs.ts `republish`).
   */
  writeStatus(
    status: InputStatus,
    options: { readonly current?: boolean } = {},
  ): Promise<'written' | 'kept-newer'> {
    return this.#writeStatus(status, {
      ...options,
      first: status.jobId !== null && status.state === 'claimed',
    });
  }

  /**
   * The status of an input, brought up to date from the ledger when it names an unfinished job
   * (the ledger is the truth; the status object may trail it after a lost race or a crash).
   */
  async readStatus(inputBucket: string, inputKey: string): Promise<InputStatus | undefined> {
    const stored = await this.#readStatusObject(statusKey(this.#place.prefix, inputBucket, inputKey));
    if (!stored || stored.jobId === null || isFinal(stored.state)) return stored;
    const view = await this.read(stored.jobId);
    return view ? statusOfJob(view) : stored;
  }

  /**
   * The ETag the input's stored status was written for, as stored (the ledger is not read): what
   * the reconciler compares with the object's to find lost triggers. '' when there is no status.
   */
  async statusEtag(inputBucket: string, inputKey: string): Promise<string> {
    const key = statusKey(this.#place.prefix, inputBucket, inputKey);
    const object = await this.#storage.get({ bucket: this.#place.bucket, key });
    return object ? etagOfStatusBody(object.body) : '';
  }

  /**
   * A job's first status (claimed, or submitted when no claimed status was shown) is usually the
   * input's first status at all, so it is tried as create-if-absent: 'created' means nothing was
   * stored, where the read-then-compare would also have written, and unlike that read it cannot
   * overwrite a status another writer just stored. Only when something exists (a re-upload, a retry)
   * does the write read and compare. Later statuses follow an earlier one of their job, so they go
   * straight to the read.
   */
  async #writeStatus(
    status: InputStatus,
    options: { readonly current?: boolean | undefined; readonly first: boolean },
  ): Promise<'written' | 'kept-newer'> {
    const location = {
      bucket: this.#place.bucket,
      key: statusKey(this.#place.prefix, status.input.bucket, status.input.key),
    };
    const body = {
      body: `${JSON.stringify(this.#scrubbed(status), null, 2)}\n`,
      contentType: 'application/json; charset=utf-8',
    };
    if (options.first && (await this.#storage.put(location, { ...body, ifAbsent: true })) === 'created') {
      return 'written';
    }
    const existing = options.current ? undefined : await this.#readStatusObject(location.key);
    if (existing && supersedes(existing, status)) return 'kept-newer';
    await this.#storage.put(location, body);
    return 'written';
  }

  /** `value` with its error message redacted; nothing else (keys and ids must stay exact). */
  #scrubbed<T extends object>(value: T): T {
    const error = (value as { error?: { code: string; message: string } | null }).error;
    return error ? { ...value, error: { ...error, message: this.#redact(error.message) } } : value;
  }

  /**
   * A versioned bucket voids create-if-absent (versioned-bucket-error.ts), so the bucket is asked once
   * per ledger (once per container) before the first record is written, and a versioned one is
   * refused with the fix. A failed look is not remembered: the next write asks again.
   */
  async #ensureCreateIfAbsentHolds(): Promise<void> {
    const bucket = this.#place.bucket;
    this.#createIfAbsentHolds ??= this.#storage.versioning(bucket).then((status) => {
      if (status !== undefined) throw versionedBucketError(bucket, status);
    });
    try {
      await this.#createIfAbsentHolds;
    } catch (error) {
      if (!(error instanceof ConfigError)) this.#createIfAbsentHolds = undefined;
      throw error;
    }
  }

  async #put(jobId: string, state: JobState, record: JobRecord): Promise<'created' | 'exists'> {
    await this.#ensureCreateIfAbsentHolds();
    return this.#storage.put(
      { bucket: this.#place.bucket, key: recordKey(this.#place.prefix, jobId, state) },
      { body: `${JSON.stringify(record)}\n`, contentType: 'application/json; charset=utf-8', ifAbsent: true },
    );
  }

  async #readRecord(key: string): Promise<JobRecord | undefined> {
    const object = await this.#storage.get({ bucket: this.#place.bucket, key });
    if (!object) return undefined;
    const record = parseLedgerObject(key, object.body, jobRecordSchema);
    const expected = parseRecordKey(this.#place.prefix, key);
    if (expected && slotOf(record.state) !== expected.slot) {
      throw new LedgerRecordError(key, `holds a "${record.state}" record in the wrong slot`);
    }
    return record;
  }

  async #readStatusObject(key: string): Promise<InputStatus | undefined> {
    const object = await this.#storage.get({ bucket: this.#place.bucket, key });
    return object ? parseLedgerObject(key, object.body, inputStatusSchema) : undefined;
  }
}

const shapesOnly = createRedactor();
const redactShapes = (text: string): string => String(shapesOnly(text));
