import { describe, expect, it } from 'vitest';
import { fromAsrCallback } from '../../../lib/engines/asr/asr-callback.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

/** A callback body as ASR encodes it: form-urlencoded, spaces as '+'. */
function body(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const detail = [
  {
    FinalSentence: 'Hello there, world.',
    SliceSentence: 'hello there world',
    StartMs: 1000,
    EndMs: 2500,
    SpeakerId: 0,
    Words: [
      { Word: 'hello', OffsetStartMs: 0, OffsetEndMs: 400 },
      { Word: 'there', OffsetStartMs: 400, OffsetEndMs: 900 },
      { Word: 'world', OffsetStartMs: 900, OffsetEndMs: 1500 },
    ],
  },
];

describe('ASR callback adapter', () => {
  it('uses resultDetail JSON for word timings when the task asked for them', () => {
    const input = body({
      code: '0',
      message: '',
      requestId: '18446744073709551615',
      appid: '12516',
      projectid: '0',
      text: '[0:1.000,0:2.500]  Hello there, world.\n',
      resultDetail: JSON.stringify(detail),
      audioTime: '3.141500',
    });

    const transcript = readTranscript(input, { model: '16k_en' });

    expect(transcript).toEqual({
      version: 1,
      language: 'en',
      durationMs: 3142,
      source: { engine: 'asr', model: '16k_en', taskId: '18446744073709551615' },
      segments: [
        {
          startMs: 1000,
          endMs: 2500,
          text: 'Hello there, world.',
          words: [
            { text: 'Hello', startMs: 1000, endMs: 1400 },
            { text: 'there,', startMs: 1400, endMs: 1900 },
            { text: 'world.', startMs: 1900, endMs: 2500 },
          ],
        },
      ],
    });
  });

  it('reads the speaker field of speaker-separation Result lines', () => {
    const input = body({
      code: '0',
      requestId: '1',
      text: '[0:0.000,0:2.260,0]  你好。\n[0:2.300,0:4.000,1]  你好呀。\n',
      audioTime: '4.000000',
    });

    const transcript = fromAsrCallback(input);

    expect(transcript.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['0', '你好。'],
      ['1', '你好呀。'],
    ]);
  });

  it('accepts the older JSON-looking callback with the same fields', () => {
    const input = JSON.stringify({
      code: 0,
      message: 'success',
      requestId: 500,
      appid: 12000001,
      projectid: 0,
      audioUrl: 'http://test.qq.com/voice_url',
      text: '[0:0.000,0:2.500]  您好',
      audioTime: 2.5,
    });

    const transcript = readTranscript(input);

    expect(transcript.segments).toEqual([{ startMs: 0, endMs: 2500, text: '您好', words: [] }]);
    expect(transcript.source.taskId).toBe('500');
    const uint64 = input.replace('"requestId":500', '"requestId":18446744073709551615');
    expect(readTranscript(uint64).source.taskId).toBe('18446744073709551615');
  });

  it('turns a failure code into a task failure with the engine message', () => {
    const input = body({
      code: '10007',
      message: 'audio download failed',
      requestId: '4000048858',
      text: '',
    });

    const error = thrownBy(() => readTranscript(input));

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error).toMatchObject({ code: '10007', taskId: '4000048858' });
    expect(error.message).toMatchInlineSnapshot(
      `"ASR callback task 4000048858 failed (code 10007): audio download failed"`,
    );
  });

  it('names the field when code is missing', () => {
    const input = fixture('asr-callback.form.txt').replace('code=0&', '');

    const error = thrownBy(() => fromAsrCallback(input));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read ASR callback at code: expected a number (found missing)"`,
    );
  });

  it('names the field when audioTime is not a number', () => {
    const input = fixture('asr-callback.form.txt').replace('audioTime=8.420000', 'audioTime=eight');

    expect(thrownBy(() => fromAsrCallback(input)).message).toMatchInlineSnapshot(
      `"cannot read ASR callback at audioTime: expected a time in seconds, 0 or more (found "eight")"`,
    );
  });

  it('refuses resultDetail that is not JSON instead of falling back silently', () => {
    const input = fixture('asr-callback.form.txt').replace('resultDetail=', 'resultDetail=%5B%7B%22Final');

    const error = thrownBy(() => fromAsrCallback(input));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error).toMatchObject({ path: 'resultDetail' });
  });

  it('names the sentence when resultDetail has a word without text', () => {
    const broken = [{ ...detail[0], Words: [{ OffsetStartMs: 0, OffsetEndMs: 400 }] }];
    const input = body({ code: '0', requestId: '1', text: '', resultDetail: JSON.stringify(broken) });

    expect(thrownBy(() => fromAsrCallback(input)).message).toMatchInlineSnapshot(
      `"cannot read ASR callback at resultDetail[0].Words[0].Word: expected the word text (found missing)"`,
    );
  });

  it('gives an empty transcript when a successful callback has no text', () => {
    const input = body({ code: '0', requestId: '7', text: '', resultDetail: '', audioTime: '1.500000' });

    expect(fromAsrCallback(input)).toEqual({
      version: 1,
      language: 'und',
      durationMs: 1500,
      source: { engine: 'asr', taskId: '7' },
      segments: [],
    });
  });

  it('refuses a body cut short before its text field', () => {
    const input = fixture('asr-callback.form.txt').slice(0, 40);

    expect(thrownBy(() => readTranscript(input)).message).toMatchInlineSnapshot(
      `"cannot read ASR callback at text: expected the result text field (found missing)"`,
    );
  });

  it('refuses a body cut short inside a time bracket', () => {
    const input = fixture('asr-callback.form.txt').slice(0, 77);

    expect(thrownBy(() => readTranscript(input)).message).toMatchInlineSnapshot(
      `"cannot read ASR callback at text line 1: expected "[m:s.mmm,m:s.mmm]  sentence" (found "[0:1.640,0:4")"`,
    );
  });

  it('refuses a body cut short inside a UTF-8 percent-escape', () => {
    const input = fixture('asr-callback.form.txt').slice(0, 100);

    expect(thrownBy(() => readTranscript(input)).message).toMatchInlineSnapshot(
      `"cannot read ASR callback at text: broken percent-encoding (was the body cut short?) (found "...A1.640%2C0%3A4.600%5D++%E6%88%91%E5%9")"`,
    );
  });
});
