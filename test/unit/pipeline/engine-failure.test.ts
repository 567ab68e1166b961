/**
 * Engine failures read as the user's problem with its fix, whichever shape reported them (the ASR
 * callback's numeric code, DescribeTaskStatus's Status 3 and text, a CI job's Code and Message), and
 * the engine's own code and message are kept verbatim beside the words.
 */
import { describe, expect, it } from 'vitest';
import { engineFailure } from '../../../lib/pipeline/engine-failure.js';
import { TranscriptTaskFailedError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import { fixture, thrownBy } from '../transcript/fixture.js';

/** The error an adapter raises for `raw`. */
function failureOf(raw: string): TranscriptTaskFailedError {
  const error = thrownBy(() => readTranscript(raw));
  if (!(error instanceof TranscriptTaskFailedError)) throw error;
  return error;
}

describe('an engine failure', () => {
  it('from the ASR callback code 10004 says the file could not be decoded as audio', () => {
    // Prepare
    const error = failureOf(
      'code=10004&requestId=4000048858&appid=12516&message=invalid+audio&text=&audioTime=0',
    );

    // Act
    const failure = engineFailure(error, 'asr');

    // Assess
    expect(failure).toEqual({
      code: 'EngineFailed',
      message:
        'the file could not be decoded as audio: check it plays (ffprobe <file> lists an audio stream) and is not truncated, then upload it again (asr task 4000048858 failed)',
      engineCode: '10004',
      engineMessage: 'invalid audio',
    });
  });

  it('from the recorded DescribeTaskStatus failure says the engine could not download the file', () => {
    // Prepare: Tencent's recorded answer, Status 3 with ErrorMsg "Failed to download audio file!".
    const error = failureOf(fixture('describe-task-status.failed.json'));

    // Act
    const failure = engineFailure(error, 'asr');

    // Assess
    expect(failure.message).toBe(
      'the engine could not download the file: check it is still in the input bucket, then upload it again (asr task 522931821 failed)',
    );
    expect(failure).toMatchObject({
      engineCode: '3 failed',
      engineMessage: 'Failed to download audio file!',
    });
  });

  it.each([
    ['10002', 'the audio is too short or silent'],
    ['10003', 'the audio is longer than the engine accepts'],
    ['10006', 'the number of audio channels does not suit'],
    ['10007', 'the engine could not download the file'],
    ['10001', 'the engine could not recognise the file'],
    ['10099', 'the engine could not recognise the file'],
  ])('from callback code %s starts "%s"', (code, words) => {
    // Prepare
    const error = new TranscriptTaskFailedError({
      shape: 'ASR callback',
      taskId: '7',
      code,
      engineMessage: '',
    });

    // Act / Assess
    expect(engineFailure(error, 'asr').message.startsWith(words)).toBe(true);
  });

  it('from a CI job names the job and keeps its Code and Message', () => {
    // Prepare
    const error = new TranscriptTaskFailedError({
      shape: 'CI job XML',
      taskId: 'sa1b2c3',
      code: 'InvalidInput',
      engineMessage: 'decode audio failed',
    });

    // Act / Assess
    expect(engineFailure(error, 'ci')).toEqual({
      code: 'EngineFailed',
      message: expect.stringMatching(
        /^the file could not be decoded as audio: .* \(ci task sa1b2c3 failed\)$/,
      ),
      engineCode: 'InvalidInput',
      engineMessage: 'decode audio failed',
    });
  });
});
