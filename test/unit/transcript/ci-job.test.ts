import { describe, expect, it } from 'vitest';
import {
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

/** A CI job answer around a SpeechRecognitionResult body, in XML as CI sends it. */
function jobXml(result: string, state = 'Success', extra = ''): string {
  return `<Response><JobsDetail><Code>Success</Code><JobId>s1</JobId><Message/><State>${state}</State>
<Operation>${extra}<SpeechRecognitionResult>${result}</SpeechRecognitionResult></Operation>
</JobsDetail></Response>`;
}

function sentenceXml(
  start: number,
  end: number,
  speaker: number,
  text: string,
  words: [string, number, number][],
) {
  const list = words
    .map(
      ([w, s, e]) =>
        `<Words><OffsetEndMs>${e}</OffsetEndMs><OffsetStartMs>${s}</OffsetStartMs><VoiceType>0</VoiceType><Word>${w}</Word></Words>`,
    )
    .join('');
  return `<ResultDetail><EndMs>${end}</EndMs><FinalSentence>${text}</FinalSentence><SpeakerId>${speaker}</SpeakerId><StartMs>${start}</StartMs>${list}</ResultDetail>`;
}

describe('CI job adapter', () => {
  it('reads several ResultDetail sentences, speakers, and the model CI echoes back', () => {
    const xml = jobXml(
      `<AudioTime>6.5</AudioTime><Result>x</Result>${sentenceXml(0, 2000, 0, '你好，老师。', [
        ['你好', 100, 700],
        ['老师', 800, 1900],
      ])}${sentenceXml(2500, 6000, 1, '你好。', [['你好', 0, 900]])}`,
      'Success',
      '<SpeechRecognition><EngineModelType>16k_zh_video</EngineModelType><ChannelNum>1</ChannelNum></SpeechRecognition>',
    );

    const transcript = readTranscript(xml);

    expect(transcript).toEqual({
      version: 1,
      language: 'zh',
      durationMs: 6500,
      source: { engine: 'ci', model: '16k_zh_video', taskId: 's1' },
      segments: [
        {
          startMs: 0,
          endMs: 2000,
          text: '你好，老师。',
          speaker: '0',
          words: [
            { text: '你好，', startMs: 100, endMs: 700 },
            { text: '老师。', startMs: 800, endMs: 1900 },
          ],
        },
        {
          startMs: 2500,
          endMs: 6000,
          text: '你好。',
          speaker: '1',
          words: [{ text: '你好。', startMs: 2500, endMs: 3400 }],
        },
      ],
    });
  });

  it('reads only the Result lines (one space after the bracket) when there is no detail', () => {
    const xml = jobXml('<AudioTime>19.7124</AudioTime><Result>[0:3.320,0:19.712] The Peasants.</Result>');

    const transcript = readTranscript(xml);

    expect(transcript.segments).toEqual([{ startMs: 3320, endMs: 19712, text: 'The Peasants.', words: [] }]);
    expect(transcript.durationMs).toBe(19712);
  });

  it('reads FlashResult channels, with absolute word times, marking channels when there are two', () => {
    const flash = (channel: number, start: number, end: number, text: string, words: string) =>
      `<FlashResult><channel_id>${channel}</channel_id><text>${text}</text><sentence_list><text>${text}</text><start_time>${start}</start_time><end_time>${end}</end_time><speaker_id>0</speaker_id>${words}</sentence_list></FlashResult>`;
    const word = (w: string, s: number, e: number) =>
      `<word_list><word>${w}</word><start_time>${s}</start_time><end_time>${e}</end_time></word_list>`;
    const xml = jobXml(
      `<AudioTime>9</AudioTime>${flash(0, 5000, 6000, 'Hi.', word('hi', 5100, 5900))}${flash(1, 1000, 2000, 'Yes.', word('yes', 1000, 1800))}`,
    );

    const transcript = readTranscript(xml);

    expect(transcript.segments).toEqual([
      {
        startMs: 1000,
        endMs: 2000,
        text: 'Yes.',
        channel: 1,
        words: [{ text: 'Yes.', startMs: 1000, endMs: 1800 }],
      },
      {
        startMs: 5000,
        endMs: 6000,
        text: 'Hi.',
        channel: 0,
        words: [{ text: 'Hi.', startMs: 5100, endMs: 5900 }],
      },
    ]);
  });

  it('treats FlashResult word times that only fit from 0 as relative to the sentence', () => {
    const xml = jobXml(
      '<FlashResult><channel_id>0</channel_id><sentence_list><text>Go now.</text><start_time>10000</start_time><end_time>11000</end_time><word_list><word>go</word><start_time>0</start_time><end_time>400</end_time></word_list><word_list><word>now</word><start_time>400</start_time><end_time>1000</end_time></word_list></sentence_list></FlashResult>',
    );

    const words = readTranscript(xml).segments[0]?.words;

    expect(words).toEqual([
      { text: 'Go', startMs: 10000, endMs: 10400 },
      { text: 'now.', startMs: 10400, endMs: 11000 },
    ]);
  });

  it('reads the JSON callback with JobsDetail as an object or as a one-element array, the same as the XML', () => {
    const fromXml = readTranscript(fixture('ci-callback.xml'));
    const job = {
      State: 'Success',
      Code: 'Success',
      Message: '',
      JobId: 's886c0a7c2a6611ed847a618901112dcf',
      Operation: {
        SpeechRecognitionResult: {
          AudioTime: '19.7124',
          Result: '[0:3.320,0:19.712] The Peasants, by Władysław Reymont.',
          ResultDetail: [
            {
              EndMs: '19712',
              FinalSentence: 'The Peasants, by Władysław Reymont.',
              SpeakerId: '0',
              StartMs: '3320',
              Words: [
                ['The', '0', '640'],
                ['Peasants', '640', '2190'],
                ['by', '2190', '2900'],
                ['Władysław', '2900', '9800'],
                ['Reymont', '9800', '16392'],
              ].map(([Word, OffsetStartMs, OffsetEndMs]) => ({
                Word,
                OffsetStartMs,
                OffsetEndMs,
                VoiceType: '0',
              })),
            },
          ],
        },
      },
    };

    const asObject = readTranscript(JSON.stringify({ EventName: 'TaskFinish', JobsDetail: job }));
    const asArray = readTranscript(
      JSON.stringify({ Response: { EventName: 'TaskFinish', JobsDetail: [job] } }),
    );

    expect(asObject).toEqual(fromXml);
    expect(asArray).toEqual(fromXml);
  });

  it('turns a Failed job into a task failure with CI code and message', () => {
    const xml = fixture('ci-callback.xml')
      .replace('<State>Success</State>', '<State>Failed</State>')
      .replace('<Code>Success</Code>', '<Code>InvalidInput</Code>')
      .replace('<Message/>', '<Message>audio decode failed</Message>');

    const error = thrownBy(() => readTranscript(xml));

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error.message).toMatchInlineSnapshot(
      `"CI job XML task s886c0a7c2a6611ed847a618901112dcf failed (code InvalidInput): audio decode failed"`,
    );
  });

  it('treats Running as not ready', () => {
    const xml = fixture('ci-callback.xml').replace('<State>Success</State>', '<State>Running</State>');

    expect(thrownBy(() => readTranscript(xml))).toBeInstanceOf(TranscriptNotReadyError);
  });

  it('refuses a successful job without a SpeechRecognitionResult', () => {
    const xml = fixture('ci-callback.xml').replace(
      /<SpeechRecognitionResult>[\s\S]*<\/SpeechRecognitionResult>/,
      '',
    );

    expect(thrownBy(() => readTranscript(xml)).message).toMatchInlineSnapshot(
      `"cannot read CI job XML at Response.JobsDetail.Operation.SpeechRecognitionResult: a successful job must carry its SpeechRecognitionResult (found missing)"`,
    );
  });

  it('names the element when a time is not a number', () => {
    const xml = fixture('ci-callback.xml').replace('<StartMs>3320</StartMs>', '<StartMs>3.3s</StartMs>');

    const error = thrownBy(() => readTranscript(xml));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read CI job XML at Response.JobsDetail.Operation.SpeechRecognitionResult.ResultDetail[0].StartMs: expected a time of 0 ms or more (found "3.3s")"`,
    );
  });

  it('refuses words whose offsets go back in time', () => {
    const xml = fixture('ci-callback.xml').replace(
      '<OffsetStartMs>2190</OffsetStartMs>',
      '<OffsetStartMs>100</OffsetStartMs>',
    );

    expect(thrownBy(() => readTranscript(xml)).message).toMatchInlineSnapshot(
      `"cannot read CI job XML at Response.JobsDetail.Operation.SpeechRecognitionResult.ResultDetail[0].Words[2]: words out of order: this word starts before the previous one (found "by" at 3420 ms, previous at 3960 ms)"`,
    );
  });

  it('refuses truncated XML, naming the line', () => {
    const xml = fixture('ci-callback.xml').slice(0, 900);

    const error = thrownBy(() => readTranscript(xml));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read CI job XML at end of document: truncated XML: Response > JobsDetail > Operation > SpeechRecognitionResult never closed (found "...<AudioTime>19.7124</AudioTime>")"`,
    );
  });

  it('refuses an answer listing several jobs', () => {
    const job = { State: 'Success', JobId: 'a' };

    expect(
      thrownBy(() => readTranscript(JSON.stringify({ Response: { JobsDetail: [job, job] } }))).message,
    ).toMatchInlineSnapshot(
      `"cannot read CI job JSON at Response.JobsDetail: expected exactly one job (found an array of 2)"`,
    );
  });

  it('keeps FlashResult text that comes without a sentence list, over the whole audio', () => {
    const xml = jobXml(
      '<AudioTime>4.5</AudioTime><FlashResult><channel_id>0</channel_id><text>你好。</text></FlashResult>',
    );

    expect(readTranscript(xml).segments).toEqual([{ startMs: 0, endMs: 4500, text: '你好。', words: [] }]);
  });

  it('gives an empty transcript for a successful job that heard nothing', () => {
    const xml = jobXml('<AudioTime>3.0</AudioTime><Result/><ResultDetail/>');

    expect(readTranscript(xml)).toEqual({
      version: 1,
      language: 'und',
      durationMs: 3000,
      source: { engine: 'ci', taskId: 's1' },
      segments: [],
    });
  });
});
