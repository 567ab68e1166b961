import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAsrClient } from '../../../lib/engines/asr/asr-client.js';
import { createMpsClient } from '../../../lib/engines/mps/mps-client.js';
import type { Credentials } from '../../../lib/tencent/credentials.js';
import { TencentApiError, TencentNetworkError } from '../../../lib/tencent/errors.js';
import { errorBody, type FakeApi3Server, startFakeApi3Server } from './fake-api3-server.js';

/** Recorded Tencent answers (sources in test/fixtures/tencent/README.md). */
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/tencent/${name}`, import.meta.url), 'utf8');
const credentials: Credentials = { secretId: 'AKIDclients0001', secretKey: 'clients-secret-key' };
const keys = { [credentials.secretId]: credentials.secretKey };
const noWait = { sleep: async () => {}, random: () => 0 };

let server: FakeApi3Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function asrAnswering(body: string) {
  server = await startFakeApi3Server(keys, { kind: 'json', body });
  return createAsrClient({ credentials, connectTo: server.origin, retry: noWait });
}

describe('the ASR client', () => {
  it('submits CreateRecTask with the documented parameters and reads the recorded answer', async () => {
    const asr = await asrAnswering(fixture('create-rec-task.response.json'));

    const answer = await asr.createRecTask({
      EngineModelType: '16k_zh',
      ChannelNum: 1,
      ResTextFormat: 3,
      SourceType: 0,
      Url: 'https://example-1250000000.cos.ap-guangzhou.myqcloud.com/a.mp3?q-signature=x',
      CallbackUrl: 'https://example.com/cb?job=j1',
      SpeakerDiarization: 1,
      SpeakerNumber: 0,
      KeyWordLibIdList: ['lib1'],
      SpeakerRoles: [{ RoleAudioUrl: 'https://example.com/v.wav', RoleName: 'host' }],
    });

    expect(answer).toEqual({ RequestId: 'b6b0e328-d84d-866507b97435', Data: { TaskId: '1000000286' } });
    const seen = server?.requests[0];
    expect(seen?.signatureValid).toBe(true);
    expect(seen?.headers.host).toBe('asr.tencentcloudapi.com');
    expect(seen?.headers['x-tc-version']).toBe('2019-06-14');
    expect(JSON.parse(seen?.body ?? '')).toMatchObject({
      EngineModelType: '16k_zh',
      ResTextFormat: 3,
      SourceType: 0,
    });
  });

  it('keeps a TaskId of 18446744073709551615 exact, in the answer and in the next request', async () => {
    const asr = await asrAnswering(
      '{"Response":{"RequestId":"r1","Data":{"TaskId":18446744073709551615,"Status":1,"StatusStr":"doing"}}}',
    );

    const created = await asr.createRecTask({
      EngineModelType: '16k_en',
      ChannelNum: 1,
      ResTextFormat: 0,
      SourceType: 0,
      Url: 'https://example-1250000000.cos.ap-guangzhou.myqcloud.com/a.mp3',
    });
    const { response: status } = await asr.describeTaskStatus({ TaskId: created.Data.TaskId });

    expect(created.Data.TaskId).toBe('18446744073709551615');
    expect(status.Data.TaskId).toBe('18446744073709551615');
    expect(server?.requests[1]?.body).toBe('{"TaskId":18446744073709551615}');
  });

  it.each([
    ['describe-task-status.success.json', 2, 1],
    ['describe-task-status.waiting.json', 0, 0],
    ['describe-task-status.failed.json', 3, undefined],
  ])('parses the recorded DescribeTaskStatus answer %s', async (name, status, sentences) => {
    const asr = await asrAnswering(fixture(name));

    const { response: answer } = await asr.describeTaskStatus({ TaskId: '9266418' });

    expect(answer.Data.Status).toBe(status);
    expect(answer.Data.ResultDetail?.length).toBe(sentences);
  });

  it('reads sentence details with relative word offsets as recorded', async () => {
    const asr = await asrAnswering(fixture('describe-task-status.success.json'));

    const { Data } = (await asr.describeTaskStatus({ TaskId: '9266418' })).response;

    expect(Data).toMatchObject({ TaskId: '9266418', AudioDuration: 2.38, StatusStr: 'success' });
    expect(Data.ResultDetail?.[0]).toMatchObject({ StartMs: 20, EndMs: 2380, WordsNum: 4 });
    expect(Data.ResultDetail?.[0]?.Words?.[0]).toEqual({
      Word: '腾讯云',
      OffsetStartMs: 120,
      OffsetEndMs: 780,
    });
  });

  it('accepts null where Tencent documents "may be null"', async () => {
    const asr = await asrAnswering(
      '{"Response":{"RequestId":"r","Data":{"TaskId":1,"Status":2,"StatusStr":null,"Result":null,"ErrorMsg":null,"AudioDuration":null,"ResultDetail":[{"FinalSentence":null,"Words":null,"StartMs":null}]}}}',
    );

    const { Data } = (await asr.describeTaskStatus({ TaskId: '1' })).response;

    expect(Data.ResultDetail?.[0]?.Words).toBeNull();
  });

  it('parses the recorded SentenceRecognition answer (times in ms)', async () => {
    const asr = await asrAnswering(fixture('sentence-recognition.response.json'));

    const { response: answer } = await asr.sentenceRecognition({
      EngSerViceType: '16k_zh',
      SourceType: 1,
      VoiceFormat: 'wav',
      Data: 'AAAA',
      DataLen: 3,
    });

    expect(answer).toMatchObject({ Result: '腾讯云语音识别欢迎您。', AudioDuration: 2430, WordSize: 4 });
    expect(answer.WordList?.[3]).toEqual({ Word: '您', StartTime: 1890, EndTime: 2280 });
    expect(server?.requests[0]?.headers['x-tc-action']).toBe('SentenceRecognition');
  });

  it('turns the recorded error envelope into a TencentApiError', async () => {
    const asr = await asrAnswering(fixture('api-error.response.json'));

    const error = await asr.describeTaskStatus({ TaskId: '1' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentApiError);
    expect(error).toMatchObject({
      action: 'DescribeTaskStatus',
      code: 'AuthFailure.SignatureFailure',
      requestId: 'ed93f3cb-f35e-473f-b9f3-0d451b8b79c6',
      retryable: false,
    });
  });

  it.each([
    [
      'CreateRecTask without Url',
      () => ({ EngineModelType: '16k_zh', ChannelNum: 1, ResTextFormat: 0, SourceType: 0 as const }),
      /no Url/,
    ],
    [
      'CreateRecTask with 6 MB of Data',
      () => ({
        EngineModelType: '16k_zh',
        ChannelNum: 1,
        ResTextFormat: 0,
        SourceType: 1 as const,
        Data: 'A'.repeat(8 * 1024 * 1024),
      }),
      /above the 5242880-byte limit/,
    ],
  ])('refuses %s before sending anything, saying what to do', async (_, request, message) => {
    const asr = await asrAnswering(fixture('create-rec-task.response.json'));

    await expect(asr.createRecTask(request())).rejects.toThrow(message);
    expect(server?.requests).toHaveLength(0);
  });

  it('refuses SentenceRecognition with empty Data before sending anything', async () => {
    const asr = await asrAnswering(fixture('sentence-recognition.response.json'));

    await expect(
      asr.sentenceRecognition({ EngSerViceType: '16k_zh', SourceType: 1, VoiceFormat: 'wav' }),
    ).rejects.toThrow(/Data is empty/);
    expect(server?.requests).toHaveLength(0);
  });

  it('refuses a TaskId that is not a uint64 before sending anything', async () => {
    const asr = await asrAnswering(fixture('describe-task-status.success.json'));

    await expect(asr.describeTaskStatus({ TaskId: '-1' })).rejects.toThrow(RangeError);
    expect(server?.requests).toHaveLength(0);
  });
});

describe('the MPS client', () => {
  it('parses the recorded RecognizeAudio answer (times in seconds), signed for mps', async () => {
    server = await startFakeApi3Server(keys, {
      kind: 'json',
      body: fixture('recognize-audio.response.json'),
    });
    const mps = createMpsClient({
      credentials,
      region: 'ap-guangzhou',
      connectTo: server.origin,
      retry: noWait,
    });

    const { response: answer } = await mps.recognizeAudio({
      AudioData: 'AAAA',
      Source: 'en',
      AudioFormat: 'pcm',
      SampleRate: 16000,
    });

    expect(answer.AudioLength).toBe(4.2);
    expect(answer.Sentence?.[0]?.WordsInfo?.[13]).toEqual({ Word: 'People.', Start: 2.91, End: 3.11 });
    const seen = server.requests[0];
    expect(seen?.signatureValid).toBe(true);
    expect(seen?.headers.host).toBe('mps.tencentcloudapi.com');
    expect(seen?.headers.authorization).toContain('/mps/tc3_request');
    expect(seen?.headers['x-tc-version']).toBe('2019-06-12');
  });
});

describe('CreateRecTask retries', () => {
  const request = {
    EngineModelType: '16k_zh',
    ChannelNum: 1,
    ResTextFormat: 0,
    SourceType: 0 as const,
    Url: 'https://x/a.mp3',
  };

  it('are not made after a reset, when the first request may already have started a task', async () => {
    server = await startFakeApi3Server(keys, {
      kind: 'json',
      body: fixture('create-rec-task.response.json'),
    });
    server.script({ kind: 'reset' });
    const asr = createAsrClient({ credentials, connectTo: server.origin, retry: noWait });

    const error = await asr.createRecTask(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('are made when Tencent refused the request with RequestLimitExceeded', async () => {
    server = await startFakeApi3Server(keys, {
      kind: 'json',
      body: fixture('create-rec-task.response.json'),
    });
    server.script({ kind: 'json', body: errorBody('RequestLimitExceeded.UinLimitExceeded') });
    const asr = createAsrClient({ credentials, connectTo: server.origin, retry: noWait });

    await expect(asr.createRecTask(request)).resolves.toMatchObject({ Data: { TaskId: '1000000286' } });
    expect(server.requests).toHaveLength(2);
  });

  it('go on through a throttling burst past the six attempts a read gets', async () => {
    // Prepare: ten refusals, then the answer (a burst of uploads against the 20/s limit).
    server = await startFakeApi3Server(keys, {
      kind: 'json',
      body: fixture('create-rec-task.response.json'),
    });
    const refused = { kind: 'json' as const, body: errorBody('RequestLimitExceeded') };
    server.script(...Array(10).fill(refused));
    const asr = createAsrClient({ credentials, connectTo: server.origin, retry: noWait });

    // Act
    const created = await asr.createRecTask(request);
    const submitRequests = server.requests.length;
    server.script(...Array(10).fill(refused));
    const describeError = await asr.describeTaskStatus({ TaskId: '9266418' }).catch((e: unknown) => e);

    // Assess
    expect(created).toMatchObject({ Data: { TaskId: '1000000286' } });
    expect(submitRequests).toBe(11);
    expect(describeError).toMatchObject({ code: 'RequestLimitExceeded' });
    expect(server.requests.length - submitRequests).toBe(6);
  });

  it('stop after the usual six attempts when the refusal is not throttling', async () => {
    // Prepare
    server = await startFakeApi3Server(keys, { kind: 'json', body: errorBody('InternalError') });
    const asr = createAsrClient({ credentials, connectTo: server.origin, retry: noWait });

    // Act
    const error = await asr.createRecTask(request).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'InternalError', retryable: true });
    expect(server.requests).toHaveLength(6);
  });

  it('are made when the connection was refused, so nothing was sent', async () => {
    // Prepare: a port that was just free; count attempts through the credentials provider.
    const closed = await startFakeApi3Server(keys, { kind: 'hang' });
    await closed.close();
    let attempts = 0;
    const asr = createAsrClient({
      credentials: () => {
        attempts++;
        return credentials;
      },
      connectTo: closed.origin,
      retry: { ...noWait, maxAttempts: 3 },
    });

    const error = await asr.createRecTask(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TencentNetworkError);
    expect(attempts).toBe(3);
  });

  it('of read-only actions are made after a reset', async () => {
    server = await startFakeApi3Server(keys, {
      kind: 'json',
      body: fixture('describe-task-status.success.json'),
    });
    server.script({ kind: 'reset' });
    const asr = createAsrClient({ credentials, connectTo: server.origin, retry: noWait });

    await expect(asr.describeTaskStatus({ TaskId: '9266418' })).resolves.toMatchObject({
      response: { Data: { Status: 2 } },
    });
    expect(server.requests).toHaveLength(2);
  });
});
