/**
 * The lists are where the volume is (60,000 words in five hours of speech), so sentence and word
 * lists are checked by one zod step that walks them itself instead of a zod object per element: the
 * same rules and the same error paths as `engineList(z.object(...))`, at a fraction of the
 * allocations (a zod object per word made reading five hours of speech 25 times slower than JSON.parse).
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

/** Reports a problem at a path relative to the list being walked. */
export type ReportIssue = (message: string, path: (string | number)[]) => void;

const DECIMAL = /^\s*\d+(?:\.\d+)?\s*$/;

/** A zod schema for a list of words with the given fields (see `readWordList`). */
export function wordList(fields: WordFields) {
  return z.unknown().transform((value, ctx): ListedWord[] => {
    const words = readWordList(value, fields, issueReporter(ctx));
    return words ?? z.NEVER;
  });
}

/** Adapts a zod refinement context to `ReportIssue`. */
export function issueReporter(ctx: z.RefinementCtx): ReportIssue {
  return (message, path) => ctx.addIssue({ code: z.ZodIssueCode.custom, message, path });
}

/**
 * Checks a word list: an array, one object (a single XML element), or null/'' for none; times as JSON
 * numbers or decimal strings, moved by `offsetMs` (a sentence's start, for engines whose word times
 * are offsets into the sentence). Returns undefined after reporting the first problem.
 */
export function readWordList(
  value: unknown,
  fields: WordFields,
  report: ReportIssue,
  base: (string | number)[] = [],
  offsetMs = 0,
): ListedWord[] | undefined {
  const items = listItems(value);
  if (items === undefined) {
    report('expected a list', base);
    return undefined;
  }
  const words: ListedWord[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = asRecord(items[i]);
    if (item === undefined) {
      report('expected a word object', [...base, i]);
      return undefined;
    }
    const text = item[fields.text];
    if (typeof text !== 'string') {
      report('expected the word text', [...base, i, fields.text]);
      return undefined;
    }
    const startMs = timeMs(item[fields.start], fields.unit);
    if (startMs === undefined) {
      report(timeMessage(fields.unit), [...base, i, fields.start]);
      return undefined;
    }
    const endMs = timeMs(item[fields.end], fields.unit);
    if (endMs === undefined) {
      report(timeMessage(fields.unit), [...base, i, fields.end]);
      return undefined;
    }
    words[i] = { text, startMs: offsetMs + startMs, endMs: offsetMs + endMs };
  }
  return words;
}

/** The elements of an engine list, or undefined when the value is not a list at all. */
export function listItems(value: unknown): readonly unknown[] | undefined {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  return asRecord(value) ? [value] : undefined;
}

/** A time in integer ms from ms or seconds, as a JSON number or decimal string; undefined if not one. */
export function timeMs(value: unknown, unit: 'ms' | 's'): number | undefined {
  if (unit === 's') return secondsToMs(value);
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) return Math.round(Number(value));
  return undefined;
}

/** The message for a bad time in the given unit. */
export function timeMessage(unit: 'ms' | 's'): string {
  return unit === 's' ? 'expected a time in seconds, 0 or more' : 'expected a time of 0 ms or more';
}
