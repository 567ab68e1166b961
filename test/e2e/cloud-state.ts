/**
 * A snapshot of what the pipeline has written — output objects, input status objects and job
 * records — read directly from the emulator's store (no HTTP, so no injected fault), for before/after
 * comparisons and for counting jobs and outputs per input.
 */
import { createHash } from 'node:crypto';
import { type InputStatus, inputStatusSchema } from '../../lib/jobs/input-status.js';
import { claimedRecordSchema } from '../../lib/jobs/job-records.js';
import { jobsFolder, parseRecordKey, statusFolder } from '../../lib/jobs/ledger-keys.js';
import type { ObjectStore } from '../../local/context.js';

/** One object: key and a hash of its bytes (so a rewrite with other content shows). */
export interface ObjectFingerprint {
  readonly key: string;
  readonly etag: string;
}

/** What the pipeline has written. */
export interface CloudState {
  /** Everything in the output bucket (outputs and ledger), sorted by key. */
  readonly objects: readonly ObjectFingerprint[];
  /** Output object keys (under the output prefix). */
  readonly outputs: readonly string[];
  /** Status objects by input key. */
  readonly statuses: ReadonlyMap<string, InputStatus>;
  /** Job ids by input key, from the claim records. */
  readonly jobsByInput: ReadonlyMap<string, readonly string[]>;
  /** Job ids with their record slots (0 claimed, 1 submitted, 2 final). */
  readonly slotsByJob: ReadonlyMap<string, readonly number[]>;
}

/** Reads the snapshot. */
export async function readCloudState(
  store: ObjectStore,
  place: { bucket: string; outputPrefix: string; ledgerPrefix: string },
): Promise<CloudState> {
  const listed = await listAll(store, place.bucket, '');
  const objects = listed.map((o) => ({ key: o.key, etag: o.etag }));
  const outputs = listed.map((o) => o.key).filter((key) => key.startsWith(place.outputPrefix));

  const statuses = new Map<string, InputStatus>();
  const jobsByInput = new Map<string, string[]>();
  const slotsByJob = new Map<string, number[]>();
  const statusPrefix = statusFolder(place.ledgerPrefix);
  const jobsPrefix = jobsFolder(place.ledgerPrefix);
  await Promise.all(
    listed.map(async ({ key }) => {
      if (key.startsWith(statusPrefix)) {
        const status = inputStatusSchema.parse(await readJson(store, place.bucket, key));
        statuses.set(status.input.key, status);
      } else if (key.startsWith(jobsPrefix)) {
        const parsed = parseRecordKey(place.ledgerPrefix, key);
        if (!parsed) return;
        const slots = slotsByJob.get(parsed.jobId) ?? [];
        slots.push(parsed.slot);
        slotsByJob.set(parsed.jobId, slots);
        if (parsed.slot === 0) {
          const claim = claimedRecordSchema.parse(await readJson(store, place.bucket, key));
          const jobs = jobsByInput.get(claim.input.key) ?? [];
          jobs.push(claim.jobId);
          jobsByInput.set(claim.input.key, jobs);
        }
      }
    }),
  );
  for (const slots of slotsByJob.values()) slots.sort();
  return { objects, outputs, statuses, jobsByInput, slotsByJob };
}

/** Keys an input's complete output set holds: `<outputPrefix><rest>.<suffix>` for every suffix. */
export function expectedOutputs(
  inputKey: string,
  prefixes: { input: string; output: string },
  suffixes: readonly string[],
): string[] {
  const rest = inputKey.slice(prefixes.input.length);
  return suffixes.map((suffix) => `${prefixes.output}${rest}.${suffix}`).sort();
}

/** A short digest of a state's objects, for printing "before" and "after". */
export function digestOf(state: CloudState): string {
  const hash = createHash('sha256');
  for (const object of state.objects) hash.update(`${object.key}\0${object.etag}\n`);
  return hash.digest('hex').slice(0, 16);
}

async function listAll(store: ObjectStore, bucket: string, prefix: string) {
  const all: Array<{ key: string; etag: string }> = [];
  let marker: string | undefined;
  for (;;) {
    const page = await store.list(bucket, { prefix, maxKeys: 1000, ...(marker ? { marker } : {}) });
    all.push(...page.contents.map((c) => ({ key: c.key, etag: c.etag })));
    if (!page.isTruncated) return all;
    marker = page.nextMarker ?? page.contents.at(-1)?.key;
    if (marker === undefined) return all;
  }
}

async function readJson(store: ObjectStore, bucket: string, key: string): Promise<unknown> {
  const found = await store.get(bucket, key);
  if (!found) throw new Error(`${key} was listed but cannot be read`);
  return JSON.parse(found.body.toString('utf8'));
}
