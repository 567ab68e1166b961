/**
 * Writing a job's outputs under the input's public names (output-naming.ts) so that they always end
 * as the outputs of the input's current upload (issue 12 item 1: a late result of an older upload
 * overwrote the newer upload's outputs).
 *
 * COS has no compare-and-swap, so "check that my upload is current, then write" leaves a window: the
 * input can be replaced between the check and the write, the newer job can publish inside it, and
 * the older write then lands last. Nothing an older job does can stop the newer upload, so the
 * newer outputs must be able to land again after any older write. The order that guarantees it:
 *
 *   1. check: the input still holds this job's upload; if not, write nothing (the usual case);
 *   2. save the whole output set in the ledger under the upload's version (`outputSetKey`);
 *   3. write the public outputs;
 *   4. check again. Every public write is followed by such a check by the same writer: if the input
 *      now holds another upload whose output set is saved, write that set and check again, until
 *      a check finds the upload whose set was written last, or one whose set is not saved yet.
 *
 * Why no older write can outlive the newer set: take any write W of an older set and the newer
 * upload N. W completes before its writer's next check. If N's set was saved before that check, the
 * writer writes N's set after W. If not, N's job saves its set after the check, hence after W, and
 * its own writes come later still. Either way the last write to every name N produces is N's. A
 * third, newer upload repeats the argument with N as the older one. Names only an older job
 * produces (a format the newer upload did not ask for) are not rewritten: those can only appear
 * inside the window, and stay an older rendering of the same key, marked with the older job id.
 */
import { z } from 'zod';
import type { FailureCode } from '../jobs/failure-codes.js';
import type { JobView } from '../jobs/job-view.js';
import { outputSetKey } from '../jobs/ledger-keys.js';
import { onFirstUse } from '../lazy/on-first-use.js';
import { TencentApiError } from '../tencent/errors.js';
import { currentUpload, isUploadOf } from './input-version.js';
import { outputMarkerKey } from './output-naming.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** One output object. */
export interface OutputFile {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

/**
 * How publishing ended: written; the input holds another upload (named by its ETag); or COS refused
 * one of this job's outputs for good (a key it will not store), which no retry changes.
 */
export type PublishOutcome =
  | { readonly outcome: 'published' }
  | { readonly outcome: 'superseded'; readonly currentEtag: string }
  | { readonly outcome: 'refused'; readonly key: string; readonly message: string };

/**
 * A saved output set, parsed when read back: the ledger bucket is writable by people. Built on first
 * use (lib/lazy/on-first-use.ts): only a republish reads one back.
 */
const outputSetSchema = onFirstUse(() =>
  z.object({
    jobId: z.string(),
    files: z.array(z.object({ key: z.string(), body: z.string(), contentType: z.string() })),
  }),
);
type OutputSet = z.infer<ReturnType<typeof outputSetSchema>>;

type Deps = Pick<PipelineDeps, 'storage' | 'config'>;

/** Publishes `files` as the outputs of `view`'s upload, by the four steps above. */
export async function publishOutputs(
  deps: Deps,
  view: JobView,
  files: readonly OutputFile[],
): Promise<PublishOutcome> {
  const { input } = view;
  const current = await currentUpload(deps.storage, input);
  if (current && !isUploadOf(input, current)) {
    // An earlier attempt of this job (a callback answered 5xx, then delivered again) may have
    // written before it failed: only then is there anything to put right.
    if (!(await wroteAny(deps, view.jobId, files))) {
      return { outcome: 'superseded', currentEtag: current.etag };
    }
    return settle(deps, view, undefined);
  }
  // Claims from before upload versions have no set key: nobody can look their set up, so none is kept.
  if (input.version !== undefined) {
    const set: OutputSet = { jobId: view.jobId, files: [...files] };
    await deps.storage.put(
      { bucket: deps.config.ledger.bucket, key: setKey(deps, view, input.version) },
      { body: JSON.stringify(set), contentType: 'application/json; charset=utf-8' },
    );
  }
  const refused = await writeFiles(deps, view.jobId, files);
  if (refused) return refused;
  return settle(deps, view, input.version ?? ownSet);
}

/** Code of the skip reason of a job whose upload was replaced before its outputs were written. */
export const supersededCode = 'Superseded' satisfies FailureCode;

/** True for a job that ended without outputs because a newer upload replaced its input. */
export function isSupersededJob(view: JobView): boolean {
  return view.state === 'skipped' && view.error?.code === supersededCode;
}

/**
 * Puts a finished job's outputs back when its upload is the input's again: the same bytes and
 * settings uploaded once more after another upload replaced the outputs. That upload is the same
 * job, already done, so its event stops as a duplicate and nothing else would write them. Writes
 * nothing while every output still names the job (the usual duplicate delivery). True when it wrote.
 */
export async function republish(deps: Deps, view: JobView): Promise<boolean> {
  if (view.input.version === undefined || view.outputs.length === 0) return false;
  const heads = await Promise.all(
    view.outputs.map((key) => deps.storage.head({ bucket: deps.config.output.bucket, key })),
  );
  if (heads.every((head) => head?.metadata[outputMarkerKey] === view.jobId)) return false;
  return (await settle(deps, view, undefined)).outcome === 'published';
}

/**
 * Step 4: checks after a write, writing the current upload's saved set until a check finds the set
 * written last still current, or a set not saved yet (whose own job writes after this check).
 * `last` is the upload version of the set written last (`ownSet` for a claim without a version).
 */
async function settle(deps: Deps, view: JobView, last: string | undefined): Promise<PublishOutcome> {
  let written = last;
  for (;;) {
    const current = await currentUpload(deps.storage, view.input);
    // Deleted meanwhile: nothing newer exists, what was written stands.
    if (!current) return { outcome: 'published' };
    const mine = isUploadOf(view.input, current);
    const outcome: PublishOutcome = mine
      ? { outcome: 'published' }
      : { outcome: 'superseded', currentEtag: current.etag };
    if (written === current.version || (mine && written === ownSet)) return outcome;
    const set = await readSet(deps, view, current.version);
    if (!set) return outcome;
    // A refusal here was that set's own job's to report (it fails on it first).
    await writeFiles(deps, set.jobId, set.files);
    written = current.version;
  }
}

/** Stands for "this job's own set" where the claim has no upload version (never equal to a version). */
const ownSet = 'own';

function setKey(deps: Deps, view: JobView, version: string): string {
  return outputSetKey(deps.config.ledger.prefix, view.input.bucket, view.input.key, version);
}

async function readSet(deps: Deps, view: JobView, version: string): Promise<OutputSet | undefined> {
  const stored = await deps.storage.get({
    bucket: deps.config.ledger.bucket,
    key: setKey(deps, view, version),
  });
  if (!stored) return undefined;
  try {
    return outputSetSchema().parse(JSON.parse(stored.body.toString('utf8')));
  } catch {
    // Edited by hand: that upload's own job (or its next callback) still writes its outputs.
    return undefined;
  }
}

/** True when any of `files` carries this job's marker (an earlier attempt wrote it). */
async function wroteAny(deps: Deps, jobId: string, files: readonly OutputFile[]): Promise<boolean> {
  const heads = await Promise.all(
    files.map((file) => deps.storage.head({ bucket: deps.config.output.bucket, key: file.key })),
  );
  return heads.some((head) => head?.metadata[outputMarkerKey] === jobId);
}

/** Writes `files` marked as `jobId`'s; the first refusal no retry changes is returned, not thrown. */
async function writeFiles(
  deps: Deps,
  jobId: string,
  files: readonly OutputFile[],
): Promise<Extract<PublishOutcome, { outcome: 'refused' }> | undefined> {
  const refusals = await Promise.all(
    files.map(async (file) => {
      try {
        await deps.storage.put(
          { bucket: deps.config.output.bucket, key: file.key },
          { body: file.body, contentType: file.contentType, metadata: { [outputMarkerKey]: jobId } },
        );
        return undefined;
      } catch (error) {
        if (!isPermanentRefusal(error)) throw error;
        return { outcome: 'refused' as const, key: file.key, message: error.message };
      }
    }),
  );
  return refusals.find((r) => r !== undefined);
}

/** A COS answer no retry changes; 401/403 are left to retry: a role's permissions get fixed. */
function isPermanentRefusal(error: unknown): error is TencentApiError {
  return (
    error instanceof TencentApiError &&
    !error.retryable &&
    error.httpStatus !== undefined &&
    error.httpStatus !== 401 &&
    error.httpStatus !== 403
  );
}
