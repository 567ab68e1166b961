import { describe, expect, it } from 'vitest';
import { fromDescribeTaskStatus } from '../../../lib/engines/asr/describe-task-status.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

/** The recorded success answer as an object, for tests that change one thing in it. */
function successAnswer() {
  return JSON.parse(fixture('describe-task-status.success.json')) as {
    Response: { Data: Record<string, unknown> & { ResultDetail: Record<string, unknown>[] } };
  };
}

function detail(answer: ReturnType<typeof successAnswer>) {
  const first = answer.Response.Data.ResultDetail[0];
  if (!first) throw new Error('fixture changed: no ResultDetail');
  return first as Record<string, unknown> & { Words: Record<string, unknown>[] };
}

describe('DescribeTaskStatus adapter', () => {
  it('reads the same result whether given the API envelope, just Data, or the bare TaskStatus', () => {
    const answer = successAnswer();

    const whole = readTranscript(JSON.stringify(answer));
    const data = readTranscript(JSON.stringify({ Data: answer.Response.Data }));
    const bare = readTranscript(JSON.stringify(answer.Response.Data));

    expect(data).toEqual(whole);
    expect(bare).toEqual(whole);
  });

  it('keeps a uint64 TaskId exactly, beyond what a JSON number can hold', () => {
    const text = fixture('describe-task-status.success.json').replace('9266418', '18446744073709551615');

    const transcript = readTranscript(text);

    expect(transcript.source.taskId).toBe('18446744073709551615');
    // The other two wrappings, and the largest id a JSON number holds exactly.
    const data = JSON.stringify(JSON.parse(fixture('describe-task-status.success.json')).Response);
    for (const [wrapped, id] of [
      [data, '18446744073709551615'],
      [JSON.stringify(JSON.parse(data).Data), '18446744073709551615'],
      [data, '9007199254740993'],
      [data, '9007199254740991'],
    ] as const) {
      const big = wrapped.replace(/"TaskId":\d+/, `"TaskId":${id}`);

      expect(readTranscript(big).source.taskId).toBe(id);
    }
  });

  it('builds sentences from the Result lines when ResTextFormat is 0 (no ResultDetail)', () => {
    const answer = successAnswer();
    answer.Response.Data.ResultDetail = null as never;
    answer.Response.Data.Result =
      '[0:0.020,0:2.380]  腾讯云语音识别欢迎您。\n[1:02:03.500,1:02:04.250]  第二句。\n';

    const transcript = fromDescribeTaskStatus(answer);

    expect(transcript.segments).toEqual([
      { startMs: 20, endMs: 2380, text: '腾讯云语音识别欢迎您。', words: [] },
      { startMs: 3_723_500, endMs: 3_724_250, text: '第二句。', words: [] },
    ]);
    expect(transcript.durationMs).toBe(3_724_250);
  });

  it('labels speakers when diarization gives two or more ids, and drops a lone id 0', () => {
    const answer = successAnswer();
    const first = detail(answer);
    answer.Response.Data.ResultDetail = [
      { ...first, SpeakerId: 0 },
      { ...first, StartMs: 3000, EndMs: 5000, SpeakerId: 1 },
    ];
    const single = successAnswer();
    detail(single).SpeakerId = 0;

    const diarized = fromDescribeTaskStatus(answer);
    const mono = fromDescribeTaskStatus(single);

    expect(diarized.segments.map((s) => s.speaker)).toEqual(['0', '1']);
    expect(mono.segments[0]).not.toHaveProperty('speaker');
  });

  it('reads SpeakerId as the channel for two-channel telephone audio and orders channels by time', () => {
    const answer = successAnswer();
    const first = detail(answer);
    answer.Response.Data.ResultDetail = [
      { ...first, StartMs: 4000, EndMs: 6000, SpeakerId: 0 },
      { ...first, StartMs: 1000, EndMs: 3000, SpeakerId: 1 },
    ];

    const transcript = fromDescribeTaskStatus(answer, { channelCount: 2, model: '8k_zh' });

    expect(transcript.segments.map((s) => [s.startMs, s.channel, s.speaker])).toEqual([
      [1000, 1, undefined],
      [4000, 0, undefined],
    ]);
    expect(transcript.source).toEqual({ engine: 'asr', model: '8k_zh', taskId: '9266418' });
  });

  it('accepts numbers sent as decimal strings', () => {
    const answer = successAnswer();
    const first = detail(answer);
    first.StartMs = '20';
    first.EndMs = '2380';
    for (const word of first.Words) word.OffsetStartMs = String(word.OffsetStartMs);
    answer.Response.Data.AudioDuration = '2.38';
    answer.Response.Data.Status = '2';

    expect(fromDescribeTaskStatus(answer)).toEqual(
      readTranscript(fixture('describe-task-status.success.json')),
    );
  });

  it('gives an empty transcript for a successful task that heard nothing', () => {
    const answer = successAnswer();
    answer.Response.Data.ResultDetail = [];
    answer.Response.Data.Result = '';

    const transcript = fromDescribeTaskStatus(answer);

    expect(transcript.segments).toEqual([]);
    expect(transcript.durationMs).toBe(2380);
    expect(transcript.language).toBe('und');
  });

  it('names the field when a sentence misses its StartMs', () => {
    const answer = successAnswer();
    delete detail(answer).StartMs;

    const error = thrownBy(() => fromDescribeTaskStatus(answer));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error).toMatchObject({ path: 'Response.Data.ResultDetail[0].StartMs', found: 'missing' });
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.ResultDetail[0].StartMs: expected a time of 0 ms or more (found missing)"`,
    );
  });

  it('names the field and the value when a word offset has the wrong type', () => {
    const answer = successAnswer();
    const word = detail(answer).Words[2];
    if (word) word.OffsetEndMs = 'soon';

    const error = thrownBy(() => fromDescribeTaskStatus(answer));

    expect(error.message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.ResultDetail[0].Words[2].OffsetEndMs: expected a time of 0 ms or more (found "soon")"`,
    );
  });

  it('refuses a negative offset', () => {
    const answer = successAnswer();
    const word = detail(answer).Words[0];
    if (word) word.OffsetStartMs = -5;

    expect(thrownBy(() => fromDescribeTaskStatus(answer)).message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.ResultDetail[0].Words[0].OffsetStartMs: expected a time of 0 ms or more (found -5)"`,
    );
  });

  it('refuses words whose offsets go back in time', () => {
    const answer = successAnswer();
    const words = detail(answer).Words;
    detail(answer).Words = [words[0], words[2], words[1], words[3]] as Record<string, unknown>[];

    const error = thrownBy(() => fromDescribeTaskStatus(answer));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.ResultDetail[0].Words[2]: words out of order: this word starts before the previous one (found "语音识别" at 800 ms, previous at 1550 ms)"`,
    );
  });

  it('refuses a word that ends before it starts', () => {
    const answer = successAnswer();
    const word = detail(answer).Words[1];
    if (word) word.OffsetEndMs = 100;

    expect(thrownBy(() => fromDescribeTaskStatus(answer)).message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.ResultDetail[0].Words[1]: the word ends before it starts (found "语音识别" 800..120 ms)"`,
    );
  });

  it('refuses a Result line it cannot read rather than dropping the sentence', () => {
    const answer = successAnswer();
    answer.Response.Data.ResultDetail = [];
    answer.Response.Data.Result = '[0:0.020,0:2.380]  第一句。\n0:3.000 第二句\n';

    expect(thrownBy(() => fromDescribeTaskStatus(answer)).message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.Result line 2: expected "[m:s.mmm,m:s.mmm]  sentence" (found "0:3.000 第二句")"`,
    );
  });

  it('refuses a status it does not know', () => {
    const answer = successAnswer();
    answer.Response.Data.Status = 7;

    expect(thrownBy(() => fromDescribeTaskStatus(answer)).message).toMatchInlineSnapshot(
      `"cannot read DescribeTaskStatus at Response.Data.Status: expected 0 (waiting), 1 (doing), 2 (success) or 3 (failed) (found 7)"`,
    );
  });

  it('reports truncated JSON as unreadable input, with where it ends', () => {
    const text = fixture('describe-task-status.success.json').slice(0, 200);

    const error = thrownBy(() => readTranscript(text));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read input: malformed or truncated JSON: Unterminated string in JSON at position 200 (found 200 characters ending ",0:2.380]  腾讯云语音识别欢迎")"`,
    );
    // An id past 2^53 is quoted only after a first parse succeeds, so the position still counts in the
    // input as given (quoting first shifted it).
    const unsafe = fixture('describe-task-status.success.json')
      .replace('9266418', '18446744073709551615')
      .slice(0, 200);
    expect(thrownBy(() => readTranscript(unsafe)).message).toContain('at position 200 (found 200 characters');
  });

  it('carries the engine message of a failed task', () => {
    const error = thrownBy(() => readTranscript(fixture('describe-task-status.failed.json')));

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error).toMatchObject({ code: '3 failed', engineMessage: 'Failed to download audio file!' });
  });
});
