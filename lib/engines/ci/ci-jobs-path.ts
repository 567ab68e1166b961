/**
 * Which of CI's two speech-job APIs a deployment calls (the CI_JOBS_PATH setting). Tencent documents
 * both: `POST /asr_jobs` (CreateSpeechJobs, doc 1045/49546, QueueId required) and the current
 * `POST /jobs` with `Tag: SpeechRecognition` (docs 1045/73385, 436/74997, QueueId optional), with
 * bodies and answers of the same shape (docs/tencent-wire.md §6.1). The default is `/asr_jobs`, the
 * API this project was built against; `/jobs` is what current pages show.
 * Jobs are queried on the configured path. Changing the setting while jobs are in flight assumes CI
 * describes a job on either path, whichever created it: the emulator does, Tencent does not say.
 */
import type { CiClient, CiJobResult } from './ci-client.js';
import type { SubmitSpeechJobRequest } from './ci-request.js';

/** The paths CI submits speech jobs on. */
export const ciJobsPaths = ['/asr_jobs', '/jobs'] as const;

/** One of {@link ciJobsPaths}. */
export type CiJobsPath = (typeof ciJobsPaths)[number];

/** The path used when CI_JOBS_PATH is unset. */
export const defaultCiJobsPath: CiJobsPath = '/asr_jobs';

/** Reads a CI_JOBS_PATH value; the problem sentence names the accepted values. */
export function parseCiJobsPath(
  text: string,
): { readonly ok: true; readonly value: CiJobsPath } | { readonly ok: false; readonly problem: string } {
  const value = text.trim();
  const known = ciJobsPaths.find((path) => path === value);
  return known
    ? { ok: true, value: known }
    : {
        ok: false,
        problem: `"${value}" is not a CI speech-job path; use /asr_jobs (CreateSpeechJobs, the default) or /jobs (the current CI documents)`,
      };
}

/** Whether submitting on `path` needs a QueueId (only the older `/asr_jobs` does). */
export function needsQueue(path: CiJobsPath): boolean {
  return path === '/asr_jobs';
}

/**
 * Submits on `path`. `/asr_jobs` requires `request.QueueId` (the client refuses the call without
 * one, as a rejection); `/jobs` sends it only when given.
 */
export async function submitSpeechJob(
  ci: CiClient,
  path: CiJobsPath,
  request: SubmitSpeechJobRequest,
): Promise<CiJobResult> {
  if (path === '/jobs') return ci.submitJob(request);
  return ci.submitAsrJob({ ...request, QueueId: request.QueueId ?? '' });
}

/** Describes a job on `path`; undefined when CI no longer knows it. */
export function describeSpeechJob(
  ci: CiClient,
  path: CiJobsPath,
  jobId: string,
): Promise<CiJobResult | undefined> {
  return path === '/jobs' ? ci.describeJob(jobId) : ci.describeAsrJob(jobId);
}
