/**
 * Real speech through the emulator's CI speech jobs: LibriVox clips from Debian's
 * pocketsphinx-testdata are uploaded with cos-nodejs-sdk-v5, submitted on the CI host, recognised by
 * the offline recogniser, and come back as a result object, its `.detail`, the job's
 * SpeechRecognitionResult and a TaskFinish callback (XML by default, JSON on request) delivered to a
 * loopback receiver. Media that is not media ends in State Failed with CI's code and a message.
 */
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeWords, wordErrorRate } from '../../../local/recognizer/word-error-rate.js';
import { fixture } from '../../unit/transcript/fixture.js';
import {
  BUCKET,
  type CallbackReceiver,
  type CiKit,
  ciRequest,
  elementPaths,
  jobXml,
  OUTPUT_BUCKET,
  REGION,
  startCiKit,
  startReceiver,
  waitForJob,
} from './ci-test-kit.js';

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const CLIPS = [
  'sense_and_sensibility_01_austen_64kb-0880',
  'sense_and_sensibility_01_austen_64kb-0930',
] as const;

// Callback bodies are parsed the way a careful client does: every value a string, lists always arrays.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'ResultDetail' || name === 'Words',
});

let kit: CiKit;
let receiver: CallbackReceiver;
let references: Map<string, string>;

beforeAll(async () => {
  [kit, receiver] = await Promise.all([startCiKit(), startReceiver()]);
  references = new Map(
    (await readFile(`${LIBRIVOX}/transcription`, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [, text = '', id = ''] = /^<s>(.*)<\/s> \((.*)\)$/.exec(line.trim()) ?? [];
        return [id, text.trim()] as const;
      }),
  );
  for (const clip of CLIPS) {
    await kit.cos.putObject({
      Bucket: BUCKET,
      Region: REGION,
      Key: `speech/${clip}.wav`,
      Body: await readFile(`${LIBRIVOX}/${clip}.wav`),
    });
  }
  await kit.cos.putObject({
    Bucket: BUCKET,
    Region: REGION,
    Key: 'speech/notes.txt',
    Body: 'just some text, not media',
  });
}, 30_000);
afterAll(async () => {
  await receiver.close();
  await kit.close();
});

interface CallbackWord {
  OffsetStartMs: string;
  OffsetEndMs: string;
  Word: string;
  VoiceType: string;
}
interface CallbackSentence {
  StartMs: string;
  EndMs: string;
  FinalSentence: string;
  Words: CallbackWord[];
}

/** Paths of every leaf that is not a string. */
function nonStringLeaves(value: unknown, at = ''): string[] {
  if (typeof value === 'string') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nonStringLeaves(item, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, child]) => nonStringLeaves(child, `${at}.${name}`));
  }
  return [`${at}=${String(value)}`];
}

/** Asserts word timings rise monotonically and stay inside their sentence; returns the words. */
function expectMonotonic(sentences: readonly CallbackSentence[]): string[] {
  const words: string[] = [];
  let previousEnd = 0;
  let previousWordStart = 0;
  for (const sentence of sentences) {
    const start = Number(sentence.StartMs);
    const end = Number(sentence.EndMs);
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThanOrEqual(start);
    for (const word of sentence.Words) {
      const wordStart = start + Number(word.OffsetStartMs);
      const wordEnd = start + Number(word.OffsetEndMs);
      expect(wordStart).toBeGreaterThanOrEqual(previousWordStart);
      expect(wordEnd).toBeGreaterThanOrEqual(wordStart);
      expect(wordEnd).toBeLessThanOrEqual(end);
      previousWordStart = wordStart;
      words.push(word.Word);
    }
    previousEnd = end;
  }
  return words;
}

describe('a CI speech job on real speech', () => {
  it('writes the txt result and its .detail, and posts an XML TaskFinish in the recorded shape', async () => {
    const clip = CLIPS[0];
    const submitted = await ciRequest(
      kit.cos,
      'POST',
      '/asr_jobs',
      jobXml({
        input: `speech/${clip}.wav`,
        output: `out/${clip}.txt`,
        callBack: receiver.url,
        userData: 'job-xml',
      }),
    );
    const jobId = /<JobId>([^<]+)<\/JobId>/.exec(submitted.body)?.[1] ?? '';

    const seen: string[] = [];
    const final = await waitForJob(kit.cos, jobId, 60_000, seen);
    const [delivery] = await receiver.waitFor(1, 30_000);
    const text = await kit.cos.getObject({ Bucket: OUTPUT_BUCKET, Region: REGION, Key: `out/${clip}.txt` });
    const detail = await kit.cos.getObject({
      Bucket: OUTPUT_BUCKET,
      Region: REGION,
      Key: `out/${clip}.txt.detail`,
    });

    expect(delivery?.contentType).toBe('application/xml');
    const body = delivery?.body ?? '';
    const recorded = fixture('ci-callback.xml');
    expect(new Set(elementPaths(body))).toEqual(new Set(elementPaths(recorded)));
    const notice = parser.parse(body).Response;
    expect(notice.EventName).toBe('TaskFinish');
    expect(notice.JobsDetail).toMatchObject({ State: 'Success', Code: 'Success', JobId: jobId });
    expect(notice.JobsDetail.Operation.UserData).toBe('job-xml');
    const result = notice.JobsDetail.Operation.SpeechRecognitionResult;
    expect(result.ObjectName).toBe(`/out/${clip}.txt`);
    expect(result.DetailObjectName).toBe(`/out/${clip}.txt.detail`);
    expect(Number(result.AudioTime)).toBeCloseTo(2.99, 1);
    expect(result.Result).toMatch(/^\[0:\d+\.\d{3},0:\d+\.\d{3}\] \S/);
    const words = expectMonotonic(result.ResultDetail);
    const hypothesis = words.join(' ');
    // pocketsphinx scores about 37% WER on these clips; a short clip can be worse, so the bound is loose.
    expect(wordErrorRate([{ reference: references.get(clip) ?? '', hypothesis }])).toBeLessThan(0.7);

    expect(final).toContain('<State>Success</State>');
    expect(seen.at(-1)).toBe('Success');
    expect(seen).toContain('Running'); // recognition takes seconds, so the poll sees it
    expect(['Submitted', 'Running', 'Success'].filter((state) => seen.includes(state))).toEqual(seen);
    const times = ['CreationTime', 'StartTime', 'EndTime'].map((name) => notice.JobsDetail[name] as string);
    expect(times.every((time) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0800$/.test(time))).toBe(true);
    expect([...times].sort()).toEqual(times);
    expect(final).toContain('<FlashResult>');
    expect(String(text.Body)).toBe(`${result.Result}\n`);
    expect(text.headers?.['content-type']).toContain('text/plain');
    const detailJson = JSON.parse(String(detail.Body));
    expect(detailJson.ResultDetail.map((s: { FinalSentence: string }) => s.FinalSentence).join(' ')).toBe(
      result.ResultDetail.map((s: CallbackSentence) => s.FinalSentence).join(' '),
    );
  }, 90_000);

  it('reads a presigned Input.Url of its own COS host, writes SRT and posts JSON with every value a string', async () => {
    const clip = CLIPS[1];
    const before = receiver.received.length;
    const url = kit.cos.getObjectUrl({
      Bucket: BUCKET,
      Region: REGION,
      Key: `speech/${clip}.wav`,
      Sign: true,
      Expires: 600,
      Protocol: 'http:',
    } as Parameters<typeof kit.cos.getObjectUrl>[0]) as unknown as string;

    const submitted = await ciRequest(
      kit.cos,
      'POST',
      '/jobs',
      jobXml({
        inputUrl: url,
        output: `out/${clip}.srt`,
        queueId: null,
        speech: { EngineModelType: '16k_en', ChannelNum: '1', ResTextFormat: '1', OutputFileType: 'srt' },
        callBack: receiver.url,
        callBackFormat: 'JSON',
      }),
    );
    const jobId = /<JobId>([^<]+)<\/JobId>/.exec(submitted.body)?.[1] ?? '';

    const deliveries = await receiver.waitFor(before + 1, 60_000);
    const final = await waitForJob(kit.cos, jobId);
    const srt = await kit.cos.getObject({ Bucket: OUTPUT_BUCKET, Region: REGION, Key: `out/${clip}.srt` });

    const delivery = deliveries[before];
    expect(delivery?.contentType).toBe('application/json');
    const notice = JSON.parse(delivery?.body ?? '{}');
    expect(notice.EventName).toBe('TaskFinish');
    expect(notice.JobsDetail).toMatchObject({ State: 'Success', JobId: jobId });
    expect(notice.JobsDetail.Input.Url).toBe(url);
    const result = notice.JobsDetail.Operation.SpeechRecognitionResult;
    expect(Array.isArray(result.ResultDetail)).toBe(true);
    expectMonotonic(result.ResultDetail);
    expect(nonStringLeaves(notice)).toEqual([]); // no numbers or booleans anywhere: CI sends strings
    expect(final).toContain('<State>Success</State>');
    expect(String(srt.Body)).toMatch(/^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n\S/);
    expect(normalizeWords(String(srt.Body)).length).toBeGreaterThan(0);
  }, 90_000);

  it('fails an object that is not media with State Failed, CI code and a message, and still calls back', async () => {
    const before = receiver.received.length;
    const submitted = await ciRequest(
      kit.cos,
      'POST',
      '/asr_jobs',
      jobXml({ input: 'speech/notes.txt', output: 'out/notes.txt', callBack: receiver.url }),
    );
    const jobId = /<JobId>([^<]+)<\/JobId>/.exec(submitted.body)?.[1] ?? '';

    const final = await waitForJob(kit.cos, jobId);
    const deliveries = await receiver.waitFor(before + 1, 30_000);

    expect(final).toContain('<State>Failed</State>');
    expect(final).toContain('<Code>InvalidInput</Code>');
    expect(final).toMatch(/<Message>The input is not audio or video the engine can decode: .+<\/Message>/);
    expect(final).not.toContain('SpeechRecognitionResult');
    expect(deliveries[before]?.body).toContain('<State>Failed</State>');
    const missing = await kit.cos
      .headObject({ Bucket: OUTPUT_BUCKET, Region: REGION, Key: 'out/notes.txt' })
      .catch((error: { statusCode?: number }) => error);
    expect((missing as { statusCode?: number }).statusCode).toBe(404);
  }, 60_000);
  it('fails a job whose Input.Url cannot be downloaded, saying why', async () => {
    const unsigned = `http://${BUCKET}.cos.${REGION}.myqcloud.com/speech/${CLIPS[0]}.wav`;

    const submitted = await ciRequest(
      kit.cos,
      'POST',
      '/jobs',
      jobXml({ inputUrl: unsigned, queueId: null }),
    );
    const final = await waitForJob(kit.cos, /<JobId>([^<]+)<\/JobId>/.exec(submitted.body)?.[1] ?? '');

    expect(final).toContain('<State>Failed</State>');
    expect(final).toContain('<Code>InvalidInput</Code>');
    expect(final).toMatch(/<Message>The input URL could not be downloaded \(HTTP 403\)/);
  }, 30_000);

  it('honours fault injection: a duplicated callback arrives twice, a dropped one never', async () => {
    const before = receiver.received.length;
    kit.emulator.faults.set({ duplicateCallbacks: 1 });
    try {
      await ciRequest(
        kit.cos,
        'POST',
        '/asr_jobs',
        jobXml({ input: 'speech/notes.txt', callBack: receiver.url }),
      );
      await receiver.waitFor(before + 2, 30_000);
      kit.emulator.faults.set({ duplicateCallbacks: 0, dropCallbacks: 1 });
      const dropped = await ciRequest(
        kit.cos,
        'POST',
        '/asr_jobs',
        jobXml({ input: 'speech/notes.txt', callBack: receiver.url }),
      );
      await waitForJob(kit.cos, /<JobId>([^<]+)<\/JobId>/.exec(dropped.body)?.[1] ?? '');
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      kit.emulator.faults.reset();
    }

    expect(receiver.received).toHaveLength(before + 2);
    expect(receiver.received[before]?.body).toBe(receiver.received[before + 1]?.body);
  }, 60_000);
});
