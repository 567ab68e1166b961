// Pure parts of the API 3.0 emulator (formats, JSON, limits), tested without a server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyJson } from '../../../lib/tencent/api3/lossless-json.js';
import { parseLosslessJson } from '../../../local/api3/lossless-json.js';
import { SlidingWindowLimiter } from '../../../local/api3/rate-limiter.js';
import { asrCallbackBody } from '../../../local/asr/asr-callback.js';
import { formatRecTaskResult, resultTime } from '../../../local/asr/rec-task-result.js';
import { RESULT_RETENTION_MS, RecTaskStore } from '../../../local/asr/rec-task-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('resultTime', () => {
  it.each([
    [0, '0:0.000'],
    [1640, '0:1.640'],
    [7820, '0:7.820'],
    [65_500, '1:5.500'],
    [59_999, '0:59.999'],
    [2 * 3_600_000 + 5, '120:0.005'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(resultTime(ms)).toBe(text);
  });
});

describe('asrCallbackBody', () => {
  it('reproduces the recorded callback byte for byte from the same fields', () => {
    // Prepare: the values of test/fixtures/tencent/asr-callback.form.txt.
    const recorded = readFileSync(
      path.resolve(here, '../../fixtures/tencent/asr-callback.form.txt'),
      'utf8',
    ).trim();

    // Act
    const body = asrCallbackBody({
      code: 0,
      message: '',
      taskId: 4000048858n,
      appId: '12516',
      text: '[0:1.640,0:4.600]  我在马上上夜班。\n[0:5.420,0:7.820]  明天早上说哈。\n',
      audioDurationMs: 8420,
      resultDetail: null,
    });

    // Assess
    expect(body).toBe(recorded);
  });
});

describe('formatRecTaskResult', () => {
  const recognition = {
    durationMs: 9000,
    sentences: [
      {
        startMs: 1640,
        endMs: 4600,
        text: 'he was not',
        words: [
          { text: 'he', startMs: 1640, endMs: 1800 },
          { text: 'was', startMs: 1800, endMs: 2100 },
          { text: 'not', startMs: 2100, endMs: 4600 },
        ],
      },
    ],
  };

  it('writes Result lines and sentence-relative word offsets', () => {
    // Act
    const result = formatRecTaskResult(recognition, { resTextFormat: 2, filterPunc: 0, withSpeaker: false });

    // Assess
    expect(result.result).toBe('[0:1.640,0:4.600]  He was not.\n');
    expect(result.resultDetail?.[0]?.Words).toEqual([
      { Word: 'he', OffsetStartMs: 0, OffsetEndMs: 160 },
      { Word: 'was', OffsetStartMs: 160, OffsetEndMs: 460 },
      { Word: 'not', OffsetStartMs: 460, OffsetEndMs: 2960 },
    ]);
  });

  it.each([
    [0, 0, '[0:1.640,0:4.600]  He was not.\n', false],
    [1, 0, '[0:1.640,0:4.600]  he was not\n', true],
    [2, 1, '[0:1.640,0:4.600]  He was not\n', true],
  ])(
    'ResTextFormat %i with FilterPunc %i writes %j (detail: %s)',
    (resTextFormat, filterPunc, line, detail) => {
      const result = formatRecTaskResult(recognition, { resTextFormat, filterPunc, withSpeaker: false });
      expect(result.result).toBe(line);
      expect(result.resultDetail !== null).toBe(detail);
    },
  );

  it('adds the speaker as a third field when speakers are separated', () => {
    const result = formatRecTaskResult(recognition, { resTextFormat: 1, filterPunc: 0, withSpeaker: true });
    expect(result.result).toBe('[0:1.640,0:4.600,0]  he was not\n');
    expect(result.resultDetail?.[0]?.SpeakerId).toBe(0);
  });
});

describe('lossless JSON', () => {
  it('keeps a uint64 past 2^53 exact in both directions', () => {
    // Act
    const parsed = parseLosslessJson('{"TaskId":18446744073709551615,"n":1.5}') as Record<string, unknown>;

    // Assess
    expect(parsed.TaskId).toBe(18446744073709551615n);
    expect(stringifyJson(parsed)).toBe('{"TaskId":18446744073709551615,"n":1.5}');
  });

  it('reads whatever JSON.parse reads, to the same value, when no integer is unsafe', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!/\d{16,}/.test(text));
        expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
        expect(stringifyJson(parseLosslessJson(text))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 200 },
    );
  });

  it.each(['{"a":1,}', '{"a" 1}', '[1] 2', '"unterminated', '{"a":"\u0001"}'])('refuses %j', (text) => {
    expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
  });
});

describe('SlidingWindowLimiter', () => {
  it('admits at most N in any 1000 ms window, across a wall-clock second boundary too', () => {
    // Prepare: 20/s; 20 requests at 900-999 ms, then a burst just after the second "ticks".
    const limiter = new SlidingWindowLimiter();
    const admitted: number[] = [];

    // Act
    for (let t = 900; t < 1000; t += 5) if (limiter.tryAdmit('a', 20, t)) admitted.push(t);
    for (let t = 1000; t < 1100; t += 5) if (limiter.tryAdmit('a', 20, t)) admitted.push(t);
    const afterWindow = limiter.tryAdmit('a', 20, 1900);

    // Assess: a window aligned to seconds would have let 40 through in 200 ms.
    expect(admitted).toHaveLength(20);
    expect(afterWindow).toBe(true);
  });

  it('never lets more than N through in any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 30 }),
        (raw, limit) => {
          const times = [...raw].sort((a, b) => a - b);
          const limiter = new SlidingWindowLimiter();
          const admitted = times.filter((t) => limiter.tryAdmit('k', limit, t));
          for (const start of admitted) {
            expect(admitted.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('RecTaskStore', () => {
  it('issues sequential TaskIds and forgets tasks after 24 hours', () => {
    // Prepare
    let now = 1_000_000;
    const store = new RecTaskStore(() => now, 2n ** 60n);

    // Act
    const first = store.create();
    const second = store.create();
    now += RESULT_RETENTION_MS - 1;
    const stillThere = store.get(first.taskId);
    now += 1;
    const gone = store.get(first.taskId);

    // Assess
    expect(second.taskId).toBe(first.taskId + 1n);
    expect(stillThere).toBe(first);
    expect(gone).toBeUndefined();
  });
});

describe('formatRecTaskResult for stereo (ChannelNum 2)', () => {
  it('reports each sentence’s channel as its speaker', () => {
    // Prepare
    const word = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });
    const recognition = {
      durationMs: 8000,
      sentences: [
        { startMs: 210, endMs: 800, text: 'hello', words: [word('hello', 210, 800)], channel: 0 },
        { startMs: 4210, endMs: 5000, text: 'hi', words: [word('hi', 4210, 5000)], channel: 1 },
      ],
    };

    // Act
    const result = formatRecTaskResult(recognition, { resTextFormat: 1, filterPunc: 0, withSpeaker: true });

    // Assess
    expect(result.result).toBe('[0:0.210,0:0.800,0]  hello\n[0:4.210,0:5.000,1]  hi\n');
    expect(result.resultDetail?.map((s) => s.SpeakerId)).toEqual([0, 1]);
  });
});
