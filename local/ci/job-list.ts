/**
 * DescribeSpeechJobs (`GET /asr_jobs?queueId=..`) and DescribeMediaJobs (`GET /jobs?tag=..`) over the
 * service's jobs: filters by queue, states and creation time, orders by creation time, pages with an
 * opaque NextToken ('' on the last page). Parameters as in docs/tencent-wire.md §6.1; queueId is required by
 * the legacy API, tag by the current one.
 */
import { CiError } from './ci-error.js';
import { parseCiTime } from './ci-time.js';
import { jobDetailTree } from './job-xml.js';
import type { JobState, SpeechJob } from './speech-job.js';
import { toXml } from './xml.js';

const LIST_STATES: readonly JobState[] = ['Submitted', 'Running', 'Success', 'Failed', 'Cancel'];

/** One page of jobs as `<Response><JobsDetail/>...<NextToken/></Response>`; query names lower-cased. */
export function listJobsXml(
  jobs: Iterable<SpeechJob>,
  api: 'asr_jobs' | 'jobs',
  bucket: string,
  query: ReadonlyMap<string, string>,
): string {
  const tag = query.get('tag');
  if (api === 'jobs' && tag === undefined)
    throw new CiError(400, 'InvalidArgument', 'The tag parameter is required.');
  if (tag !== undefined && tag !== 'SpeechRecognition') {
    throw new CiError(400, 'InvalidArgument', `tag '${tag}' is not supported; use SpeechRecognition.`);
  }
  const queueId = query.get('queueid');
  if (api === 'asr_jobs' && queueId === undefined) {
    throw new CiError(400, 'InvalidArgument', 'The queueId parameter is required.');
  }
  const states = parseStates(query.get('states'));
  const order = query.get('orderbytime') ?? 'Desc';
  if (order !== 'Desc' && order !== 'Asc')
    throw new CiError(400, 'InvalidArgument', 'orderByTime must be Desc or Asc.');
  const size = parseSize(query.get('size'));
  const from = parseTimeParam(query.get('startcreationtime'), 'startCreationTime');
  const to = parseTimeParam(query.get('endcreationtime'), 'endCreationTime');
  const offset = parseToken(query.get('nexttoken'));

  const matching = [...jobs]
    .filter(
      (job) =>
        job.bucket === bucket &&
        (queueId === undefined || queueId === '' || job.queueId === queueId) &&
        states.includes(job.state) &&
        (from === undefined || job.createdAt >= from) &&
        (to === undefined || job.createdAt <= to),
    )
    .sort((a, b) => (order === 'Asc' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
  const page = matching.slice(offset, offset + size);
  const next = offset + size < matching.length ? String(offset + size) : '';
  return toXml({ Response: { JobsDetail: page.map((job) => jobDetailTree(job)), NextToken: next } });
}

function parseStates(value: string | undefined): readonly JobState[] {
  if (value === undefined || value === '' || value === 'All') return LIST_STATES;
  const states = value.split(',');
  for (const state of states) {
    if (!LIST_STATES.includes(state as JobState) && state !== 'Pause') {
      throw new CiError(
        400,
        'InvalidArgument',
        `states '${state}' is not one of All, Submitted, Running, Success, Failed, Pause, Cancel.`,
      );
    }
  }
  return states as JobState[];
}

function parseSize(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > 100) {
    throw new CiError(400, 'InvalidArgument', `size must be an integer from 1 to 100, got '${value}'.`);
  }
  return size;
}

function parseTimeParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = parseCiTime(value);
  if (ms === undefined)
    throw new CiError(400, 'InvalidArgument', `${name} must look like 2021-08-05T15:43:50+0800.`);
  return ms;
}

function parseToken(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value))
    throw new CiError(400, 'InvalidArgument', 'nextToken is not a token this service issued.');
  return Number(value);
}
