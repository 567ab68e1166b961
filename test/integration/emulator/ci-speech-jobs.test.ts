/**
 * The CI speech-job API of the emulator, driven with the official cos-nodejs-sdk-v5 through
 * `cos.request` on the real `<bucket>.ci.<region>.myqcloud.com` host: queue, submit (legacy and
 * current API), get, list, cancel, parameter validation with CI's codes, and signature checks.
 * The input here is not media, so the real recogniser fails it fast; real speech is in
 * ci-recognition.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import COS from 'cos-nodejs-sdk-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../../local/accounts.js';
import { fixture } from '../../unit/transcript/fixture.js';
import {
  BUCKET,
  CI_URL,
  type CiKit,
  ciRequest,
  elementPaths,
  jobXml,
  parseXml,
  QUEUE_ID,
  rawRequest,
  startCiKit,
  waitForJob,
} from './ci-test-kit.js';

let kit: CiKit;
beforeAll(async () => {
  kit = await startCiKit();
  await kit.cos.putObject({
    Bucket: BUCKET,
    Region: 'ap-guangzhou',
    Key: 'in/a.wav',
    Body: Buffer.from('not audio'),
  });
});
afterAll(async () => kit.close());

function jobId(xml: string): string {
  const id = /<JobId>(s[0-9a-f]{32})<\/JobId>/.exec(xml)?.[1];
  if (!id) throw new Error(`no JobId in ${xml}`);
  return id;
}

describe('the CI speech queue', () => {
  it('lists one active default queue whose id POST /asr_jobs accepts', async () => {
    const answer = await ciRequest(kit.cos, 'GET', '/asrqueue');

    expect(answer.statusCode).toBe(200);
    const queue = (parseXml(answer.body).Response as { QueueList: Record<string, string> }).QueueList;
    expect(queue.QueueId).toBe(QUEUE_ID);
    expect(queue.State).toBe('Active');
    const submitted = await ciRequest(kit.cos, 'POST', '/asr_jobs', jobXml({ queueId: queue.QueueId }));
    expect(submitted.statusCode).toBe(200);
  });
});

describe('submitting a speech job', () => {
  it('answers POST /asr_jobs with JobsDetail in exactly the recorded shape, State Submitted', async () => {
    const answer = await ciRequest(kit.cos, 'POST', '/asr_jobs', jobXml({ userData: 'job-42' }));

    expect(answer.statusCode).toBe(200);
    const recorded = fixture('ci-submit.response.xml');
    expect(elementPaths(answer.body)).toEqual(elementPaths(recorded));
    const detail = (parseXml(answer.body).Response as { JobsDetail: Record<string, unknown> }).JobsDetail;
    expect(detail).toMatchObject({
      State: 'Submitted',
      Tag: 'SpeechRecognition',
      Code: 'Success',
      EndTime: '-',
    });
    expect(detail.QueueId).toBe(QUEUE_ID);
    expect(detail.CreationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0800$/);
    expect(detail.Input).toEqual({ BucketId: BUCKET, Object: 'in/a.wav', Region: 'ap-guangzhou' });
  });

  it('accepts fast recognition (FlashAsr with Format) without ChannelNum', async () => {
    const body = jobXml({ speech: { FlashAsr: 'true', Format: 'wav', WordInfo: '1' } }).replace(
      '<ChannelNum>1</ChannelNum>',
      '',
    );

    const answer = await ciRequest(kit.cos, 'POST', '/asr_jobs', body);

    expect(answer.statusCode).toBe(200);
  });

  it('accepts POST /jobs without a QueueId and puts the job on the default queue', async () => {
    const answer = await ciRequest(kit.cos, 'POST', '/jobs', jobXml({ queueId: null }));

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(`<QueueId>${QUEUE_ID}</QueueId>`);
  });

  it.each([
    ['a legacy request without QueueId', jobXml({ queueId: null }), 'QueueId is required'],
    ['an unknown queue', jobXml({ queueId: 'p00000000000000000000000000000000' }), 'does not exist'],
    ['an unknown engine', jobXml({ speech: { EngineModelType: '16k_xx' } }), 'EngineModelType'],
    ['dual channel on a 16k engine', jobXml({ speech: { ChannelNum: '2' } }), 'ChannelNum'],
    ['ResTextFormat 3', jobXml({ speech: { ResTextFormat: '3' } }), 'ResTextFormat'],
    [
      'a missing ResTextFormat on the legacy API',
      jobXml({ speech: { ResTextFormat: '' } }).replace('<ResTextFormat></ResTextFormat>', ''),
      'ResTextFormat is required',
    ],
    ['FilterDirty 3', jobXml({ speech: { FilterDirty: '3' } }), 'FilterDirty'],
    ['FilterModal -1', jobXml({ speech: { FilterModal: '-1' } }), 'FilterModal'],
    ['FilterPunc 01', jobXml({ speech: { FilterPunc: '01' } }), 'FilterPunc'],
    ['ConvertNumMode 2', jobXml({ speech: { ConvertNumMode: '2' } }), 'ConvertNumMode'],
    ['SpeakerDiarization 2', jobXml({ speech: { SpeakerDiarization: '2' } }), 'SpeakerDiarization'],
    ['SpeakerNumber 11', jobXml({ speech: { SpeakerNumber: '11' } }), 'SpeakerNumber'],
    ['FlashAsr without Format', jobXml({ speech: { FlashAsr: 'true' } }), 'Format is required'],
    [
      'FlashAsr on a 16k_ca engine',
      jobXml({ speech: { EngineModelType: '16k_ca', FlashAsr: 'true', Format: 'wav' } }),
      'FlashAsr needs',
    ],
    [
      'WordInfo 3 with FlashAsr',
      jobXml({ speech: { FlashAsr: 'true', Format: 'wav', WordInfo: '3' } }),
      'WordInfo',
    ],
    [
      'general recognition without ChannelNum',
      jobXml({}).replace('<ChannelNum>1</ChannelNum>', ''),
      'ChannelNum is required',
    ],
    ['OutputFileType vtt', jobXml({ speech: { OutputFileType: 'vtt' } }), 'OutputFileType'],
    ['CallBackFormat YAML', jobXml({ callBackFormat: 'YAML' }), 'CallBackFormat'],
    ['a CallBack that is not a URL', jobXml({ callBack: 'ftp://x' }), 'CallBack'],
    ['TDMQ without its config', jobXml({ extra: '<CallBackType>TDMQ</CallBackType>' }), 'CallBackMqConfig'],
    ['UserData that is not printable ASCII', jobXml({ userData: 'tab\there' }), 'UserData'],
    [
      'an output bucket that does not exist',
      jobXml({}).replace('results-1250000000', 'nope-1250000000'),
      'Output.Bucket',
    ],
    [
      'an output in another region',
      jobXml({}).replace('<Region>ap-guangzhou</Region>', '<Region>ap-beijing</Region>'),
      'Output.Region',
    ],
    ['no input', jobXml({}).replace('<Object>in/a.wav</Object>', ''), 'Input needs Object or Url'],
    ['another Tag', jobXml({}).replace('<Tag>SpeechRecognition</Tag>', '<Tag>Transcode</Tag>'), 'Tag'],
  ])('refuses %s with 400 InvalidArgument naming the element', async (_name, body, mention) => {
    const answer = await ciRequest(kit.cos, 'POST', '/asr_jobs', body);

    expect(answer.error?.statusCode).toBe(400);
    expect(answer.error?.code).toBe('InvalidArgument');
    expect(answer.error?.message).toContain(mention);
  });

  it('refuses XML that is not well-formed (the documented sample itself) with MalformedXML', async () => {
    const seedSample = jobXml({}).replace(
      '<ChannelNum>1</ChannelNum>',
      '<ChannelNum>1</ChannelNum><FilterDirty>1</ChannelNum>',
    );

    const answer = await ciRequest(kit.cos, 'POST', '/asr_jobs', seedSample);

    expect(answer.error?.statusCode).toBe(400);
    expect(answer.error?.code).toBe('MalformedXML');
  });
});

describe('reading jobs back', () => {
  it('returns a job by id from both API generations, and names unknown ids in NonExistJobIds', async () => {
    const id = jobId((await ciRequest(kit.cos, 'POST', '/asr_jobs', jobXml({}))).body);

    const legacy = await ciRequest(kit.cos, 'GET', `/asr_jobs/${id}`);
    const current = await ciRequest(kit.cos, 'GET', `/jobs/${id}`);
    const unknown = await ciRequest(kit.cos, 'GET', '/jobs/s0000000000000000000000000000dead');

    expect(legacy.body).toContain(`<JobId>${id}</JobId>`);
    expect(current.body).toContain(`<JobId>${id}</JobId>`);
    expect(legacy.body).not.toContain('NonExistJobIds');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toBe(
      '<Response><NonExistJobIds>s0000000000000000000000000000dead</NonExistJobIds></Response>',
    );
  });

  it('lists jobs by queue and state, newest first, paging with NextToken', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1)
      ids.push(jobId((await ciRequest(kit.cos, 'POST', '/asr_jobs', jobXml({}))).body));

    const first = await ciRequest(kit.cos, 'GET', '/asr_jobs', undefined, { queueId: QUEUE_ID, size: '2' });
    const token = /<NextToken>(\d+)<\/NextToken>/.exec(first.body)?.[1] ?? '';
    const byTag = await ciRequest(kit.cos, 'GET', '/jobs', undefined, {
      tag: 'SpeechRecognition',
      size: '100',
    });
    const noTag = await ciRequest(kit.cos, 'GET', '/jobs');
    const second = await ciRequest(kit.cos, 'GET', '/asr_jobs', undefined, {
      queueId: QUEUE_ID,
      size: '2',
      nextToken: token,
    });

    expect(first.statusCode).toBe(200);
    expect([...first.body.matchAll(/<JobId>/g)]).toHaveLength(2);
    expect(token).not.toBe('');
    expect(second.body).toContain('<JobId>');
    for (const id of ids) expect(byTag.body).toContain(id);
    expect(noTag.error?.code).toBe('InvalidArgument');
  });
});

describe('cancelling a job', () => {
  it('cancels a Submitted job, refuses to cancel it twice, and refuses a Running job', async () => {
    // Prepare: the runner takes two jobs at a time; two whose input download is held open keep it
    // busy, so a third stays Submitted for as long as the test needs.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowInput = createServer((_request, response) => {
      void held.then(() => response.writeHead(404).end());
    });
    await new Promise<void>((resolve) => slowInput.listen(0, '127.0.0.1', resolve));
    const inputUrl = `http://127.0.0.1:${(slowInput.address() as AddressInfo).port}/slow.wav`;
    const blockers = [];
    for (let i = 0; i < 2; i++) {
      blockers.push(
        jobId((await ciRequest(kit.cos, 'POST', '/jobs', jobXml({ queueId: null, inputUrl }))).body),
      );
    }
    // Earlier tests' jobs may still be ahead of them: wait until both blockers run.
    for (const id of blockers) await waitForJob(kit.cos, id, 20_000, [], (state) => state === 'Running');
    const queued = jobId((await ciRequest(kit.cos, 'POST', '/jobs', jobXml({ queueId: null }))).body);
    const cancel = (id: string) => ciRequest(kit.cos, 'PUT', `/jobs/${id}`, undefined, { cancel: '' });

    // Act
    const cancelled = await cancel(queued);
    const again = await cancel(queued);
    const running = await cancel(blockers[0] as string);
    const after = await ciRequest(kit.cos, 'GET', `/jobs/${queued}`);
    release();
    slowInput.close();

    // Assess
    expect(cancelled.statusCode).toBe(200);
    expect(after.body).toContain('<State>Cancel</State>');
    expect(again.error?.message).toContain('can not be modified');
    expect(running.error?.message).toContain('can not be modified');
  });
});

describe('request signatures', () => {
  const signed = (options: { secretKey?: string; keyTime?: string; headers?: Record<string, string> }) => {
    const now = Math.floor(Date.now() / 1000);
    return COS.getAuthorization({
      SecretId: DEFAULT_SECRET_ID,
      SecretKey: options.secretKey ?? DEFAULT_SECRET_KEY,
      Method: 'get',
      Pathname: '/asrqueue',
      Headers: { host: `${BUCKET}.ci.ap-guangzhou.myqcloud.com`, ...options.headers },
      KeyTime: options.keyTime ?? `${now - 1};${now + 600}`,
    });
  };
  const send = async (authorization: string | undefined, extraHeaders: Record<string, string> = {}) => {
    const answer = await rawRequest(kit.emulator.port, 'GET', '/asrqueue', {
      // fetch may not set Host; node:http keeps the virtual-host name while dialling loopback.
      host: `${BUCKET}.ci.ap-guangzhou.myqcloud.com`,
      ...(authorization ? { authorization } : {}),
      ...extraHeaders,
    });
    return { status: answer.status, code: /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1], body: answer.body };
  };

  it('accepts a request signed with the account key', async () => {
    expect((await send(signed({}))).status).toBe(200);
  });

  it.each([
    ['no Authorization', undefined, 403, 'AccessDenied'],
    ['a wrong secret key', signed({ secretKey: 'wrong' }), 403, 'SignatureDoesNotMatch'],
    ['an unknown SecretId', signed({}).replace(DEFAULT_SECRET_ID, 'AKIDunknown'), 403, 'InvalidAccessKeyId'],
    ['an expired key time', signed({ keyTime: '1500000000;1500000900' }), 403, 'AccessDenied'],
    [
      'a key time far in the future',
      signed({ keyTime: `${Math.floor(Date.now() / 1000) + 7200};${Math.floor(Date.now() / 1000) + 9000}` }),
      403,
      'RequestTimeTooSkewed',
    ],
  ])('rejects %s', async (_name, authorization, status, code) => {
    const answer = await send(authorization);

    expect(answer.status).toBe(status);
    expect(answer.code).toBe(code);
    expect(answer.body).toMatch(/^<\?xml version='1\.0' encoding='utf-8' \?><Error><Code>/);
  });

  it('rejects a tampered signed header', async () => {
    const authorization = signed({ headers: { 'x-ci-marker': 'a' } });

    const answer = await send(authorization, { 'x-ci-marker': 'b' });

    expect(answer.code).toBe('SignatureDoesNotMatch');
  });

  it('accepts temporary credentials only with their token in x-ci-security-token', async () => {
    const temporary = kit.emulator.accounts.issueTemporary(600);
    const withToken = kit.client({
      SecretId: temporary.secretId,
      SecretKey: temporary.secretKey,
      SecurityToken: temporary.token,
    });
    const withoutToken = kit.client({ SecretId: temporary.secretId, SecretKey: temporary.secretKey });

    const good = await ciRequest(withToken, 'GET', '/asrqueue');
    const bad = await ciRequest(withoutToken, 'GET', '/asrqueue');

    expect(good.statusCode).toBe(200);
    expect(bad.error?.code).toBe('InvalidAccessKeyId');
  });

  it('refuses an SDK client holding the wrong secret key with SignatureDoesNotMatch', async () => {
    const answer = await ciRequest(kit.client({ SecretKey: 'not-the-key' }), 'GET', '/asrqueue');

    expect(answer.error?.statusCode).toBe(403);
    expect(answer.error?.code).toBe('SignatureDoesNotMatch');
  });

  it('lets an SDK with a clock an hour slow recover from "Request has expired" through the Date header', async () => {
    const slow = kit.client({ SystemClockOffset: -3_600_000 } as Partial<COS.COSOptions>);

    const answer = await ciRequest(slow, 'GET', '/asrqueue');

    expect(answer.statusCode).toBe(200);
    expect(
      Math.abs(
        (slow as unknown as { options: { SystemClockOffset?: number } }).options.SystemClockOffset ??
          -3_600_000,
      ),
    ).toBeLessThan(30_000);
  });

  it('answers a bucket that does not exist with NoSuchBucket', async () => {
    const answer = await kit.cos
      .request({
        Method: 'GET',
        Url: `${CI_URL.replace('media-', 'ghost-')}/asrqueue`,
      } as unknown as COS.RequestParams)
      .catch((error: { code?: string; statusCode?: number }) => error);

    expect(answer).toMatchObject({ code: 'NoSuchBucket', statusCode: 404 });
  });
});
