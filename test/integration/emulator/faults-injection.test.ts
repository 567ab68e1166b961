/**
 * Fault injection: services fail with a 5xx in their own error shape at the configured rate, reproducibly
 * for a seed; latency is added; callbacks are dropped or duplicated; everything can be changed at run
 * time through the admin host and reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaults } from '../../../local/faults.js';
import { errorCode, type Harness, rawRequest, signedRequest, startHarness } from './cos-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await signedRequest(harness.emulator.port, { method: 'PUT', key: 'f.txt', body: 'fine' });
});
afterAll(() => harness.stop());

const admin = (method: string, path: string, body?: unknown) =>
  rawRequest(harness.emulator.port, {
    method,
    host: 'emulator.local',
    path,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

describe('fault injection', () => {
  it('fails COS requests with a 503 in COS XML when set through the admin host, until reset', async () => {
    // Act
    const set = await admin('PUT', '/faults', { errorRate: { cos: 1 } });
    const failing = await signedRequest(harness.emulator.port, { method: 'GET', key: 'f.txt' });
    const reset = await admin('DELETE', '/faults');
    const healthy = await signedRequest(harness.emulator.port, { method: 'GET', key: 'f.txt' });

    // Assess
    expect(JSON.parse(set.body)).toMatchObject({ errorRate: { cos: 1 } });
    expect(failing.status).toBe(503);
    expect(failing.headers['content-type']).toBe('application/xml');
    expect(failing.headers['x-cos-request-id']).toBeTruthy();
    expect(errorCode(failing.body)).toBe('ServiceUnavailable');
    expect(JSON.parse(reset.body).errorRate).toBeUndefined();
    expect(healthy.body).toBe('fine');
  });

  it('answers API 3.0 services with the API 3.0 error envelope', async () => {
    // Prepare
    const faults = createFaults({ errorRate: { asr: 1 } });

    // Act
    const forced = await faults.intercept('asr');
    const spared = await faults.intercept('cos');

    // Assess
    expect(spared).toBeUndefined();
    expect(forced?.status).toBe(500);
    const body = JSON.parse(String(forced?.body));
    expect(body.Response.Error.Code).toBe('InternalError');
    expect(body.Response.RequestId).toBeTruthy();
  });

  it('makes the same decisions for the same seed, and about the configured share of failures', async () => {
    // Prepare
    const decide = async (seed: number) => {
      const faults = createFaults({ seed, errorRate: { cos: 0.3 } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 400; i++) outcomes.push((await faults.intercept('cos')) !== undefined);
      return outcomes;
    };

    // Act
    const first = await decide(7);
    const again = await decide(7);
    const other = await decide(8);

    // Assess
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.38);
  });

  it('adds latency to a service', async () => {
    // Prepare
    harness.emulator.faults.set({ latencyMs: { cos: 150 } });

    // Act
    const started = performance.now();
    const answer = await signedRequest(harness.emulator.port, { method: 'GET', key: 'f.txt' });
    const elapsed = performance.now() - started;
    harness.emulator.faults.reset();

    // Assess
    expect(answer.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });

  it('drops or duplicates callbacks sent through the context', async () => {
    // Prepare
    let calls = 0;
    const functionUrl = harness.emulator.scf.bindFunctionUrl({
      functionName: 'receiver',
      handler: async () => {
        calls++;
        return { statusCode: 200, headers: {}, body: '{"code":0,"message":"success"}' };
      },
    });
    const send = () =>
      harness.emulator.context.sendCallback(
        `${functionUrl.url}/cb`,
        'code=0',
        'application/x-www-form-urlencoded',
      );

    // Act
    const normal = await send();
    harness.emulator.faults.set({ duplicateCallbacks: 1 });
    const duplicated = await send();
    const afterDuplicate = calls;
    harness.emulator.faults.reset();
    harness.emulator.faults.set({ dropCallbacks: 1 });
    const dropped = await send();
    harness.emulator.faults.reset();
    const viaPrivateHost = await harness.emulator.context.sendCallback(
      functionUrl.intranetUrl,
      'code=0',
      'text/plain',
    );

    // Assess
    expect(normal).toEqual({ delivered: true, status: 200, body: '{"code":0,"message":"success"}' });
    expect(duplicated.delivered).toBe(true);
    expect(afterDuplicate).toBe(3);
    expect(dropped.delivered).toBe(false);
    expect(viaPrivateHost.delivered).toBe(true);
    expect(calls).toBe(4);
  });

  it('reports configured rate limits and rejects malformed settings', async () => {
    // Act
    const set = await admin('PUT', '/faults', { rateLimits: { CreateRecTask: 2 } });
    const limit = harness.emulator.faults.rateLimit('CreateRecTask');
    const unset = harness.emulator.faults.rateLimit('DescribeTaskStatus');
    const bad = await admin('PUT', '/faults', { errorRate: { cos: 7 } });
    const unknown = await admin('PUT', '/faults', { explode: true });
    await admin('DELETE', '/faults');

    // Assess
    expect(set.status).toBe(200);
    expect(limit).toBe(2);
    expect(unset).toBeUndefined();
    expect(bad.status).toBe(400);
    expect(unknown.status).toBe(400);
  });
});
