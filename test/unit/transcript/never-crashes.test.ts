import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TranscriptNotReadyError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { fixture } from './fixture.js';

// Every recorded shape, the answers that hold no result (waiting, failed, API error, submit answers)
// too: damaged, each must still end in a transcript or a typed error.
const FIXTURES = [
  'describe-task-status.success.json',
  'describe-task-status.waiting.json',
  'describe-task-status.failed.json',
  'asr-callback.form.txt',
  'ci-callback.xml',
  'ci-submit.response.xml',
  'sentence-recognition.response.json',
  'recognize-audio.response.json',
  'api-error.response.json',
  'create-rec-task.response.json',
].map(fixture);

/** Either a transcript whose times are sane, or one of the three typed errors; anything else fails. */
function readOrTypedError(input: string): void {
  let transcript: Transcript;
  try {
    transcript = readTranscript(input);
  } catch (error) {
    const typed =
      error instanceof TranscriptParseError ||
      error instanceof TranscriptTaskFailedError ||
      error instanceof TranscriptNotReadyError;
    if (!typed) throw error;
    expect((error as Error).message).not.toContain('\n');
    return;
  }
  for (const segment of transcript.segments) {
    expect(Number.isInteger(segment.startMs) && segment.endMs >= segment.startMs).toBe(true);
    expect(segment.endMs).toBeLessThanOrEqual(transcript.durationMs);
    for (const word of segment.words) {
      expect(Number.isInteger(word.startMs) && word.endMs >= word.startMs).toBe(true);
      expect(word.startMs).toBeGreaterThanOrEqual(segment.startMs);
      expect(word.endMs).toBeLessThanOrEqual(segment.endMs);
    }
  }
}

describe('readTranscript on damaged input', () => {
  it('never crashes on a recorded result cut at any point', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.double({ min: 0, max: 1, noNaN: true }), (input, cut) => {
        readOrTypedError(input.slice(0, Math.floor(input.length * cut)));
      }),
      { numRuns: 600 },
    );
  });

  it('never crashes when characters of a recorded result are replaced', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ minLength: 1, maxLength: 3 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (input, edits) => {
          let damaged = input;
          for (const [where, text] of edits) {
            const at = Math.floor(damaged.length * where);
            damaged = damaged.slice(0, at) + text + damaged.slice(at + text.length);
          }
          readOrTypedError(damaged);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never crashes when any JSON value stands where a field of a result was', () => {
    const json = FIXTURES.filter((f) => f.trimStart().startsWith('{')).map((f) => JSON.parse(f) as unknown);
    fc.assert(
      fc.property(
        fc.constantFrom(...json),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }),
        (document, pick, value) => {
          const copy = structuredClone(document);
          const slots = collectSlots(copy);
          const slot = slots[pick % slots.length];
          if (slot) slot.holder[slot.key] = value;
          readOrTypedError(JSON.stringify(copy));
        },
      ),
      { numRuns: 600 },
    );
  });
});

interface Slot {
  holder: Record<string, unknown>;
  key: string;
}

/** Every object property in the document, at any depth. */
function collectSlots(value: unknown, out: Slot[] = []): Slot[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.push({ holder: value as Record<string, unknown>, key });
      collectSlots(child, out);
    }
  }
  return out;
}
