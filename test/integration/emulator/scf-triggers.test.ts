/**
 * SCF triggers on the emulator: an upload fires the bound function asynchronously with an event shaped
 * like SCF's recorded one; prefix and suffix filters hold; a throwing handler is retried twice and then
 * dead-lettered; function URLs answer with the function's response; timers fire timer events.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScfContext } from '../../../local/scf/scf-context.js';
import type { CosEventRecord, FunctionUrlEvent } from '../../../local/scf/scf-events.js';
import { BUCKET, cosClient, type Harness, REGION, rawRequest, startHarness } from './cos-harness.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/scf');

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness({ scfRetryDelaysMs: [20, 40] });
});
afterEach(() => harness.stop());

/** The set of key paths in a JSON value, e.g. 'Records.0.cos.cosObject.key'. */
function shape(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object')
    return [`${prefix}:${value === null ? 'null' : typeof value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    shape(child, prefix ? `${prefix}.${key}` : key),
  );
}

describe('COS triggers', () => {
  it('invoke the function after an upload with an event shaped like the recorded SCF COS event', async () => {
    // Prepare
    const events: unknown[] = [];
    harness.emulator.scf.bindCos({
      functionName: 'upload',
      bucket: BUCKET,
      prefix: 'inbox/',
      handler: async (event: unknown) => {
        events.push(event);
      },
    });
    const recorded = JSON.parse(await readFile(path.join(FIXTURES, 'cos-object-created.json'), 'utf8'));

    // Act
    await cosClient(harness.emulator.port).putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'inbox/talk 1.wav',
      Body: 'RIFF',
    });
    await harness.emulator.scf.idle();

    // Assess
    expect(events).toHaveLength(1);
    const event = events[0] as { Records: CosEventRecord[] };
    expect(shape(event).sort()).toEqual(shape(recorded).sort());
    const record = event.Records[0];
    expect(record?.cos.cosObject.key).toBe('/1250000000/media/inbox/talk 1.wav');
    expect(record?.cos.cosObject.size).toBe(4);
    expect(record?.cos.cosBucket).toEqual({ region: 'gz', name: 'media', appid: '1250000000' });
    expect(record?.cos.cosObject.url).toBe(
      'http://media-1250000000.cos.ap-guangzhou.myqcloud.com/inbox/talk%201.wav',
    );
    expect(record?.event.eventName).toBe('cos:ObjectCreated:Put');
    expect(record?.event.eventSource).toBe('qcs::cos');
    expect(record?.event.eventQueue).toBe('qcs:0:lambda:gz:appid/1250000000:default.upload.$LATEST');
    expect(record?.event.requestParameters.requestHeaders.Authorization).toMatch(/^q-sign-algorithm=sha1&/);
  });

  it('hold their prefix and suffix filters and the event type', async () => {
    // Prepare
    const keys: string[] = [];
    harness.emulator.scf.bindCos({
      functionName: 'wav-only',
      bucket: BUCKET,
      prefix: 'in/',
      suffix: '.wav',
      handler: async (event: { Records: Array<{ cos: { cosObject: { key: string } } }> }) => {
        keys.push(event.Records[0]?.cos.cosObject.key ?? '');
      },
    });
    const cos = cosClient(harness.emulator.port);

    // Act
    for (const Key of ['in/a.wav', 'in/b.mp3', 'out/c.wav', 'in/deep/d.wav', 'ina.wav']) {
      await cos.putObject({ Bucket: BUCKET, Region: REGION, Key, Body: 'x' });
    }
    await cos.deleteObject({ Bucket: BUCKET, Region: REGION, Key: 'in/a.wav' });
    await harness.emulator.scf.idle();

    // Assess
    expect(keys.sort()).toEqual(['/1250000000/media/in/a.wav', '/1250000000/media/in/deep/d.wav']);
  });

  it('refuse a second function on an overlapping rule, as SCF does', () => {
    // Prepare
    const noop = async () => undefined;
    harness.emulator.scf.bindCos({ functionName: 'one', bucket: BUCKET, prefix: 'in/', handler: noop });

    // Act
    const bindOverlapping = () =>
      harness.emulator.scf.bindCos({ functionName: 'two', bucket: BUCKET, prefix: 'in/sub/', handler: noop });
    const bindDisjoint = () =>
      harness.emulator.scf.bindCos({ functionName: 'three', bucket: BUCKET, prefix: 'out/', handler: noop });

    // Assess
    expect(bindOverlapping).toThrow(/overlaps one's/);
    expect(bindDisjoint).not.toThrow();
  });

  it('retry a throwing handler twice, then record the event as a dead letter', async () => {
    // Prepare
    const attempts: number[] = [];
    harness.emulator.scf.bindCos({
      functionName: 'flaky',
      bucket: BUCKET,
      handler: async () => {
        attempts.push(Date.now());
        throw new Error('engine unavailable');
      },
    });

    // Act
    await cosClient(harness.emulator.port).putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'x.wav',
      Body: 'x',
    });
    await harness.emulator.scf.idle();

    // Assess
    expect(attempts).toHaveLength(3);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(15);
    expect((attempts[2] ?? 0) - (attempts[1] ?? 0)).toBeGreaterThanOrEqual(35);
    const dead = harness.emulator.scf.deadLetters;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      functionName: 'flaky',
      trigger: 'cos',
      attempts: 3,
      error: 'Error: engine unavailable',
    });
    const admin = await rawRequest(harness.emulator.port, {
      method: 'GET',
      host: 'emulator.local',
      path: '/scf/dead-letters',
    });
    expect(JSON.parse(admin.body)).toHaveLength(1);
  });

  it('stop retrying once a retry succeeds, and count a handler that runs too long as failed', async () => {
    // Prepare
    let calls = 0;
    harness.emulator.scf.bindCos({
      functionName: 'second-time-lucky',
      bucket: BUCKET,
      prefix: 'lucky/',
      handler: async () => {
        calls++;
        if (calls === 1) throw new Error('transient');
        return 'ok';
      },
    });
    harness.emulator.scf.bindCos({
      functionName: 'slow',
      bucket: BUCKET,
      prefix: 'slow/',
      timeoutMs: 30,
      retryDelaysMs: [],
      handler: () => new Promise((resolve) => setTimeout(resolve, 200)),
    });
    const cos = cosClient(harness.emulator.port);

    // Act
    await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'lucky/a', Body: 'x' });
    await cos.putObject({ Bucket: BUCKET, Region: REGION, Key: 'slow/a', Body: 'x' });
    await harness.emulator.scf.idle();

    // Assess
    expect(calls).toBe(2);
    expect(harness.emulator.scf.deadLetters.map((letter) => letter.functionName)).toEqual(['slow']);
    expect(harness.emulator.scf.deadLetters[0]?.error).toMatch(/timeout/);
  });

  it('deliver each event twice when duplicated COS events are injected', async () => {
    // Prepare
    const seen: string[] = [];
    harness.emulator.scf.bindCos({
      functionName: 'dup',
      bucket: BUCKET,
      handler: async (event: { Records: Array<{ event: { reqid: number } }> }) => {
        seen.push(String(event.Records[0]?.event.reqid));
      },
    });
    harness.emulator.faults.set({ duplicateCosEvents: 1 });

    // Act
    await cosClient(harness.emulator.port).putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: 'twice.wav',
      Body: 'x',
    });
    await harness.emulator.scf.idle();

    // Assess
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe('function URL and timer triggers', () => {
  it("turn an HTTP request into the function-URL event and answer with the function's response", async () => {
    // Prepare
    const received: FunctionUrlEvent[] = [];
    const functionUrl = harness.emulator.scf.bindFunctionUrl({
      functionName: 'callback',
      handler: async (event: FunctionUrlEvent) => {
        received.push(event);
        return {
          statusCode: 200,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: 0, message: 'success' }),
        };
      },
    });
    const recorded = JSON.parse(await readFile(path.join(FIXTURES, 'function-url-post.json'), 'utf8'));
    const host = new URL(functionUrl.url).host;

    // Act
    const answer = await rawRequest(harness.emulator.port, {
      method: 'POST',
      host,
      path: '/asr/callback?job=j1&sig=abc&flag&job=j2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=0&requestId=42&text=hi+there',
    });
    const viaPrivateHost = await rawRequest(harness.emulator.port, {
      method: 'GET',
      host: new URL(functionUrl.intranetUrl).host,
      path: '/',
      body: '',
    });
    const unknown = await rawRequest(harness.emulator.port, {
      method: 'POST',
      host: host.replace(functionUrl.urlId, 'zzzzzzzzzz'),
      path: '/',
      body: '',
    });

    // Assess
    expect(functionUrl.url).toMatch(/^https:\/\/1250000000-[a-z0-9]{10}\.ap-guangzhou\.tencentscf\.com$/);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ code: 0, message: 'success' });
    const event = received[0] as FunctionUrlEvent;
    expect(Object.keys(event).sort()).toEqual(Object.keys(recorded).sort());
    expect(event.body).toBe('code=0&requestId=42&text=hi+there');
    expect(event.path).toBe('/asr/callback');
    expect(event.queryString).toEqual({ job: ['j1', 'j2'], sig: 'abc', flag: true });
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(event.headers['x-scf-remote-addr']).toBe('127.0.0.1');
    expect(event.httpMethod).toBe('POST');
    expect(viaPrivateHost.status).toBe(200);
    expect(received[1]?.httpMethod).toBe('GET');
    expect(unknown.status).toBe(404);
  });

  it('answer a plain JSON result 200 as JSON, and a throwing function 502', async () => {
    // Prepare
    const plain = harness.emulator.scf.bindFunctionUrl({
      functionName: 'plain',
      handler: async () => ({ a: 1 }),
    });
    const failing = harness.emulator.scf.bindFunctionUrl({
      functionName: 'failing',
      handler: async () => {
        throw new Error('boom');
      },
    });
    const post = (url: string) =>
      rawRequest(harness.emulator.port, { method: 'POST', host: new URL(url).host, path: '/', body: '{}' });

    // Act
    const plainAnswer = await post(plain.url);
    const failingAnswer = await post(failing.url);
    failing.unbind();
    const afterUnbind = await post(failing.url);

    // Assess
    expect(plainAnswer.status).toBe(200);
    expect(plainAnswer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(plainAnswer.body)).toEqual({ a: 1 });
    expect(failingAnswer.status).toBe(502);
    expect(JSON.parse(failingAnswer.body).errorMessage).toMatch(/function failing failed: boom/);
    expect(afterUnbind.status).toBe(404);
  });

  it('count a function URL call still running as busy: idle() waits for it and its record', async () => {
    // Prepare
    let finish: (() => void) | undefined;
    const slow = harness.emulator.scf.bindFunctionUrl({
      functionName: 'slow',
      handler: () => new Promise((resolve) => (finish = () => resolve({ done: true }))),
    });
    const answered = rawRequest(harness.emulator.port, {
      method: 'POST',
      host: new URL(slow.url).host,
      path: '/',
      body: '{}',
    });
    while (finish === undefined) await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    let idleBeforeFinish = true;
    const idle = harness.emulator.scf.idle().then(() => idleBeforeFinish);
    await new Promise((resolve) => setTimeout(resolve, 50));
    idleBeforeFinish = false;
    finish();
    const wasIdleEarly = await idle;
    await answered;

    // Assess
    expect(wasIdleEarly).toBe(false);
    expect(harness.emulator.scf.invocations.map((i) => [i.functionName, i.trigger, i.outcome])).toEqual([
      ['slow', 'http', 'ok'],
    ]);
  });

  it('fire a bound timer with SCF timer events', async () => {
    // Prepare
    const events: unknown[] = [];
    const contexts: ScfContext[] = [];
    harness.emulator.scf.bindTimer({
      functionName: 'reconcile',
      triggerName: 'every-5-min',
      handler: async (event: unknown, context: ScfContext) => {
        events.push(event);
        contexts.push(context);
      },
    });

    // Act
    harness.emulator.scf.fireTimer('every-5-min');
    await harness.emulator.scf.idle();

    // Assess
    expect(events).toEqual([
      {
        Type: 'Timer',
        TriggerName: 'every-5-min',
        Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        Message: '',
      },
    ]);
    expect(contexts[0]?.function_name).toBe('reconcile');
  });
});
