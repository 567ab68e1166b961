import { describe, expect, it } from 'vitest';
import {
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

describe('readTranscript on every recorded Tencent shape', () => {
  it('reads DescribeTaskStatus success with word offsets made absolute and punctuation attached', () => {
    // Prepare
    const input = fixture('describe-task-status.success.json');

    // Act
    const transcript = readTranscript(input);

    // Assess: offsets are relative to StartMs 20, so 120 -> 140; '。' comes from FinalSentence.
    expect(transcript).toEqual({
      version: 1,
      language: 'zh',
      durationMs: 2380,
      source: { engine: 'asr', taskId: '9266418' },
      segments: [
        {
          startMs: 20,
          endMs: 2380,
          text: '腾讯云语音识别欢迎您。',
          words: [
            { text: '腾讯云', startMs: 140, endMs: 800 },
            { text: '语音识别', startMs: 800, endMs: 1550 },
            { text: '欢迎', startMs: 1550, endMs: 1880 },
            { text: '您。', startMs: 1880, endMs: 2270 },
          ],
        },
      ],
    });
    expect(transcript.segments[0]?.words.map((w) => w.text).join('')).toBe(transcript.segments[0]?.text);
  });

  it('refuses DescribeTaskStatus waiting as not ready yet', () => {
    const error = thrownBy(() => readTranscript(fixture('describe-task-status.waiting.json')));

    expect(error).toBeInstanceOf(TranscriptNotReadyError);
    expect(error).toMatchObject({ taskId: '522931820', status: 'waiting' });
    expect(error.message).toMatchInlineSnapshot(
      `"DescribeTaskStatus task 522931820 has no result yet (status waiting): query it again later"`,
    );
  });

  it('turns DescribeTaskStatus failed into a task failure carrying the engine message', () => {
    const error = thrownBy(() => readTranscript(fixture('describe-task-status.failed.json')));

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error).toMatchObject({ taskId: '522931821', engineMessage: 'Failed to download audio file!' });
    expect(error.message).toMatchInlineSnapshot(
      `"DescribeTaskStatus task 522931821 failed (code 3 failed): Failed to download audio file!"`,
    );
  });

  it('reads the ASR callback form body, decoding + as space and keeping requestId as the task id', () => {
    const transcript = readTranscript(fixture('asr-callback.form.txt'));

    expect(transcript).toEqual({
      version: 1,
      language: 'zh',
      durationMs: 8420,
      source: { engine: 'asr', taskId: '4000048858' },
      segments: [
        { startMs: 1640, endMs: 4600, text: '我在马上上夜班。', words: [] },
        { startMs: 5420, endMs: 7820, text: '明天早上说哈。', words: [] },
      ],
    });
  });

  it('reads the CI TaskFinish XML callback: string values, relative offsets, one-space Result', () => {
    const transcript = readTranscript(fixture('ci-callback.xml'));

    expect(transcript).toEqual({
      version: 1,
      language: 'en',
      durationMs: 19712,
      source: { engine: 'ci', taskId: 's886c0a7c2a6611ed847a618901112dcf' },
      segments: [
        {
          startMs: 3320,
          endMs: 19712,
          text: 'The Peasants, by Władysław Reymont.',
          words: [
            { text: 'The', startMs: 3320, endMs: 3960 },
            { text: 'Peasants,', startMs: 3960, endMs: 5510 },
            { text: 'by', startMs: 5510, endMs: 6220 },
            { text: 'Władysław', startMs: 6220, endMs: 13120 },
            { text: 'Reymont.', startMs: 13120, endMs: 19712 },
          ],
        },
      ],
    });
  });

  it('refuses the CI submit answer (State Submitted) as not ready yet', () => {
    const error = thrownBy(() => readTranscript(fixture('ci-submit.response.xml')));

    expect(error).toBeInstanceOf(TranscriptNotReadyError);
    expect(error.message).toMatchInlineSnapshot(
      `"CI job XML task s58ccb634149211ed84ce2b1cd7fbb14a has no result yet (status Submitted): query it again later"`,
    );
  });

  it('reads SentenceRecognition with times already in ms', () => {
    const transcript = readTranscript(fixture('sentence-recognition.response.json'));

    expect(transcript).toEqual({
      version: 1,
      language: 'zh',
      durationMs: 2430,
      source: { engine: 'sentence' },
      segments: [
        {
          startMs: 120,
          endMs: 2280,
          text: '腾讯云语音识别欢迎您。',
          words: [
            { text: '腾讯云', startMs: 120, endMs: 810 },
            { text: '语音识别', startMs: 810, endMs: 1560 },
            { text: '欢迎', startMs: 1560, endMs: 1890 },
            { text: '您。', startMs: 1890, endMs: 2280 },
          ],
        },
      ],
    });
  });

  it('reads MPS RecognizeAudio with seconds converted to ms and the punctuation it glued on kept once', () => {
    const transcript = readTranscript(fixture('recognize-audio.response.json'));

    const segment = transcript.segments[0];
    expect(transcript).toMatchObject({
      version: 1,
      language: 'en',
      durationMs: 4200,
      source: { engine: 'mps' },
    });
    expect(transcript.segments).toHaveLength(1);
    expect(segment).toMatchObject({ startMs: 30, endMs: 3590 });
    expect(segment?.words.map((w) => [w.text, w.startMs, w.endMs])).toEqual([
      ['The', 30, 270],
      ['third', 270, 430],
      ['and', 430, 510],
      ['fourth', 510, 710],
      ['meetings', 710, 910],
      ['were', 910, 1070],
      ['held', 1390, 1550],
      ['at', 1550, 1710],
      ['the', 1750, 1950],
      ['Great', 1950, 2150],
      ['Hall', 2150, 2390],
      ['of', 2470, 2750],
      ['the', 2750, 2910],
      ['People.', 2910, 3110],
    ]);
    expect(segment?.words.map((w) => w.text).join(' ')).toBe(segment?.text);
  });

  it('turns the API 3.0 error envelope into a task failure with Tencent code and request id', () => {
    const error = thrownBy(() => readTranscript(fixture('api-error.response.json')));

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error).toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(error.message).toMatchInlineSnapshot(
      `"Tencent API error AuthFailure.SignatureFailure: The provided credentials could not be validated. Please check your signature is correct. (RequestId ed93f3cb-f35e-473f-b9f3-0d451b8b79c6)"`,
    );
  });

  it('names an error code that is not text, whatever value stands there', () => {
    for (const [value, named] of [
      [{ toString: false }, 'an object with keys toString'],
      [4001, '4001'],
      [null, 'unknown'],
    ] as const) {
      const answer = JSON.parse(fixture('api-error.response.json'));
      answer.Response.Error.Code = value;

      const error = thrownBy(() => readTranscript(JSON.stringify(answer)));

      expect(error).toBeInstanceOf(TranscriptTaskFailedError);
      expect(error).toMatchObject({ code: named });
    }
  });

  it('explains that a CreateRecTask answer holds a task id, not a result', () => {
    const error = thrownBy(() => readTranscript(fixture('create-rec-task.response.json')));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read input at Response.Data: this is a CreateRecTask answer (a task id, not a result): poll DescribeTaskStatus with it (found an object with keys TaskId)"`,
    );
  });
});
