import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordErrorRate } from '../../../local/recognizer/word-error-rate.js';
import {
  APP_ID,
  type ApiKit,
  type CallbackReceiver,
  startApiKit,
  startCallbackReceiver,
  waitForTask,
} from './asr-kit.js';
import { LIBRIVOX_WER_BOUND, librivoxClip, librivoxClips } from './recognizer-librivox.js';

// pocketsphinx needs about half the audio's duration of one core; on a busy 2-core machine it queues.
const SLOW = 240_000;

interface SdkSentence {
  FinalSentence?: string;
  SliceSentence?: string;
  StartMs?: number;
  EndMs?: number;
  Words?: Array<{ Word?: string; OffsetStartMs?: number; OffsetEndMs?: number }>;
}

describe('CreateRecTask → callback → DescribeTaskStatus on real speech', () => {
  let kit: ApiKit;
  let receiver: CallbackReceiver;
  beforeAll(async () => {
    kit = await startApiKit();
    receiver = await startCallbackReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await kit.close();
  });

  it(
    'recognises LibriVox clips from presigned COS URLs, calls back once each, and reports word timings',
    async () => {
      // Prepare: two clips (0880 and 0920, 13 s of audio together) in the emulator's COS.
      const clips = librivoxClips().filter((c) => c.id.endsWith('0880') || c.id.endsWith('0920'));
      expect(clips).toHaveLength(2);
      const client = kit.asr();

      // Act
      const created = [];
      for (const clip of clips) {
        const url = await kit.presignedObject(`input/${clip.id}.wav`, clip.wav);
        created.push(
          await client.CreateRecTask({
            EngineModelType: '16k_en',
            ChannelNum: 1,
            ResTextFormat: 2,
            SourceType: 0,
            Url: url,
            CallbackUrl: receiver.url,
          }),
        );
      }
      const callbacks = await receiver.waitFor(2, SLOW);
      const statuses = await Promise.all(
        created.map((c) => waitForTask(client, c.Data?.TaskId ?? 0, 10_000)),
      );

      // Assess: the callbacks.
      const taskIds = created.map((c) => String(c.Data?.TaskId));
      const forms = callbacks.map((c) => new URLSearchParams(c.body));
      expect(callbacks.every((c) => c.contentType === 'application/x-www-form-urlencoded')).toBe(true);
      expect(forms.map((f) => f.get('requestId')).sort()).toEqual([...taskIds].sort());
      for (const form of forms) {
        expect(form.get('code')).toBe('0');
        expect(form.get('appid')).toBe(APP_ID);
        expect(form.get('audioUrl')).toMatch(
          /^http:\/\/media-1250000000\.cos\.ap-guangzhou\.myqcloud\.com\/input\//,
        );
        expect(form.get('audioTime')).toMatch(/^\d+\.\d{6}$/);
        expect(form.get('text')).toMatch(/^(\[\d+:\d+\.\d{3},\d+:\d+\.\d{3}\] {2}[^\n]+\n)+$/);
      }

      // Assess: DescribeTaskStatus agrees with the callback and carries sentence-relative word offsets.
      const hypotheses: string[] = [];
      for (const [i, status] of statuses.entries()) {
        const data = status.Data;
        expect(data).toMatchObject({ Status: 2, StatusStr: 'success', ErrorMsg: '' });
        const form = forms.find((f) => f.get('requestId') === String(data?.TaskId));
        expect(form?.get('text')).toBe(data?.Result);
        expect(Number(form?.get('audioTime'))).toBeCloseTo(data?.AudioDuration ?? -1, 6);
        let previousEnd = 0;
        const words: string[] = [];
        for (const sentence of (data?.ResultDetail ?? []) as SdkSentence[]) {
          const start = sentence.StartMs ?? -1;
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          for (const word of sentence.Words ?? []) {
            const absoluteStart = start + (word.OffsetStartMs ?? -1);
            const absoluteEnd = start + (word.OffsetEndMs ?? -1);
            expect(word.OffsetStartMs).toBeGreaterThanOrEqual(0);
            expect(absoluteStart).toBeGreaterThanOrEqual(previousEnd);
            expect(absoluteEnd).toBeGreaterThan(absoluteStart);
            expect(absoluteEnd).toBeLessThanOrEqual(sentence.EndMs ?? -1);
            previousEnd = absoluteEnd;
            words.push(word.Word ?? '');
          }
          expect(sentence.SliceSentence).toBe((sentence.Words ?? []).map((w) => w.Word).join(' '));
          expect(sentence.FinalSentence).toMatch(/^[A-Z].*\.$/);
        }
        expect(previousEnd).toBeLessThanOrEqual((data?.AudioDuration ?? 0) * 1000);
        hypotheses[i] = words.join(' ');
      }
      const pairs = clips.map((clip, i) => ({ reference: clip.reference, hypothesis: hypotheses[i] ?? '' }));
      expect(wordErrorRate(pairs)).toBeLessThan(LIBRIVOX_WER_BOUND);
    },
    SLOW,
  );
});

describe('CreateRecTask failures', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  it(
    'reports undecodable inline audio as failed, with callback code 10004',
    async () => {
      // Prepare
      const receiver = await startCallbackReceiver();
      const client = kit.asr();
      const data = Buffer.from('this is a text file, not audio\n'.repeat(20));

      try {
        // Act
        const created = await client.CreateRecTask({
          EngineModelType: '16k_en',
          ChannelNum: 1,
          ResTextFormat: 0,
          SourceType: 1,
          Data: data.toString('base64'),
          DataLen: data.length,
          CallbackUrl: receiver.url,
        });
        const [callback] = await receiver.waitFor(1, 60_000);
        const status = await waitForTask(client, created.Data?.TaskId ?? 0, 10_000);

        // Assess
        const form = new URLSearchParams(callback?.body);
        expect(form.get('code')).toBe('10004');
        expect(form.get('message')).toMatch(/^Invalid audio file/);
        expect(form.has('audioUrl')).toBe(false);
        expect(status.Data).toMatchObject({ Status: 3, StatusStr: 'failed', Result: '', ResultDetail: null });
        expect(status.Data?.ErrorMsg).toBe(form.get('message'));
      } finally {
        await receiver.close();
      }
    },
    SLOW,
  );

  it(
    'reports an input it cannot download with callback code 10007 and the recorded ErrorMsg',
    async () => {
      // Prepare: a presigned URL to an object that does not exist.
      const receiver = await startCallbackReceiver();
      const client = kit.asr();
      const url = (await kit.presignedObject('input/exists.wav', Buffer.from('x'))).replace(
        'exists.wav',
        'missing.wav',
      );

      try {
        // Act
        const created = await client.CreateRecTask({
          EngineModelType: '16k_zh',
          ChannelNum: 1,
          ResTextFormat: 0,
          SourceType: 0,
          Url: url,
          CallbackUrl: receiver.url,
        });
        const [callback] = await receiver.waitFor(1, 30_000);
        const status = await waitForTask(client, created.Data?.TaskId ?? 0, 10_000);

        // Assess
        expect(new URLSearchParams(callback?.body).get('code')).toBe('10007');
        expect(status.Data?.ErrorMsg).toMatch(/^Failed to download audio file!/);
      } finally {
        await receiver.close();
      }
    },
    SLOW,
  );

  it(
    'tries a callback at most twice when the receiver does not acknowledge it',
    async () => {
      // Prepare: a receiver that always answers 500.
      const receiver = await startCallbackReceiver(() => ({ status: 500, body: 'busy' }));
      const client = kit.asr();

      try {
        // Act
        await client.CreateRecTask({
          EngineModelType: '16k_en',
          ChannelNum: 1,
          ResTextFormat: 0,
          SourceType: 1,
          Data: Buffer.from('not audio at all').toString('base64'),
          CallbackUrl: receiver.url,
        });
        await receiver.waitFor(2, 60_000);
        await new Promise((resolve) => setTimeout(resolve, 3000));

        // Assess
        expect(receiver.received).toHaveLength(2);
        expect(receiver.received[0]?.body).toBe(receiver.received[1]?.body);
      } finally {
        await receiver.close();
      }
    },
    SLOW,
  );
});

describe('SentenceRecognition with the official SDK', () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await startApiKit();
  });
  afterAll(async () => kit.close());

  it(
    'recognises a clip from a presigned COS URL synchronously, with word times in ms',
    async () => {
      // Prepare
      const clip = librivoxClip('0930');
      const url = await kit.presignedObject(`sentence/${clip.id}.wav`, clip.wav);

      // Act
      const answer = await kit.asr().SentenceRecognition({
        EngSerViceType: '16k_en',
        SourceType: 0,
        VoiceFormat: 'wav',
        Url: url,
        WordInfo: 1,
      });

      // Assess: 0930 is 3.29 s; the words are the ones the Result names.
      expect(answer.AudioDuration).toBe(3290);
      expect(answer.Result).toMatch(/^He might even have been made/);
      expect(answer.WordList?.map((w) => w.Word).join(' ')).toBe(
        answer.Result?.toLowerCase().replace(/\.$/, ''),
      );
      expect(answer.WordSize).toBe(answer.WordList?.length);
    },
    SLOW,
  );

  it('refuses more than 3 MB of audio, as Data or behind a Url, with ErrorVoicedataTooLong', async () => {
    // Prepare: the size is checked before any decoding, so the bytes need not be audio.
    const tooBig = Buffer.alloc(3 * 1024 * 1024 + 1);
    const url = await kit.presignedObject('sentence/too-big.pcm', tooBig);
    const recognise = (source: { SourceType: number; Data?: string; Url?: string }) =>
      kit
        .asr()
        .SentenceRecognition({ EngSerViceType: '16k_en', VoiceFormat: 'pcm', ...source })
        .then(
          () => undefined,
          (e: unknown) => (e as { code?: string }).code,
        );

    // Act
    const asData = await recognise({ SourceType: 1, Data: tooBig.subarray(0, 2_400_000).toString('base64') });
    const asUrl = await recognise({ SourceType: 0, Url: url });

    // Assess: 2.4 MB is 3.2 MB once in base64.
    expect(asData).toBe('InvalidParameterValue.ErrorVoicedataTooLong');
    expect(asUrl).toBe('InvalidParameterValue.ErrorVoicedataTooLong');
  });

  it(
    'refuses audio longer than 60 s with InvalidParameterValue.ErrorVoicedataTooLong',
    async () => {
      // Prepare: 61 s of silence as PCM (1.95 MB, under the 3 MB limit).
      const pcm = Buffer.alloc(61 * 16000 * 2);

      // Act
      const error = await kit
        .asr()
        .SentenceRecognition({
          EngSerViceType: '16k_en',
          SourceType: 1,
          VoiceFormat: 'pcm',
          Data: pcm.toString('base64'),
        })
        .then(
          () => undefined,
          (e: unknown) => e as { code?: string },
        );

      // Assess
      expect(error?.code).toBe('InvalidParameterValue.ErrorVoicedataTooLong');
    },
    SLOW,
  );
});
