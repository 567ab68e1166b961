import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTranscript } from '../../../lib/subtitles/render.js';
import { fromCanonical, writeTranscript } from '../../../lib/transcript/canonical.js';
import { TranscriptParseError } from '../../../lib/transcript/parse-error.js';
import { readTranscript } from '../../../lib/transcript/read-transcript.js';
import type { Transcript } from '../../../lib/transcript/transcript.js';
import { fixture, thrownBy } from './fixture.js';

const ms = fc.nat({ max: 20 * 3600_000 });

const transcriptArbitrary: fc.Arbitrary<Transcript> = fc
  .record(
    {
      version: fc.constant(1 as const),
      language: fc.constantFrom('en', 'zh', 'yue', 'und'),
      durationMs: ms,
      source: fc.record(
        {
          engine: fc.constantFrom('asr', 'ci', 'sentence', 'mps', 'canonical'),
          model: fc.constantFrom('16k_zh', '16k_en', '8k_zh'),
          taskId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
        },
        { requiredKeys: ['engine'] },
      ),
      segments: fc.array(
        fc.record(
          {
            startMs: ms,
            endMs: ms,
            text: fc.string(),
            speaker: fc.constantFrom('0', '1', '2'),
            channel: fc.nat({ max: 1 }),
            words: fc.array(
              fc.record(
                {
                  text: fc.string(),
                  startMs: ms,
                  endMs: ms,
                  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
                },
                { requiredKeys: ['text', 'startMs', 'endMs'] },
              ),
              { maxLength: 5 },
            ),
          },
          { requiredKeys: ['startMs', 'endMs', 'text', 'words'] },
        ),
        { maxLength: 5 },
      ),
    },
    { requiredKeys: ['version', 'language', 'durationMs', 'source', 'segments'] },
  )
  .map(orderTimes);

/** Makes every end at least its start, as the model requires. */
function orderTimes(t: Transcript): Transcript {
  return {
    ...t,
    segments: t.segments.map((s) => ({
      ...s,
      endMs: Math.max(s.startMs, s.endMs),
      words: s.words.map((w) => ({ ...w, endMs: Math.max(w.startMs, w.endMs) })),
    })),
  };
}

describe('canonical JSON', () => {
  it('round-trips exactly: read(write(t)) equals t and writing it again gives the same text', () => {
    fc.assert(
      fc.property(transcriptArbitrary, (transcript) => {
        const text = writeTranscript(transcript);

        const back = readTranscript(text);

        expect(back).toEqual(transcript);
        expect(writeTranscript(back)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips what every adapter produced from the recorded fixtures', () => {
    const readable = [
      'describe-task-status.success.json',
      'asr-callback.form.txt',
      'ci-callback.xml',
      'sentence-recognition.response.json',
      'recognize-audio.response.json',
    ];
    for (const name of readable) {
      const transcript = readTranscript(fixture(name));

      expect(readTranscript(JSON.stringify(transcript, null, 2))).toEqual(transcript);
    }
  });

  it('reads back the transcript inside the JSON rendering (transcript plus cues)', () => {
    const transcript = readTranscript(fixture('ci-callback.xml'));

    const rendering = renderTranscript(transcript, 'json');

    expect(readTranscript(rendering)).toEqual(transcript);
    expect(fromCanonical({ transcript, cues: [] })).toEqual(transcript);
  });

  it.each([
    ['a fractional time', (t: Record<string, unknown>) => Object.assign(t, { durationMs: 1.5 })],
    ['a time given as a string', (t: Record<string, unknown>) => Object.assign(t, { durationMs: '2380' })],
    ['another version', (t: Record<string, unknown>) => Object.assign(t, { version: 2 })],
    [
      'an unknown engine',
      (t: Record<string, unknown>) => Object.assign(t, { source: { engine: 'whisper' } }),
    ],
  ])('refuses %s, naming the field', (_name, spoil) => {
    const transcript = JSON.parse(JSON.stringify(readTranscript(fixture('ci-callback.xml'))));

    const error = thrownBy(() => readTranscript(JSON.stringify(spoil(transcript))));

    expect(error).toBeInstanceOf(TranscriptParseError);
    expect(error.message).toMatch(
      /^cannot read canonical transcript at (durationMs|version|source\.engine): /,
    );
  });

  it("writes a word given with its fields in another order, or with extra ones, in the model's shape", () => {
    const transcript = JSON.parse(JSON.stringify(readTranscript(fixture('ci-callback.xml'))));
    const [first, second] = transcript.segments[0].words;
    transcript.segments[0].words[0] = { endMs: first.endMs, startMs: first.startMs, text: first.text };
    transcript.segments[0].words[1] = { ...second, note: 'kept by an older tool' };

    const back = fromCanonical(transcript);

    expect(JSON.stringify(back.segments[0]?.words.slice(0, 2))).toBe(
      JSON.stringify([
        { text: first.text, startMs: first.startMs, endMs: first.endMs },
        { text: second.text, startMs: second.startMs, endMs: second.endMs },
      ]),
    );
  });

  it('refuses a word that ends before it starts', () => {
    const transcript = JSON.parse(JSON.stringify(readTranscript(fixture('ci-callback.xml'))));
    transcript.segments[0].words[1].endMs = 0;

    expect(thrownBy(() => fromCanonical(transcript)).message).toMatchInlineSnapshot(
      `"cannot read canonical transcript at segments[0].words[1].endMs: expected an end at or after startMs 3960 (found 0)"`,
    );
  });
});
