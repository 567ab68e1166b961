import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CiClient, createCiClient } from '../../../lib/engines/ci/ci-client.js';
import type { SubmitAsrJobRequest } from '../../../lib/engines/ci/ci-request.js';
import { ciJobsResponseSchema } from '../../../lib/engines/ci/ci-schemas.js';
import { parseCiXml } from '../../../lib/tencent/ci/ci-xml.js';
import type { Credentials } from '../../../lib/tencent/credentials.js';
import { TencentApiError, TencentNetworkError } from '../../../lib/tencent/errors.js';
import { ciAccount, ciErrorXml, type FakeCi, startFakeCi } from './fake-ci-server.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const bucket = 'media-1250000000';
const region = 'ap-chongqing';
const ciHost = `${bucket}.ci.${region}.myqcloud.com`;

let fake: FakeCi;
let sleeps: number[];

function clientWith(credentials: Credentials = ciAccount, port = fake.port): CiClient {
  return createCiClient({
    bucket,
    region,
    credentials,
    endpoint: { ip: `127.0.0.1:${port}` },
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, maxAttempts: 4 },
  });
}

const submitRequest: SubmitAsrJobRequest = {
  Input: { Object: 'input/talk & notes.mp3' },
  SpeechRecognition: {
    EngineModelType: '16k_zh_video',
    ChannelNum: 1,
    ResTextFormat: 1,
    FilterDirty: 0,
    FilterModal: 1,
    ConvertNumMode: 1,
    SpeakerDiarization: 1,
    SpeakerNumber: 0,
    FilterPunc: 0,
    OutputFileType: 'txt',
  },
  Output: { Region: region, Bucket: bucket, Object: 'output/asr.txt' },
  UserData: 'job-7f3a',
  JobLevel: 0,
  QueueId: 'pcd463e1467964d39ad2d3f66aacd8199',
  CallBack: 'https://example.com/callback?job=job-7f3a&exp=1&sig=abc',
  CallBackFormat: 'XML',
};

beforeEach(async () => {
  fake = await startFakeCi();
  sleeps = [];
});
afterEach(async () => {
  await fake.close();
});

describe('CI speech jobs client', () => {
  it('submits POST /asr_jobs to the CI host as signed XML carrying every given parameter', async () => {
    // Prepare
    fake.answer({ status: 200, body: fixture('ci-submit.response.xml') });

    // Act
    const result = await clientWith().submitAsrJob(submitRequest);

    // Assess
    const sent = fake.requests[0];
    expect(sent).toMatchObject({ method: 'POST', path: '/asr_jobs', signatureValid: true });
    expect(sent?.headers.host).toBe(ciHost);
    expect(sent?.headers['content-type']).toBe('application/xml');
    const body = parseCiXml(sent?.body ?? '') as { Request: Record<string, unknown> };
    expect(body.Request).toEqual({
      Tag: 'SpeechRecognition',
      Input: { Object: 'input/talk & notes.mp3' },
      Operation: {
        SpeechRecognition: {
          EngineModelType: '16k_zh_video',
          ChannelNum: '1',
          ResTextFormat: '1',
          FilterDirty: '0',
          FilterModal: '1',
          ConvertNumMode: '1',
          SpeakerDiarization: '1',
          SpeakerNumber: '0',
          FilterPunc: '0',
          OutputFileType: 'txt',
        },
        Output: { Region: region, Bucket: bucket, Object: 'output/asr.txt' },
        UserData: 'job-7f3a',
        JobLevel: '0',
      },
      QueueId: 'pcd463e1467964d39ad2d3f66aacd8199',
      CallBack: 'https://example.com/callback?job=job-7f3a&exp=1&sig=abc',
      CallBackFormat: 'XML',
    });
    expect(result.job).toMatchObject({
      JobId: 's58ccb634149211ed84ce2b1cd7fbb14a',
      State: 'Submitted',
      QueueId: 'pcd463e1467964d39ad2d3f66aacd8199',
      EndTime: '-',
      Operation: { UserData: 'This is my data.', JobLevel: '0' },
    });
    expect(result.requestId).toBe('ci-req-1');
  });

  it('submits POST /jobs with a template instead of inline parameters and no queue', async () => {
    // Prepare
    fake.answer({ status: 200, body: fixture('ci-submit.response.xml') });

    // Act
    await clientWith().submitJob({
      Input: { Url: 'https://media-1250000000.cos.ap-chongqing.myqcloud.com/a.mp3?q-signature=x' },
      TemplateId: 't1460606b9752148c4ab182f55163ba7cd',
      Output: { Region: region, Bucket: bucket, Object: 'out/a.txt' },
      CallBackFormat: 'JSON',
      CallBackType: 'Url',
    });

    // Assess
    const body = parseCiXml(fake.requests[0]?.body ?? '') as { Request: Record<string, unknown> };
    expect(fake.requests[0]?.path).toBe('/jobs');
    expect(body.Request).toEqual({
      Tag: 'SpeechRecognition',
      Input: { Url: 'https://media-1250000000.cos.ap-chongqing.myqcloud.com/a.mp3?q-signature=x' },
      Operation: {
        TemplateId: 't1460606b9752148c4ab182f55163ba7cd',
        Output: { Region: region, Bucket: bucket, Object: 'out/a.txt' },
      },
      CallBackFormat: 'JSON',
      CallBackType: 'Url',
    });
  });

  it('describes a job with GET /asr_jobs/<id> and GET /jobs/<id>, one-element lists as arrays', async () => {
    // Prepare
    const finished = fixture('ci-callback.xml').replace(/<EventName>TaskFinish<\/EventName>/, '');
    fake.answer({ status: 200, body: finished }, { status: 200, body: finished });
    const client = clientWith();

    // Act
    const legacy = await client.describeAsrJob('s886c0a7c2a6611ed847a618901112dcf');
    const current = await client.describeJob('s886c0a7c2a6611ed847a618901112dcf');

    // Assess
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /asr_jobs/s886c0a7c2a6611ed847a618901112dcf',
      'GET /jobs/s886c0a7c2a6611ed847a618901112dcf',
    ]);
    expect(fake.requests.every((r) => r.signatureValid)).toBe(true);
    const result = legacy?.job.Operation?.SpeechRecognitionResult;
    expect(result?.ResultDetail).toHaveLength(1);
    expect(result?.ResultDetail[0]?.Words.map((w) => w.Word)).toEqual([
      'The',
      'Peasants',
      'by',
      'Władysław',
      'Reymont',
    ]);
    expect(result?.ResultDetail[0]?.StartMs).toBe('3320');
    expect(result?.AudioTime).toBe('19.7124');
    expect(current?.job.State).toBe('Success');
    expect(current?.xml).toBe(finished);
  });

  it('answers undefined for an id CI lists under NonExistJobIds', async () => {
    // Prepare
    fake.answer({ status: 200, body: '<Response><NonExistJobIds>sMissing</NonExistJobIds></Response>' });

    // Act
    const result = await clientWith().describeAsrJob('sMissing');

    // Assess
    expect(result).toBeUndefined();
  });

  it('lists jobs with signed filters and returns the next page token', async () => {
    // Prepare
    const job = (id: string, state: string) =>
      `<JobsDetail><JobId>${id}</JobId><State>${state}</State><Tag>SpeechRecognition</Tag><Code/><Message/><Operation><UserData>u-${id}</UserData></Operation></JobsDetail>`;
    fake.answer({
      status: 200,
      body: `<Response>${job('s1', 'Running')}${job('s2', 'Failed')}<NextToken>token-2</NextToken></Response>`,
    });

    // Act
    const page = await clientWith().listAsrJobs({
      queueId: 'q1',
      states: ['Running', 'Failed'],
      size: 50,
      orderByTime: 'Desc',
      startCreationTime: '2026-11-22T00:00:00+0800',
    });

    // Assess
    const sent = fake.requests[0];
    expect(sent?.path).toBe('/asr_jobs');
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({
      tag: 'SpeechRecognition',
      queueid: 'q1',
      states: 'Running,Failed',
      size: '50',
      orderbytime: 'Desc',
      startcreationtime: '2026-11-22T00:00:00+0800',
    });
    expect(sent?.signatureValid).toBe(true);
    expect(page.jobs.map((j) => [j.JobId, j.State, j.Operation?.UserData])).toEqual([
      ['s1', 'Running', 'u-s1'],
      ['s2', 'Failed', 'u-s2'],
    ]);
    expect(page.nextToken).toBe('token-2');
  });

  it('cancels with PUT /jobs/<id>?cancel and an empty body', async () => {
    // Prepare
    fake.answer({ status: 200, body: '' });

    // Act
    await clientWith().cancelJob('s58ccb634149211ed84ce2b1cd7fbb14a');

    // Assess
    const sent = fake.requests[0];
    expect(sent).toMatchObject({
      method: 'PUT',
      rawUrl: '/jobs/s58ccb634149211ed84ce2b1cd7fbb14a?cancel',
      body: '',
    });
    expect(sent?.signatureValid).toBe(true);
    expect(String(sent?.headers.authorization)).toContain('q-url-param-list=cancel');
  });

  it('lists the speech queues with GET /asrqueue, a single queue as a one-element list', async () => {
    // Prepare: the answer shape of doc 1207/47599 with one queue.
    fake.answer({
      status: 200,
      body: '<Response><RequestId>r1</RequestId><TotalCount>1</TotalCount><PageNumber>1</PageNumber><PageSize>10</PageSize><QueueList><QueueId>p8a1b2c3</QueueId><Name>default</Name><State>Active</State><MaxSize>10000</MaxSize><MaxConcurrent>10</MaxConcurrent><UpdateTime>2026-11-22T10:00:00+0800</UpdateTime><CreateTime>2026-11-22T10:00:00+0800</CreateTime><NotifyConfig><Url/><Type>Url</Type><State>Off</State><Event>TaskFinish</Event></NotifyConfig></QueueList></Response>',
    });

    // Act
    const queues = await clientWith().listAsrQueues({ state: 'Active' });

    // Assess
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/asrqueue', signatureValid: true });
    expect(fake.requests[0]?.query.get('state')).toBe('Active');
    expect(queues).toEqual([
      expect.objectContaining({
        QueueId: 'p8a1b2c3',
        State: 'Active',
        NotifyConfig: { Url: '', Type: 'Url', State: 'Off', Event: 'TaskFinish' },
      }),
    ]);
  });

  it('sends a session token as x-ci-security-token, never x-cos-security-token, outside the signature', async () => {
    // Prepare
    fake.answer({ status: 200, body: fixture('ci-submit.response.xml') });

    // Act
    await clientWith({ ...ciAccount, token: 'sts-session-token' }).describeJob(
      's58ccb634149211ed84ce2b1cd7fbb14a',
    );

    // Assess
    const sent = fake.requests[0];
    expect(sent?.headers['x-ci-security-token']).toBe('sts-session-token');
    expect(sent?.headers['x-cos-security-token']).toBeUndefined();
    expect(String(sent?.headers.authorization)).not.toContain('security-token');
    expect(sent?.signatureValid).toBe(true);
  });

  it('turns a 5xx with an XML body into a typed retryable error and retries it to success', async () => {
    // Prepare
    fake.answer(
      { status: 503, body: ciErrorXml('ServiceUnavailable', 'Please try again later.', 'rid-503') },
      { status: 500, body: ciErrorXml('InternalError', 'internal error', 'rid-500') },
      { status: 200, body: fixture('ci-submit.response.xml') },
    );

    // Act
    const result = await clientWith().submitAsrJob(submitRequest);

    // Assess
    expect(result.job.JobId).toBe('s58ccb634149211ed84ce2b1cd7fbb14a');
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('keeps submitting through throttling longer than a read waits, with backoff capped at 4 s', async () => {
    // Prepare: nine refusals, then the answer; the client sets no maxAttempts of its own.
    const throttled = { status: 503, body: ciErrorXml('SlowDown', 'Please reduce your request rate.') };
    const client = createCiClient({
      bucket,
      region,
      credentials: ciAccount,
      endpoint: { ip: `127.0.0.1:${fake.port}` },
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.99 },
    });
    fake.answer(...Array(9).fill(throttled), { status: 200, body: fixture('ci-submit.response.xml') });
    const describeFails = async () => {
      fake.answer(...Array(9).fill(throttled));
      return client.describeAsrJob('s58ccb634149211ed84ce2b1cd7fbb14a').catch((e: unknown) => e);
    };

    // Act
    const submitted = await client.submitAsrJob(submitRequest);
    const submitRequests = fake.requests.length;
    const describeError = await describeFails();

    // Assess
    expect(submitted.job.JobId).toBe('s58ccb634149211ed84ce2b1cd7fbb14a');
    expect(submitRequests).toBe(10);
    expect(Math.max(...sleeps.slice(0, 9))).toBeLessThan(4_000);
    expect(Math.max(...sleeps.slice(0, 9))).toBeGreaterThan(3_900);
    expect(describeError).toMatchObject({ code: 'SlowDown', retryable: true });
    expect(fake.requests.length - submitRequests).toBe(6);
  });

  it('keeps the code, message and RequestId of a persistent 5xx', async () => {
    // Prepare
    fake.fallback = { status: 500, body: ciErrorXml('InternalError', 'internal error', 'rid-500') };

    // Act
    const error = await clientWith()
      .describeJob('s1')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentApiError);
    expect(error).toMatchObject({
      action: 'GET /jobs/<id>',
      code: 'InternalError',
      message: 'GET /jobs/<id> failed: InternalError: internal error',
      requestId: 'rid-500',
      httpStatus: 500,
      retryable: true,
    });
    expect(fake.requests).toHaveLength(4);
  });

  it.each([
    [403, 'AccessDenied', 'Access Denied.'],
    [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.'],
    [400, 'InvalidArgument', 'Invalid argument QueueId'],
  ])('does not retry a %i %s answer', async (status, code, message) => {
    // Prepare
    fake.fallback = { status, body: ciErrorXml(code, message, 'rid-4xx') };

    // Act
    const error = await clientWith()
      .submitAsrJob(submitRequest)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code,
      message: `POST /asr_jobs failed: ${code}: ${message}`,
      httpStatus: status,
      retryable: false,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('explains a 502 whose body is not XML, with the request id from the header, and retries it', async () => {
    // Prepare
    fake.fallback = {
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'content-type': 'text/html' },
    };

    // Act
    const error = await clientWith()
      .listJobs()
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'HTTP502', httpStatus: 502, retryable: true, requestId: 'ci-req-4' });
    expect(fake.requests).toHaveLength(4);
  });

  it('adopts the server clock from a RequestTimeTooSkewed answer and signs again, once', async () => {
    // Prepare: our clock is an hour behind the server's.
    const serverNow = Date.UTC(2026, 10, 22, 12, 0, 0);
    const client = createCiClient({
      bucket,
      region,
      credentials: ciAccount,
      endpoint: { ip: `127.0.0.1:${fake.port}` },
      now: () => serverNow - 3_600_000,
    });
    fake.answer(
      {
        status: 403,
        body: ciErrorXml(
          'RequestTimeTooSkewed',
          'The difference between the request time and the server time is too large.',
        ),
        headers: { date: new Date(serverNow).toUTCString() },
      },
      { status: 200, body: fixture('ci-submit.response.xml') },
    );

    // Act
    const result = await client.describeJob('s58ccb634149211ed84ce2b1cd7fbb14a');

    // Assess
    expect(result?.job.State).toBe('Submitted');
    const keyTimes = fake.requests.map((r) =>
      new URLSearchParams(String(r.headers.authorization)).get('q-key-time'),
    );
    expect(keyTimes[1]?.split(';')[0]).toBe(String(serverNow / 1000 - 1));
  });

  it('does not retry a time rejection when the server clock agrees with ours', async () => {
    // Prepare
    fake.answer({ status: 403, body: ciErrorXml('AccessDenied', 'Request has expired') });

    // Act
    const error = await clientWith()
      .describeJob('s1')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'AccessDenied', retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not resubmit when the connection dropped after the request was sent', async () => {
    // Prepare
    fake.answer({ hangUp: true, status: 0 });

    // Act
    const error = await clientWith()
      .submitAsrJob(submitRequest)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(fake.requests).toHaveLength(1);
  });

  it('does retry a describe after a dropped connection', async () => {
    // Prepare
    fake.answer({ hangUp: true, status: 0 }, { status: 200, body: fixture('ci-submit.response.xml') });

    // Act
    const result = await clientWith().describeAsrJob('s58ccb634149211ed84ce2b1cd7fbb14a');

    // Assess
    expect(result?.job.State).toBe('Submitted');
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a submit whose connection was refused, since CI never saw it', async () => {
    // Prepare
    const closedPort = fake.port;
    await fake.close();

    // Act
    const error = await clientWith(ciAccount, closedPort)
      .submitAsrJob(submitRequest)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(sleeps).toHaveLength(3);
  });

  it('refuses a submit it can tell is invalid before sending anything', async () => {
    const client = clientWith();
    expect(() => client.submitAsrJob({ ...submitRequest, QueueId: '' })).toThrow(/QueueId/);
    await expect(client.submitAsrJob({ ...submitRequest, UserData: 'ü' })).rejects.toThrow(/printable ASCII/);
    await expect(
      client.submitJob({
        ...submitRequest,
        SpeechRecognition: { EngineModelType: '16k_en', FlashAsr: true },
      }),
    ).rejects.toThrow(/Format/);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a 2xx answer it cannot read as a non-retryable InvalidResponse', async () => {
    // Prepare
    fake.answer({ status: 200, body: '<Response><JobsDetail><JobId>s1</JobId><State>Exploded</State>' });

    // Act
    const error = await clientWith()
      .describeJob('s1')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'InvalidResponse', retryable: false, requestId: 'ci-req-1' });
    expect((error as Error).message).toMatch(/malformed XML/);
  });
});

describe('CI XML reading', () => {
  it('reads the recorded submit answer, whose Operation repeats JobLevel', () => {
    const parsed = ciJobsResponseSchema.parse(parseCiXml(fixture('ci-submit.response.xml')));
    expect(parsed.Response.JobsDetail).toHaveLength(1);
    expect(parsed.Response.JobsDetail[0]?.Operation?.SpeechRecognition).toMatchObject({
      EngineModelType: '16k_zh_video',
      ChannelNum: '1',
      OutputFileType: 'txt',
    });
  });

  it('reads the recorded TaskFinish callback with every value a string', () => {
    const parsed = ciJobsResponseSchema.parse(parseCiXml(fixture('ci-callback.xml')));
    const job = parsed.Response.JobsDetail[0];
    expect(parsed.Response.EventName).toBe('TaskFinish');
    expect(job?.Operation?.SpeechRecognitionResult?.ResultDetail[0]?.Words[4]).toEqual({
      Word: 'Reymont',
      OffsetStartMs: '9800',
      OffsetEndMs: '16392',
      VoiceType: '0',
    });
    expect(job?.Operation?.Output?.Object).toBe('/example.txt');
  });

  it('reads empty result containers as empty lists', () => {
    const parsed = ciJobsResponseSchema.parse(
      parseCiXml(
        '<Response><JobsDetail><JobId>s1</JobId><State>Success</State><Operation><SpeechRecognitionResult><ResultDetail/><FlashResult><sentence_list><text>hi</text><start_time>0</start_time><end_time>5</end_time><word_list/></sentence_list></FlashResult></SpeechRecognitionResult></Operation></JobsDetail></Response>',
      ),
    );
    const result = parsed.Response.JobsDetail[0]?.Operation?.SpeechRecognitionResult;
    expect(result?.ResultDetail).toEqual([]);
    expect(result?.FlashResult[0]?.sentence_list[0]).toEqual({
      text: 'hi',
      start_time: '0',
      end_time: '5',
      word_list: [],
    });
  });
});
