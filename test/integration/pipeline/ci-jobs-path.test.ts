/**
 * CI_JOBS_PATH=/jobs end to end: an upload routed to CI is submitted on `POST /jobs` without a queue
 * (so no `GET /asrqueue` either), confirmed on `GET /jobs/<id>` when the callback comes, and ends done,
 * with the real handlers on the emulator and real LibriVox speech. The default path is proven by
 * engine-paths.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, INPUT_BUCKET, type PipelineKit, speech, startPipeline } from './pipeline-kit.js';

let kit: PipelineKit;
const requests: string[] = [];
beforeAll(async () => {
  kit = await startPipeline({
    env: { CI_JOBS_PATH: '/jobs' },
    log: (event, fields = {}) => {
      if (event === 'request' && fields.service === 'ci') requests.push(`${fields.method} ${fields.path}`);
    },
  });
});
afterAll(() => kit.stop());

describe('an upload through CI with CI_JOBS_PATH=/jobs', () => {
  it('is submitted and confirmed on /jobs only, and ends done', async () => {
    // Prepare
    const key = 'input/ci/jobs-path.wav';

    // Act
    await kit.upload(key, await speech('0880'), { 'x-cos-meta-asr-engine': 'ci' });
    const status = await eventually(async () => {
      const found = await kit.ledger.readStatus(INPUT_BUCKET, key);
      return found && ['done', 'failed', 'skipped'].includes(found.state) ? found : undefined;
    }, 90_000);

    // Assess
    expect(status).toMatchObject({ state: 'done', engine: 'ci', error: null });
    const jobId = status.taskId;
    expect(requests).toContain('POST /jobs');
    expect(requests).toContain(`GET /jobs/${jobId}`);
    expect(requests.filter((request) => /asr_jobs|asrqueue/.test(request))).toEqual([]);
  }, 150_000);
});
