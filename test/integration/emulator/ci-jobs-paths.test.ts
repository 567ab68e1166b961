/**
 * CI's two speech-job APIs (docs/tencent-wire.md §6.1): the project's CI client, through the path
 * setting the pipeline uses (lib/engines/ci/ci-jobs-path.ts), submits the same LibriVox clip on
 * `POST /asr_jobs` and `POST /jobs` of the emulator over HTTP, and reads each job back on its path.
 * The emulator must answer both the same way: same JobsDetail shape and parameters, same result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiClient, type CiJobResult, createCiClient } from '../../../lib/engines/ci/ci-client.js';
import {
  type CiJobsPath,
  ciJobsPaths,
  describeSpeechJob,
  submitSpeechJob,
} from '../../../lib/engines/ci/ci-jobs-path.js';
import type { SubmitSpeechJobRequest } from '../../../lib/engines/ci/ci-request.js';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { BUCKET, type CiKit, OUTPUT_BUCKET, QUEUE_ID, REGION, startCiKit } from './ci-test-kit.js';
import { librivoxClip } from './recognizer-librivox.js';

let kit: CiKit;
let ci: CiClient;

beforeAll(async () => {
  kit = await startCiKit();
  ci = createCiClient({
    bucket: BUCKET,
    region: REGION,
    credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    endpoint: { ip: `127.0.0.1:${kit.emulator.port}` },
  });
  await kit.cos.putObject({
    Bucket: BUCKET,
    Region: REGION,
    Key: 'speech/0880.wav',
    Body: librivoxClip('0880').wav,
  });
});
afterAll(() => kit.close());

const request = (path: CiJobsPath, queueId?: string): SubmitSpeechJobRequest => ({
  ...(queueId === undefined ? {} : { QueueId: queueId }),
  Input: { Object: 'speech/0880.wav' },
  SpeechRecognition: { EngineModelType: '16k_en', ChannelNum: 1, ResTextFormat: 2, FilterDirty: 0 },
  Output: { Region: REGION, Bucket: OUTPUT_BUCKET, Object: `out${path}.txt` },
  UserData: 'job-paths',
});

async function finished(path: CiJobsPath, jobId: string): Promise<CiJobResult> {
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const answer = await describeSpeechJob(ci, path, jobId);
    if (!answer) throw new Error(`${path}: job ${jobId} is unknown`);
    if (answer.job.State !== 'Submitted' && answer.job.State !== 'Running') return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path}: job ${jobId} did not finish in 90 s`);
}

/** The answer without what differs between any two jobs: ids, times, the output object we named. */
function comparable(xml: string): string {
  return xml
    .replace(/<JobId>[^<]*<\/JobId>/g, '<JobId/>')
    .replace(/<(CreationTime|StartTime|EndTime)>[^<]*<\/\1>/g, '<$1/>')
    .replace(/out\/(asr_)?jobs\.txt/g, 'out/x.txt');
}

describe('CI speech jobs on either path', () => {
  it('are submitted, described and recognised the same on /asr_jobs and /jobs', async () => {
    // Act
    const submitted = await Promise.all(
      ciJobsPaths.map((path) => submitSpeechJob(ci, path, request(path, QUEUE_ID))),
    );
    const done = await Promise.all(
      ciJobsPaths.map((path, i) => finished(path, submitted[i]?.job.JobId ?? '')),
    );

    // Assess
    const [onAsrJobs, onJobs] = submitted;
    expect(onAsrJobs?.job.State).toBe('Submitted');
    expect(comparable(onJobs?.xml ?? '')).toBe(comparable(onAsrJobs?.xml ?? ''));
    const [doneAsrJobs, doneJobs] = done;
    expect(doneAsrJobs?.job.State).toBe('Success');
    expect(doneAsrJobs?.xml).toContain('<Result>');
    expect(comparable(doneJobs?.xml ?? '')).toBe(comparable(doneAsrJobs?.xml ?? ''));
  }, 120_000);

  it('needs a queue on /asr_jobs only', async () => {
    // Act
    const onAsrJobs = await submitSpeechJob(ci, '/asr_jobs', request('/asr_jobs')).catch((error) => error);
    const onJobs = await submitSpeechJob(ci, '/jobs', request('/jobs'));

    // Assess
    expect(onAsrJobs).toBeInstanceOf(RangeError);
    expect(String(onAsrJobs)).toContain('POST /asr_jobs needs a QueueId (GET /asrqueue lists them)');
    expect(onJobs.job.State).toBe('Submitted');
    expect(onJobs.job.QueueId).toBe(QUEUE_ID);
  });
});
