/**
 * What the callback use case answers before anything costly happens (issue 12 items 2 and 13): the
 * token is checked from the query alone, the body's size from its length alone, and a finished job
 * acknowledges only a notice about its own recorded task. Runs over the in-memory storage with the
 * engine clients replaced by recorders that fail any call: none of these answers may reach an engine.
 */
import { describe, expect, it } from 'vitest';
import { effectiveProfile } from '../../../lib/config/effective-profile.js';
import { loadConfig } from '../../../lib/config/load-config.js';
import { SecretValue } from '../../../lib/config/secret-value.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import { signedCallbackUrl } from '../../../lib/pipeline/callback-token.js';
import { claimLeaseMs } from '../../../lib/pipeline/claim-lease.js';
import {
  type CallbackRequest,
  handleCallback,
  maxCallbackBodyBytes,
} from '../../../lib/pipeline/complete.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

const now = 1_800_000_000_000;
const jobId = '0123456789abcdef0123456789abcdef';
const otherJob = 'fedcba9876543210fedcba9876543210';
const config = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  OUTPUT_BUCKET: 'results-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-abc.ap-guangzhou.tencentscf.com/',
  CALLBACK_SECRET: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
});

/** Deps over memory storage; `engineCalls` lists every engine method anything tried to call. */
function world() {
  const storage = new MemoryStorage(() => now);
  const engineCalls: string[] = [];
  const refusing = (engine: string) =>
    new Proxy(
      {},
      {
        get: (_, method) => () => {
          engineCalls.push(`${engine}.${String(method)}`);
          throw new Error(`no engine call was expected (${engine}.${String(method)})`);
        },
      },
    ) as never;
  const deps: PipelineDeps = {
    config,
    storage,
    ledger: new JobLedger({ storage, place: config.ledger, now: () => now }),
    asr: refusing('asr'),
    mps: refusing('mps'),
    ci: refusing('ci'),
    live: refusing('live'),
    logger: createLogger({ sink: () => undefined }),
    now: () => now,
    claimLeaseMs,
  };
  return { deps, storage, engineCalls };
}

function tokenQuery(forJob: string, secret = config.callback.secret): Record<string, string> {
  const url = signedCallbackUrl(config.callback.baseUrl, forJob, now + 3_600_000, secret);
  return Object.fromEntries(new URL(url).searchParams);
}

function post(query: Record<string, unknown>, body: string): CallbackRequest {
  return { method: 'POST', query, body, isBase64Encoded: false };
}

const asrBody = (taskId: string) => `code=0&requestId=${taskId}&appid=1250000000&text=&audioTime=0.9`;

/** A job recorded as submitted to ASR as task `taskId`, and optionally finished. */
async function recordJob(deps: PipelineDeps, taskId: string, finished: boolean): Promise<void> {
  const key = 'input/talk.wav';
  const input = { bucket: config.input.bucket, key, etag: 'e', size: 10 };
  const claim = await deps.ledger.claim(jobId, {
    input,
    profile: effectiveProfile(config, key, {}),
    by: 'test',
  });
  if (claim.outcome !== 'claimed') throw new Error('job claimed before');
  const submitted = await deps.ledger.record(claim.view, 'submitted', { engine: 'asr', taskId }, 'test');
  if (finished && submitted.outcome === 'recorded')
    await deps.ledger.record(submitted.view, 'done', { outputs: [], audioDurationMs: 900 }, 'test');
}

/** CPU ms (user + system) the process spent in `work`. */
async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('a callback is authenticated before its body is read', () => {
  it('refuses a forged token with 403 without parsing 6 MB of XML, in a few ms of CPU', async () => {
    // Prepare: the review's body, 780k empty elements, under a signature made with another secret.
    const { deps, storage, engineCalls } = world();
    const body = `<Response>${'<a/>'.repeat(780_000)}</Response>`;
    const forged = tokenQuery(jobId, new SecretValue('not-the-secret'));

    // Act
    let answer: Awaited<ReturnType<typeof handleCallback>> | undefined;
    const cost = await cpuMs(async () => {
      answer = await handleCallback(deps, post(forged, body));
    });

    // Assess
    expect(answer).toEqual({
      statusCode: 403,
      body: { code: 403, message: 'callback token refused: forged' },
    });
    expect(cost).toBeLessThan(50);
    expect(storage.calls).toEqual({ head: 0, get: 0, put: 0, list: 0 });
    expect(engineCalls).toEqual([]);
  });

  it('refuses a missing token as malformed (400) whatever the body, before looking at the body', async () => {
    // Prepare
    const { deps } = world();

    // Act
    const answer = await handleCallback(deps, post({}, '{"deep":'.repeat(100_000)));

    // Assess
    expect(answer.statusCode).toBe(400);
    expect(answer.body.message).toBe('callback token refused: malformed');
  });

  it('answers 413 to a genuine token with a body over 1 MiB, unread, and reads nothing', async () => {
    // Prepare: a well-formed ASR notice padded past the limit (base64 too, as the platform may send it).
    const { deps, storage, engineCalls } = world();
    const body = `${asrBody('42')}&resultDetail=${'x'.repeat(maxCallbackBodyBytes)}`;

    // Act
    const plain = await handleCallback(deps, post(tokenQuery(jobId), body));
    const encoded = await handleCallback(deps, {
      ...post(tokenQuery(jobId), Buffer.from(body).toString('base64')),
      isBase64Encoded: true,
    });

    // Assess
    for (const answer of [plain, encoded]) {
      expect(answer.statusCode).toBe(413);
      expect(answer.body.message).toMatch(/^the callback body is \d+ bytes, over the 1048576-byte limit; /);
    }
    expect(storage.calls).toEqual({ head: 0, get: 0, put: 0, list: 0 });
    expect(engineCalls).toEqual([]);
  });

  it('answers 405 to anything but POST', async () => {
    // Prepare
    const { deps } = world();

    // Act
    const answer = await handleCallback(deps, { ...post(tokenQuery(jobId), asrBody('42')), method: 'GET' });

    // Assess
    expect(answer.statusCode).toBe(405);
  });

  it('refuses a CI notice naming another job than its genuine token (403)', async () => {
    // Prepare
    const { deps, storage } = world();
    const body = `<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>s1</JobId><Operation><UserData>${otherJob}</UserData></Operation></JobsDetail></Response>`;

    // Act
    const answer = await handleCallback(deps, post(tokenQuery(jobId), body));

    // Assess
    expect(answer.statusCode).toBe(403);
    expect(storage.calls.put).toBe(0);
  });
});

describe('a finished job', () => {
  it("answers 409 to its genuine token carrying another task's notice, and 200 to its own", async () => {
    // Prepare
    const { deps, storage, engineCalls } = world();
    await recordJob(deps, '1001', true);
    const writes = storage.calls.put;

    // Act
    const foreign = await handleCallback(deps, post(tokenQuery(jobId), asrBody('2002')));
    const own = await handleCallback(deps, post(tokenQuery(jobId), asrBody('1001')));

    // Assess
    expect(foreign).toEqual({
      statusCode: 409,
      body: { code: 409, message: 'task id does not match the job' },
    });
    expect(own).toEqual({ statusCode: 200, body: { code: 0, message: 'success' } });
    expect(storage.calls.put).toBe(writes);
    expect(engineCalls).toEqual([]);
  });

  it('that ended before any submission answers 409 to any notice', async () => {
    // Prepare: claimed, then refused by the engine (failed with no task recorded).
    const { deps } = world();
    const key = 'input/refused.wav';
    const input = { bucket: config.input.bucket, key, etag: 'e', size: 10 };
    const claim = await deps.ledger.claim(jobId, {
      input,
      profile: effectiveProfile(config, key, {}),
      by: 'test',
    });
    if (claim.outcome !== 'claimed') throw new Error('job claimed before');
    await deps.ledger.record(
      claim.view,
      'failed',
      { error: { code: 'EngineRefused', message: 'no' } },
      'test',
    );

    // Act
    const answer = await handleCallback(deps, post(tokenQuery(jobId), asrBody('3003')));

    // Assess
    expect(answer.statusCode).toBe(409);
  });
});
