/**
 * The word lists are where the volume is (60,000 words in five hours of speech), so they are checked
 * by one zod step that walks the list itself instead of a zod object per word: the same rules and
 * the same error paths as `engineList(z.object(...))`, at a fraction of the allocations.
 */

import { z } from 'zod';
import { asRecord, secondsToMs } from './engine-values.js';

/** Field names and time unit of one engine's word objects. */
export interface WordFields {
  readonly text: string;
  readonly start: string;
  readonly end: string;
  /** 'ms' (ASR, CI, SentenceRecognition) or 's' (MPS, floats). */
  readonly unit: 'ms' | 's';
}

/** A checked word: text as given, times in integer ms as the engine gave them (absolute or offset). */
export interface ListedWord {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

const DECIMAL = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * A zod schema for a list of words with the given fields. Accepts what `engineList` accepts (an
 * array, one object from XML, null or '' for none) and numbers as JSON numbers or decimal strings.
 */
export function wordList(fields: WordFields) {
  return z.unknown().transform((value, ctx): ListedWord[] => {
    if (value === undefined || value === null || value === '') return [];
    const items = Array.isArray(value) ? value : asRecord(value) ? [value] : undefined;
    if (items === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a list' });
      return z.NEVER;
    }
    const words: ListedWord[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = asRecord(items[i]);
      if (item === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a word object', path: [i] });
        return z.NEVER;
      }
      const text = item[fields.text];
      if (typeof text !== 'string') {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'expected the word text',
          path: [i, fields.text],
        });
        return z.NEVER;
      }
      const startMs = toMs(item[fields.start], fields.unit);
      if (startMs === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: timeMessage(fields.unit),
          path: [i, fields.start],
        });
        return z.NEVER;
      }
      const endMs = toMs(item[fields.end], fields.unit);
      if (endMs === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: timeMessage(fields.unit),
          path: [i, fields.end],
        });
        return z.NEVER;
      }
      words[i] = { text, startMs, endMs };
    }
    return words;
  });
}

function toMs(value: unknown, unit: 'ms' | 's'): number | undefined {
  if (unit === 's') return secondsToMs(value);
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) return Math.round(Number(value));
  return undefined;
}

function timeMessage(unit: 'ms' | 's'): string {
  return unit === 's' ? 'expected a time in seconds, 0 or more' : 'expected a time of 0 ms or more';
}
