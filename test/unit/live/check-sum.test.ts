import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SecretValue } from '../../../lib/config/secret-value.js';
import { checkSumMatches, liveCheckSum, signTokenFor } from '../../../lib/engines/live/check-sum.js';
import { readLiveCallback, signedPart } from '../../../lib/engines/live/live-callback-body.js';

const fixture = readFileSync(
  new URL('../../fixtures/tencent/stream-callback.body.json', import.meta.url),
  'utf8',
);

describe('the live callback CheckSum', () => {
  it('reproduces the official vector of docs product 1093/52633', () => {
    // Act
    const checkSum = liveCheckSum('1259228442', 'ewef32ee', fixture);

    // Assess
    expect(checkSum).toBe('550e661c30ceb8fbfc6babb88e7e78aaeae5f908077a2446528023d3e3491f1d');
  });

  it('gives each job its own SignToken, and accepts the previous secret during a rotation', () => {
    // Prepare
    const current = new SecretValue('current-secret-0123456789abcdefghijkl');
    const previous = new SecretValue('previous-secret-0123456789abcdefghijk');
    const body = '{"TaskId":1,"Result":[]}';
    const signedWithPrevious = liveCheckSum('1250000000', signTokenFor(previous, 'a'.repeat(32)), body);
    const signed = { appId: '1250000000', jobId: 'a'.repeat(32), rawBody: body };

    // Act & Assess
    expect(signTokenFor(current, 'a'.repeat(32))).not.toBe(signTokenFor(current, 'b'.repeat(32)));
    expect(checkSumMatches(signedWithPrevious, signed, [current, previous])).toBe(true);
    expect(checkSumMatches(signedWithPrevious, signed, [current])).toBe(false);
    expect(checkSumMatches(signedWithPrevious, { ...signed, rawBody: `${body} ` }, [current, previous])).toBe(
      false,
    );
    expect(checkSumMatches(undefined, signed, [current, previous])).toBe(false);
  });

  it('reads the legacy form body, whose CheckSum covers its data field', () => {
    // Prepare
    const form = `checksum=${liveCheckSum('1259228442', 'ewef32ee', fixture)}&data=${encodeURIComponent(fixture)}`;

    // Act
    const part = signedPart(form, undefined);

    // Assess
    expect(part).toEqual({
      signed: fixture,
      checkSum: '550e661c30ceb8fbfc6babb88e7e78aaeae5f908077a2446528023d3e3491f1d',
    });
    expect(readLiveCallback(part.signed)).toMatchObject({
      taskId: '100000447',
      utterances: [
        { voiceId: '1000004470_5ff02063dac60f47a62343b0_1_0_46', text: '测试', startMs: 17140, endMs: 17940 },
      ],
    });
  });

  it('keeps a uint64 TaskId past 2^53 exact', () => {
    // Act
    const read = readLiveCallback('{"TaskId":18446744073709551615,"Result":null}');

    // Assess
    expect(read).toEqual({ taskId: '18446744073709551615', utterances: [] });
  });
});
