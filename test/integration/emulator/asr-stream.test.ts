/**
 * The emulated live recognition (ASR CreateAsyncRecognitionTask, CloseAsyncRecognitionTask,
 * DescribeAsyncRecognitionTasks) through the official node SDK: the documented refusals, the stream
 * cap, uint64 ids, and a real HTTP-FLV stream of LibriVox speech pulled at real time, cut into
 * utterances, recognised, and posted with a CheckSum this test computes on its own.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlvStreamServer, serveFlvStream } from '../../../local/asr-stream/flv-stream-server.js';
import { librivoxReading } from '../../../local/asr-stream/librivox-reading.js';
import { type ApiKit, type CallbackReceiver, startApiKit, startCallbackReceiver } from './asr-kit.js';

let kit: ApiKit;
let receiver: CallbackReceiver;
let streams: FlvStreamServer;
let dir: string;

beforeAll(async () => {
  kit = await startApiKit({ liveStreams: { idleEndMs: 10_000, maxStreams: 3 } });
  receiver = await startCallbackReceiver();
  dir = await mkdtemp(path.join(tmpdir(), 'asr-stream-'));
  const media = path.join(dir, 'speech.wav');
  await writeFile(media, librivoxReading(['0880', '0930'], 1_500));
  streams = await serveFlvStream({ mediaPath: media, once: true });
});

afterAll(async () => {
  await streams.close();
  await receiver.close();
  await kit.close();
  await rm(dir, { recursive: true, force: true });
});

const base = () => ({ EngineType: '16k_en', Url: streams.url('talk'), CallbackUrl: `${receiver.url}/live` });

async function refusal(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'accepted',
    (error: { code?: string }) => String(error.code),
  );
}

describe('CreateAsyncRecognitionTask refusals', () => {
  it.each([
    ['an HLS playlist', { Url: 'https://cdn.example.com/live/index.m3u8' }, 'InvalidParameterValue'],
    ['an ftp stream', { Url: 'ftp://example.com/x' }, 'InvalidParameterValue'],
    ['an engine type the stream API lacks', { EngineType: '16k_zh_video' }, 'InvalidParameterValue'],
    ['a field it does not define', { ClearTime: 5 }, 'UnknownParameter'],
    ['no callback URL', { CallbackUrl: undefined }, 'MissingParameter'],
  ])('refuses %s', async (_name, change, code) => {
    // Act
    const answer = await refusal(kit.asr().CreateAsyncRecognitionTask({ ...base(), ...change } as never));

    // Assess
    expect(answer).toBe(code);
  });

  it('answers NoSuchTask for closing a task that is not running', async () => {
    expect(await refusal(kit.asr().CloseAsyncRecognitionTask({ TaskId: 123 }))).toBe(
      'FailedOperation.NoSuchTask',
    );
  });
});

describe('a live stream', () => {
  it('is recognised utterance by utterance, signed, and ends by itself once the stream is silent', async () => {
    // Prepare
    const client = kit.asr();

    // Act
    const created = await client.CreateAsyncRecognitionTask({ ...base(), SignToken: 'token-1', WordInfo: 2 });
    const taskId = created.Data?.TaskId;
    const running = await client.DescribeAsyncRecognitionTasks();
    const callbacks = await receiver.waitFor(2, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 14_000));
    const after = await client.DescribeAsyncRecognitionTasks();

    // Assess
    expect(running.Data?.Tasks).toEqual([{ TaskId: taskId, Url: streams.url('talk') }]);
    const bodies = callbacks.map((callback) => {
      expect(callback.contentType).toBe('application/json; charset=UTF-8');
      const expected = createHash('sha256').update(`1250000000token-1${callback.body}`).digest('hex');
      expect(callback.checkSum).toBe(expected);
      return JSON.parse(callback.body) as {
        TaskId: number;
        Result: Array<{
          VoiceId: string;
          Text: string;
          StartTime: number;
          EndTime: number;
          WordList: Array<{ Word: string }>;
        }>;
      };
    });
    const sentences = bodies.flatMap((body) => body.Result);
    expect(bodies.every((body) => body.TaskId === taskId)).toBe(true);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    for (const [index, sentence] of sentences.entries()) {
      expect(sentence.EndTime - sentence.StartTime).toBeLessThanOrEqual(15_000);
      expect(sentence.VoiceId).toMatch(new RegExp(`^${taskId}0_[0-9a-f]{24}_1_0_${index + 1}$`));
      expect(sentence.WordList.map((word) => word.Word).join(' ')).toBe(sentence.Text);
      if (index > 0) expect(sentence.StartTime).toBeGreaterThan(sentences[index - 1]?.EndTime ?? 0);
    }
    expect(sentences[0]?.Text).toMatch(/^[A-Z].*\.$/);
    expect(after.Data ?? null).toBeNull();
    expect(await refusal(client.CloseAsyncRecognitionTask({ TaskId: taskId as number }))).toBe(
      'FailedOperation.NoSuchTask',
    );
  }, 90_000);

  it('caps concurrent streams and frees a slot on close', async () => {
    // Prepare: streams from nowhere are accepted (the service pulls later), and count against the cap.
    const client = kit.asr();
    const nowhere = { ...base(), Url: 'rtmp://127.0.0.1:1/live/none' };
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client.CreateAsyncRecognitionTask(nowhere)).Data?.TaskId);

    // Act
    const fourth = await refusal(client.CreateAsyncRecognitionTask(nowhere));
    await client.CloseAsyncRecognitionTask({ TaskId: ids[0] as number });
    const again = await client.CreateAsyncRecognitionTask(nowhere);

    // Assess
    expect(fourth).toBe('LimitExceeded');
    expect(again.Data?.TaskId).toBeGreaterThan(ids[2] as number);
    for (const id of [...ids.slice(1), again.Data?.TaskId])
      await client.CloseAsyncRecognitionTask({ TaskId: id as number });
  });
});
