/**
 * The dev stack's words: elapsed times, what to expect while recognising, and the note a failed or
 * skipped input leaves in outbox/ (code, reason, fix, the engine's own words).
 */
import { describe, expect, it } from 'vitest';
import type { InputStatus } from '../../../lib/jobs/input-status.js';
import { durationText, failureNote, stepLine } from '../../../local/dev-stack/step-lines.js';

const failed: InputStatus = {
  version: 1,
  input: { bucket: 'input-1250000000', key: 'input/broken.mp3', etag: 'e1', size: 1200 },
  jobId: '3a7fecfedc863438cb40a86b3c79ea28',
  state: 'failed',
  engine: 'asr',
  model: '16k_en',
  taskId: '1593111378',
  timings: { startedAt: 10_000, submittedAt: 10_100, finishedAt: 25_000, elapsedMs: 15_000 },
  outputs: [],
  note: null,
  error: {
    code: 'EngineFailed',
    message:
      'the file could not be decoded as audio: check it plays, then upload it again (asr task 1593111378 failed)',
    engineCode: '3 failed',
    engineMessage: 'Invalid audio file: not audio',
  },
};

describe('the dev stack console', () => {
  it.each([
    [0, '0.0 s'],
    [41_249, '41.2 s'],
    [99_000, '1 min 39 s'],
    [3_600_000 + 5 * 60_000, '1 h 05 min'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('times each step from the upload, by the record, and says what recognising should take', () => {
    // Prepare
    const context = { origin: 9_000, audioMs: 99_000, now: 60_000 };
    const submitted = { ...failed, state: 'submitted' as const, error: null };

    // Act
    const recognising = stepLine({ step: 'recognising', key: 'input/talk.wav', status: submitted }, context);
    const alive = stepLine(
      { step: 'still-working', key: 'input/talk.wav', status: submitted, sinceMs: 30_000 },
      context,
    );
    const end = stepLine({ step: 'finished', key: 'input/broken.mp3', status: failed }, context);

    // Assess
    expect(recognising).toBe(
      "     +1.1 s  recognising  asr task 1593111378: Tencent's engine typically takes 1-3 min per hour of audio (1 min 39 s of audio: 1.6 s to 4.9 s); the offline recognizer here is slower, about the audio's length or more on a busy machine",
    );
    expect(alive).toBe('    +51.0 s  recognising  still working, 30.0 s so far');
    expect(end).toBe(`    +16.0 s  failed       EngineFailed: ${failed.error?.message}`);
  });

  it('leaves a note with the code, the reason, the fix and the engine code', () => {
    expect(failureNote('broken.mp3', failed)).toMatchInlineSnapshot(`
      "broken.mp3 failed: it was not transcribed.

      code    EngineFailed
      reason  the file could not be decoded as audio: check it plays, then upload it again (asr task 1593111378 failed)
      fix     check the file as the message says, then upload it again
      engine  asr task 1593111378 said 3 failed: Invalid audio file: not audio
      key     input/broken.mp3
      job     3a7fecfedc863438cb40a86b3c79ea28
      "
    `);
  });
});
