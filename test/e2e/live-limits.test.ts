/**
 * Live streams at their limits, over the emulator with the real functions (issue 15): 21 streams
 * requested at once give 20 jobs and one refusal a person can act on, and forged, replayed or
 * wrongly signed live callbacks write nothing. The streams come from nowhere: the service accepts
 * any stream address and pulls it afterwards, so they count against the cap while they try; the
 * idle limit is long enough that none ends during the test, however slow the machine.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialLocal } from '../../local/send-callback.js';
import { CALLBACK_SECRET, type LocalCloud, startLocalCloud } from './local-cloud.js';
import { until } from './until.js';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ liveStreams: { idleEndMs: 600_000 }, env: { ENGINE_MODEL: '16k_en' } });
});

afterAll(async () => {
  await cloud?.stop();
});

async function stateOf(key: string): Promise<string | undefined> {
  return (await cloud.state()).statuses.get(key)?.state;
}

describe('live stream limits', () => {
  it('gives 21 streams at once 20 jobs and one clear refusal', async () => {
    // Prepare: streams from nowhere are accepted (the service pulls them afterwards) and count.
    const keys = Array.from({ length: 21 }, (_, i) => `input/many/s${String(i).padStart(2, '0')}.live.json`);

    // Act
    await Promise.all(
      keys.map((key, i) => cloud.upload(key, JSON.stringify({ url: `rtmp://127.0.0.1:1/live/s${i}` }))),
    );
    const states = await until(
      'every stream to be answered',
      async () => {
        const statuses = (await cloud.state()).statuses;
        const found = keys.map((key) => statuses.get(key));
        return found.every((status) => status && status.state !== 'claimed') ? found : undefined;
      },
      120_000,
    );

    // Assess
    expect(states.filter((s) => s?.state === 'submitted')).toHaveLength(20);
    const refused = states.filter((s) => s?.state === 'failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error).toMatchObject({ code: 'LiveStreamLimit' });
    expect(refused[0]?.error?.message).toMatch(/^20 live streams are already being recognised/);
    await Promise.all(keys.map((key) => cloud.remove(key)));
    await until(
      'all stopped',
      async () => ((await Promise.all(keys.map(stateOf))).every((s) => s !== 'submitted') ? true : undefined),
      120_000,
    );
  }, 300_000);

  it('writes nothing for forged, replayed or wrongly signed callbacks', async () => {
    // Prepare: a stream with a job, and a genuine callback made with the job's own SignToken.
    const key = 'input/quiet.live.json';
    await cloud.upload(key, JSON.stringify({ url: 'rtmp://127.0.0.1:1/live/quiet' }));
    const status = await until(
      'the job',
      async () => {
        const found = (await cloud.state()).statuses.get(key);
        return found?.taskId ? found : undefined;
      },
      60_000,
    );
    const jobId = String(status.jobId);
    const exp = String(Math.floor(Date.now() / 1000) + 3600);
    const token = createHmac('sha256', CALLBACK_SECRET).update(`${jobId}.${exp}`).digest('hex');
    const signToken = createHmac('sha256', CALLBACK_SECRET)
      .update(`live-sign-token.${jobId}`)
      .digest('hex')
      .slice(0, 32);
    const body = `{"TaskId":${status.taskId},"Result":[{"VoiceId":"x_1","Text":"Hello there.","StartTime":1000,"EndTime":2000,"WordList":[]}]}`;
    const checkSum = createHash('sha256').update(`1250000000${signToken}${body}`).digest('hex');
    // The callback's function URL names its tencentscf.com host: dial the emulator, keeping that Host.
    const post = async (query: string, sum: string, payload = body) =>
      dialLocal(
        cloud.emulator.port,
        new URL(`${cloud.callbackUrl}?live=1&${query}`),
        'POST',
        { 'content-type': 'application/json', checksum: sum },
        Buffer.from(payload),
        30_000,
      );
    const genuine = `job=${jobId}&exp=${exp}&sig=${token}`;
    expect((await post(genuine, checkSum)).status).toBe(200);
    const writes = () => [...cloud.counter.writes.values()].reduce((sum, n) => sum + n, 0);
    const before = writes();

    // Act
    const answers = [
      (await post(`job=${jobId}&exp=${exp}&sig=${'0'.repeat(64)}`, checkSum)).status,
      (await post(genuine, '0'.repeat(64))).status,
      (await post(genuine, checkSum, body.replace('Hello', 'Jello'))).status,
      (await post(genuine, checkSum)).status,
    ];

    // Assess
    expect(answers).toEqual([403, 403, 403, 200]);
    expect(writes()).toBe(before);
    await cloud.remove(key);
  }, 120_000);
});
