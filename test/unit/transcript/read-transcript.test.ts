import { describe, expect, it } from 'vitest';
import { TranscriptParseError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from './fixture.js';

describe('readTranscript shape detection', () => {
  it('reads a Buffer and ignores a UTF-8 byte order mark', () => {
    const text = fixture('describe-task-status.success.json');

    const fromBuffer = readTranscript(Buffer.from(`\uFEFF${text}`, 'utf8'));

    expect(fromBuffer).toEqual(readTranscript(text));
  });

  it.each([
    ['JSON of no known shape', '{"hello": "world"}'],
    ['a JSON array', '[1, 2, 3]'],
    ['plain text', 'just some words'],
    ['whitespace only', '  \n '],
  ])('refuses %s, listing what it understands', (_name, input) => {
    const error = thrownBy(() => readTranscript(input));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error).toMatchObject({ shape: 'input' });
  });

  it('words its refusals so a person can act on them', () => {
    const messages = ['{"hello": "world"}', 'just some words', '<Response><JobsDetail>'].map(
      (input) => thrownBy(() => readTranscript(input)).message,
    );

    expect(messages).toMatchInlineSnapshot(`
      [
        "cannot read input: expected DescribeTaskStatus, ASR callback, CI job, SentenceRecognition, MPS RecognizeAudio or canonical JSON (found an object with keys hello)",
        "cannot read input: expected DescribeTaskStatus, ASR callback, CI job, SentenceRecognition, MPS RecognizeAudio or canonical JSON (found "just some words")",
        "cannot read CI job XML at end of document: truncated XML: Response > JobsDetail never closed (found "...<Response><JobsDetail>")",
      ]
    `);
  });

  it('refuses bytes that are not UTF-8', () => {
    const error = thrownBy(() => readTranscript(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));

    expect(error.message).toMatchInlineSnapshot(
      `"cannot read input: expected UTF-8 text (found 4 bytes that are not UTF-8)"`,
    );
  });

  it('uses the model the caller knows for language and source', () => {
    const transcript = readTranscript(fixture('asr-callback.form.txt'), { model: '16k_yue' });

    expect(transcript.language).toBe('yue');
    expect(transcript.source.model).toBe('16k_yue');
  });
});
