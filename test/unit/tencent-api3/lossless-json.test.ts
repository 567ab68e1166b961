import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonLosslessly, stringifyJson } from '../../../lib/tencent/api3/lossless-json.js';
import { uint64ForRequest, uint64Schema } from '../../../lib/tencent/api3/uint64.js';

function hasOnlySafeIntegers(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) || Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(hasOnlySafeIntegers);
  if (value && typeof value === 'object') return Object.values(value).every(hasOnlySafeIntegers);
  return true;
}

function captureError(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseJsonLosslessly', () => {
  it('keeps a uint64 TaskId of 2^64 - 1 digit for digit', () => {
    const parsed = parseJsonLosslessly('{"Response":{"Data":{"TaskId":18446744073709551615}}}');
    expect(parsed).toEqual({ Response: { Data: { TaskId: '18446744073709551615' } } });
  });

  it.each([
    ['{"a":9007199254740991}', { a: 9007199254740991 }],
    ['{"a":9007199254740993}', { a: '9007199254740993' }],
    ['{"a":-9007199254740993}', { a: '-9007199254740993' }],
    ['{"a":1.5e300,"b":2.38}', { a: 1.5e300, b: 2.38 }],
    ['{"a":"12345678901234567890"}', { a: '12345678901234567890' }],
    ['{"a\\"12345678901234567890":1}', { 'a"12345678901234567890': 1 }],
    ['[12345678901234567890, 1]', ['12345678901234567890', 1]],
  ])('reads %s as JSON.parse would, except unsafe integers', (text, expected) => {
    expect(parseJsonLosslessly(text)).toEqual(expected);
  });

  it('agrees with JSON.parse on any JSON without unsafe integers', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(hasOnlySafeIntegers), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseJsonLosslessly(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a malformed body at the position JSON.parse gives for the text as received', () => {
    // Prepare: a uint64 before the fault, which quoting would shift by two characters
    const text = '{"TaskId":18446744073709551615 "Status":1}';

    // Act
    const problem = () => parseJsonLosslessly(text);

    // Assess
    expect(problem).toThrow(captureError(() => JSON.parse(text)).message);
    expect(problem).toThrow('at position 31');
  });

  it('round-trips any uint64 through a response and a request', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (id) => {
        const parsed = parseJsonLosslessly(`{"TaskId":${id}}`) as { TaskId: unknown };
        const taskId = uint64Schema.parse(parsed.TaskId);
        expect(taskId).toBe(id.toString());
        expect(stringifyJson({ TaskId: uint64ForRequest(taskId) })).toBe(`{"TaskId":${id}}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stringifyJson', () => {
  it('writes what JSON.stringify writes for plain JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('drops undefined members and refuses numbers JSON cannot carry', () => {
    expect(stringifyJson({ a: undefined, b: 1, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(() => stringifyJson({ a: Number.NaN })).toThrow(RangeError);
  });
});

describe('uint64Schema', () => {
  it.each([[-1], [1.5], [2 ** 60], ['18446744073709551616'], ['12a']])('refuses %j', (value) => {
    expect(uint64Schema.safeParse(value).success).toBe(false);
  });
});
