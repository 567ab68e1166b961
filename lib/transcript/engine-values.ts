/**
 * Zod building blocks for engine values. Tencent is inconsistent about types: CI sends every value as
 * a string (XML, and its JSON callbacks mirror the XML), ASR sends JSON numbers, the ASR callback sends
 * form strings, and repeated XML elements parse as an object when there is only one. These schemas
 * accept each variant a real payload uses and reject anything else with a message naming what was expected.
 */

import { z } from 'zod';

const DECIMAL = /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/;

/** A finite number, given as a JSON number or a decimal string ("19.7124", " 3320 "). */
export const engineNumber = convertedBy(toFiniteNumber, 'expected a number');

/** A time in integer ms, not negative (engines give whole ms; a stray fraction is rounded). */
export const engineMs = engineNumber.transform((n, ctx) => {
  if (n < 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a time of 0 ms or more' });
    return z.NEVER;
  }
  return Math.round(n);
});

/**
 * A time in seconds converted to integer ms. Decimal strings ("8.420000", "19.7124") are converted
 * with integer arithmetic so that no binary rounding creeps in; JSON numbers are rounded once.
 */
export const engineSecondsAsMs = convertedBy(secondsToMs, 'expected a time in seconds, 0 or more');

/** Text that may be absent or null (Tencent marks many fields "may return null"): '' then. */
export const engineText = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected text' });
    return z.NEVER;
  }
  return value;
});

/** An optional id given as a number or a string (TaskId, SpeakerId, channel_id), kept as a string. */
export const engineId = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected an id (number or string)' });
  return z.NEVER;
});

/**
 * A list that XML parsers give as an object when it has one element, and engines give as null or ''
 * when it has none. Normalised to an array.
 */
export function engineList<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : asRecord(v) ? [v] : v),
    z.array(item, { invalid_type_error: 'expected a list' }),
  );
}

/** Seconds (number or decimal string) to integer ms; undefined when not a non-negative number. */
export function secondsToMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(value);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(4, '0');
  // Millisecond digits, rounded half up on the fourth fractional digit.
  const ms = Number(fraction.slice(0, 3)) + (Number(fraction[3]) >= 5 ? 1 : 0);
  return whole * 1000 + ms;
}

function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return undefined;
}

/** Like `engineSecondsAsMs`, but absent or null is allowed (waiting and failed tasks report no duration). */
export const optionalSecondsAsMs = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = secondsToMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a time in seconds, 0 or more' });
    return z.NEVER;
  }
  return ms;
});

/** The value as a plain object, or undefined (arrays and null are not records). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Any value, made what `convert` gives; where it gives nothing, the issue `message`. */
function convertedBy<T>(convert: (value: unknown) => T | undefined, message: string) {
  return z.unknown().transform((value, ctx) => {
    const converted = convert(value);
    if (converted === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return converted;
  });
}
