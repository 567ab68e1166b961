import { describe, expect, it } from 'vitest';
import { fromRecognizeAudio } from '../../../lib/engines/mps/recognize-audio.js';
import { fromSentenceRecognition } from '../../../lib/engines/sentence/sentence-recognition.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

type Json = Record<string, unknown>;

function sentenceAnswer(): { Response: Json & { WordList: Json[] } } {
  return JSON.parse(fixture('sentence-recognition.response.json'));
}

function mpsAnswer(): { Response: Json & { Sentence: (Json & { WordsInfo: Json[] })[] } } {
  return JSON.parse(fixture('recognize-audio.response.json'));
}

describe('SentenceRecognition adapter', () => {
  it('reads the answer without its Response wrapper the same way', () => {
    const wrapped = readTranscript(fixture('sentence-recognition.response.json'));

    const bare = readTranscript(JSON.stringify(sentenceAnswer().Response));

    expect(bare).toEqual(wrapped);
  });

  it('makes one untimed-word segment over the audio when WordList is null (no word info asked)', () => {
    const answer = sentenceAnswer();
    answer.Response.WordList = null as never;

    expect(fromSentenceRecognition(answer).segments).toEqual([
      { startMs: 0, endMs: 2430, text: '腾讯云语音识别欢迎您。', words: [] },
    ]);
  });

  it('names the word when a time is missing', () => {
    const answer = sentenceAnswer();
    delete answer.Response.WordList[1]?.EndTime;

    const error = thrownBy(() => fromSentenceRecognition(answer));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read SentenceRecognition at Response.WordList[1].EndTime: expected a time of 0 ms or more (found missing)"`,
    );
  });

  it('refuses an answer with no Result text', () => {
    const answer = sentenceAnswer();
    answer.Response.Result = 42;

    expect(thrownBy(() => fromSentenceRecognition(answer)).message).toMatchInlineSnapshot(
      `"cannot read SentenceRecognition at Response.Result: expected the recognised text (found 42)"`,
    );
  });

  it('refuses words out of order', () => {
    const answer = sentenceAnswer();
    answer.Response.WordList.reverse();

    expect(thrownBy(() => fromSentenceRecognition(answer)).message).toMatchInlineSnapshot(
      `"cannot read SentenceRecognition at Response.WordList[1]: words out of order: this word starts before the previous one (found "欢迎" at 1560 ms, previous at 1890 ms)"`,
    );
  });

  it('raises an API error answer as a task failure', () => {
    const error = thrownBy(() =>
      fromSentenceRecognition({
        Response: { Error: { Code: 'FailedOperation.ErrorRecognize', Message: 'no speech' } },
      }),
    );

    expect(error).toBeInstanceOf(TranscriptTaskFailedError);
    expect(error).toMatchObject({ code: 'FailedOperation.ErrorRecognize', engineMessage: 'no speech' });
  });
});

describe('MPS RecognizeAudio adapter', () => {
  it('converts seconds given as decimal strings exactly', () => {
    const answer = mpsAnswer();
    const first = answer.Response.Sentence[0];
    if (first) {
      first.Start = '0.03';
      first.End = '3.59';
    }
    answer.Response.AudioLength = '4.2';

    expect(fromRecognizeAudio(answer)).toEqual(readTranscript(fixture('recognize-audio.response.json')));
  });

  it('keeps the Text as one segment when there are no sentences, rather than losing it', () => {
    const answer = mpsAnswer();
    answer.Response.Sentence = [];

    expect(fromRecognizeAudio(answer).segments).toEqual([
      {
        startMs: 0,
        endMs: 4200,
        text: 'The third and fourth meetings were held at the Great Hall of the People.',
        words: [],
      },
    ]);
  });

  it('names the sentence and word when a time is negative', () => {
    const answer = mpsAnswer();
    const word = answer.Response.Sentence[0]?.WordsInfo[3];
    if (word) word.Start = -0.1;

    const error = thrownBy(() => fromRecognizeAudio(answer));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read MPS RecognizeAudio at Response.Sentence[0].WordsInfo[3].Start: expected a time in seconds, 0 or more (found -0.1)"`,
    );
  });

  it('names the field when Sentence is not a list of sentences', () => {
    const answer = mpsAnswer();
    answer.Response.Sentence = 'none' as never;

    expect(thrownBy(() => fromRecognizeAudio(answer)).message).toMatchInlineSnapshot(
      `"cannot read MPS RecognizeAudio at Response.Sentence: expected a list (found "none")"`,
    );
  });

  it('rebuilds a missing sentence text from its words, without spaces between Chinese characters', () => {
    const word = (Word: string, Start: number) => ({ Word, Start, End: Start + 0.2 });
    const answer = {
      Response: {
        AudioLength: 2,
        Text: '',
        Sentence: [
          {
            Start: 0,
            End: 1.5,
            Text: '',
            WordsInfo: [word('我', 0), word('用', 0.2), word('iPhone', 0.4), word('拍', 0.8)],
          },
        ],
      },
    };

    expect(fromRecognizeAudio(answer).segments[0]?.text).toBe('我用 iPhone 拍');
  });

  it('gives an empty transcript for silence', () => {
    expect(fromRecognizeAudio({ Response: { AudioLength: 1.5, Text: '', Sentence: [] } })).toEqual({
      version: 1,
      language: 'und',
      durationMs: 1500,
      source: { engine: 'mps' },
      segments: [],
    });
  });
});
