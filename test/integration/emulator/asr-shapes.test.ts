import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiKit, jsonShape, rawApiCall, startApiKit, startCallbackReceiver } from './asr-kit.js';
import { librivoxClip } from './recognizer-librivox.js';

const SLOW = 240_000;
const here = path.dirname(fileURLToPath(import.meta.url));

/** A recorded payload from test/fixtures/tencent (its README says where each came from). */
function fixture(name: string): string {
  return readFileSync(path.resolve(here, '../../fixtures/tencent', name), 'utf8');
}

function recordedShape(name: string): unknown {
  return jsonShape(JSON.parse(fixture(name)));
}

describe('the ASR emulator answers in the recorded shapes', () => {
  let kit: ApiKit;
  const asr = (action: string, body: unknown) =>
    rawApiCall(kit.emulator.port, {
      service: 'asr',
      version: '2019-06-14',
      action,
      body: JSON.stringify(body),
    });
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  it(
    'matches CreateRecTask, DescribeTaskStatus (waiting, success) and the callback form',
    async () => {
      // Prepare
      const clip = librivoxClip('0880');
      const receiver = await startCallbackReceiver();
      const url = await kit.presignedObject('shapes/0880.wav', clip.wav);

      try {
        // Act
        const created = await asr('CreateRecTask', {
          EngineModelType: '16k_en',
          ChannelNum: 1,
          ResTextFormat: 2,
          SourceType: 0,
          Url: url,
          CallbackUrl: receiver.url,
        });
        const taskId = (JSON.parse(created) as { Response: { Data: { TaskId: number } } }).Response.Data
          .TaskId;
        const waiting = await asr('DescribeTaskStatus', { TaskId: taskId });
        const [callback] = await receiver.waitFor(1, SLOW);
        const success = await asr('DescribeTaskStatus', { TaskId: taskId });

        // Assess
        expect(jsonShape(JSON.parse(created))).toEqual(recordedShape('create-rec-task.response.json'));
        expect(created).toMatch(/^\{"Response":\{"Data":\{"TaskId":\d+\},"RequestId":"[0-9a-f-]{36}"\}\}$/);
        expect(jsonShape(JSON.parse(waiting))).toEqual(recordedShape('describe-task-status.waiting.json'));
        expect(JSON.parse(waiting).Response.Data.StatusStr).toMatch(/^(waiting|doing)$/);
        expect(jsonShape(JSON.parse(success))).toEqual(recordedShape('describe-task-status.success.json'));
        const recordedKeys = [...new URLSearchParams(fixture('asr-callback.form.txt').trim()).keys()];
        // audioUrl is documented for Url tasks and absent from the recorded example, which had none.
        expect([...new URLSearchParams(callback?.body).keys()]).toEqual([
          ...recordedKeys.slice(0, 4),
          'audioUrl',
          ...recordedKeys.slice(4),
        ]);
      } finally {
        await receiver.close();
      }
    },
    SLOW,
  );

  it(
    'matches DescribeTaskStatus for a failed task',
    async () => {
      // Act
      const created = await asr('CreateRecTask', {
        EngineModelType: '16k_en',
        ChannelNum: 1,
        ResTextFormat: 0,
        SourceType: 1,
        Data: Buffer.from('not audio').toString('base64'),
      });
      const taskId = (JSON.parse(created) as { Response: { Data: { TaskId: number } } }).Response.Data.TaskId;
      let failed = '';
      for (let i = 0; i < 100; i++) {
        failed = await asr('DescribeTaskStatus', { TaskId: taskId });
        if (JSON.parse(failed).Response.Data.Status === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      // Assess
      expect(JSON.parse(failed).Response.Data.Status).toBe(3);
      expect(jsonShape(JSON.parse(failed))).toEqual(recordedShape('describe-task-status.failed.json'));
    },
    SLOW,
  );

  it('matches the API 3.0 error envelope', async () => {
    // Act
    const answer = await rawApiCall(kit.emulator.port, {
      service: 'asr',
      version: '2019-06-14',
      action: 'DescribeTaskStatus',
      body: '{"TaskId":1}',
      credential: { secretId: kit.emulator.context.accounts.issueTemporary(60).secretId, secretKey: 'wrong' },
    });

    // Assess
    expect(jsonShape(JSON.parse(answer))).toEqual(recordedShape('api-error.response.json'));
  });

  it(
    'matches SentenceRecognition with word times in milliseconds',
    async () => {
      // Prepare
      const clip = librivoxClip('0880');

      // Act
      const answer = await asr('SentenceRecognition', {
        EngSerViceType: '16k_en',
        SourceType: 1,
        VoiceFormat: 'wav',
        Data: clip.wav.toString('base64'),
        DataLen: clip.wav.length,
        WordInfo: 1,
      });

      // Assess
      const response = JSON.parse(answer).Response;
      expect(jsonShape(JSON.parse(answer))).toEqual(recordedShape('sentence-recognition.response.json'));
      expect(response.AudioDuration).toBe(2990);
      expect(response.WordSize).toBe(response.WordList.length);
      let previousEnd = 0;
      for (const word of response.WordList as Array<{ StartTime: number; EndTime: number }>) {
        expect(word.StartTime).toBeGreaterThanOrEqual(previousEnd);
        expect(word.EndTime).toBeGreaterThan(word.StartTime);
        previousEnd = word.EndTime;
      }
      expect(previousEnd).toBeLessThanOrEqual(2990);
    },
    SLOW,
  );
});
