/**
 * Each file engine reads its own results (issue 14: `query → { raw as received, transcript }`): the
 * pipeline asks the engine that sent a result, and only `readTranscript` (the CLI's `render`, given
 * any file) guesses a shape. On the engines' recorded answers the two must give the same transcript,
 * so the outputs stay byte for byte what they were.
 */
import { describe, expect, it } from 'vitest';
import { fileEngines } from '../../../lib/engines/file-engines.js';
import { TranscriptParseError, TranscriptTaskFailedError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture } from './fixture.js';

const options = { model: '16k_zh', channelCount: 1 };

describe("an engine's own reader", () => {
  it.each([
    ['asr', 'describe-task-status.success.json'],
    ['ci', 'ci-callback.xml'],
    ['sentence', 'sentence-recognition.response.json'],
    ['mps', 'recognize-audio.response.json'],
  ] as const)('of %s reads its recorded answer %s as readTranscript does', async (engine, name) => {
    // Prepare
    const raw = fixture(name);

    // Act
    const transcript = await fileEngines[engine].readResult(raw, options);

    // Assess
    expect(transcript).toEqual(readTranscript(raw, options));
  });

  it("refuses another engine's answer rather than guessing its shape", async () => {
    // Prepare
    const sentenceAnswer = fixture('sentence-recognition.response.json');

    // Act
    const reading = fileEngines.asr.readResult(sentenceAnswer, options);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(TranscriptParseError);
  });

  it("raises an API error answer as the task failure, with Tencent's code", async () => {
    // Prepare
    const errorAnswer = fixture('api-error.response.json');

    // Act
    const reading = fileEngines.sentence.readResult(errorAnswer, options);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(TranscriptTaskFailedError);
  });
});
