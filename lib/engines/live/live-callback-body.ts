/**
 * The body of a live callback (docs product 1093/52633): JSON `{"TaskId": uint64, "Result":
 * [Sentence...], "AudioData"?: base64 mp3}` with Sentence = `{VoiceId, Text, StartTime, EndTime,
 * WordList: [{Word, StartTime, EndTime}]}`. An older revision of the page posted a form
 * `checksum=<hex>&data=<json>` and signed the `data` field; both are read.
 *
 * Assumptions the documents leave open (README "Live streams"): times are integer milliseconds
 * from the start of the task (the example's 17140/17940 only fits that reading), word times too,
 * and a VoiceId names one utterance (a repeat with the same times is the same utterance).
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { parseJsonLosslessly } from '../../tencent/api3/lossless-json.js';
import { uint64Schema } from '../../tencent/api3/uint64.js';

/** What was signed and the CheckSum sent for it. */
export interface SignedCallback {
  /** The bytes the CheckSum covers: the raw body, or the legacy form's `data` field. */
  readonly signed: string;
  /** The header (JSON body) or the form's `checksum` field; undefined when absent. */
  readonly checkSum: string | undefined;
}

/** Splits a body into what is signed and its CheckSum, without reading the JSON yet. */
export function signedPart(rawBody: string, checkSumHeader: string | undefined): SignedCallback {
  if (rawBody.trimStart().startsWith('{')) return { signed: rawBody, checkSum: checkSumHeader };
  const form = new URLSearchParams(rawBody);
  return { signed: form.get('data') ?? '', checkSum: form.get('checksum') ?? undefined };
}

// Tencent marks these fields "may be null"; a word or time that is absent is treated as missing.
// Built on first use (lib/lazy/on-first-use.ts): only live callbacks and live jobs read them.
const liveSchemas = onFirstUse(() => {
  const word = z.object({
    Word: z.string().nullish(),
    StartTime: z.number().int().nonnegative().nullish(),
    EndTime: z.number().int().nonnegative().nullish(),
  });
  const sentence = z
    .object({
      VoiceId: z.string().min(1).max(200),
      Text: z.string().nullish(),
      StartTime: z.number().int().nonnegative(),
      EndTime: z.number().int().nonnegative(),
      WordList: z.array(word).nullish(),
    })
    .passthrough();
  const body = z.object({ TaskId: uint64Schema, Result: z.array(sentence).nullish() }).passthrough();
  return { sentence, body };
});

/** One recognised utterance, times in ms from the task start. */
export interface Utterance {
  readonly voiceId: string;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly words: ReadonlyArray<{ readonly text: string; readonly startMs: number; readonly endMs: number }>;
  /** The sentence object as received (unknown fields kept): stored and published as the raw result. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A callback read: its task and utterances. */
export interface LiveCallback {
  /** uint64 as a decimal string. */
  readonly taskId: string;
  readonly utterances: readonly Utterance[];
}

/** Reads the signed JSON; undefined when it is not a live callback. */
export function readLiveCallback(signed: string): LiveCallback | undefined {
  let json: unknown;
  try {
    json = parseJsonLosslessly(signed);
  } catch {
    return undefined;
  }
  const parsed = liveSchemas().body.safeParse(json);
  if (!parsed.success) return undefined;
  return { taskId: parsed.data.TaskId, utterances: (parsed.data.Result ?? []).map(toUtterance) };
}

/** Reads one sentence as stored (the raw object of a callback); undefined when it is not one. */
export function readSentence(raw: unknown): Utterance | undefined {
  const parsed = liveSchemas().sentence.safeParse(raw);
  return parsed.success ? toUtterance(parsed.data) : undefined;
}

function toUtterance(sentence: z.infer<ReturnType<typeof liveSchemas>['sentence']>): Utterance {
  return {
    voiceId: sentence.VoiceId,
    text: sentence.Text ?? '',
    startMs: sentence.StartTime,
    endMs: Math.max(sentence.StartTime, sentence.EndTime),
    words: (sentence.WordList ?? []).flatMap((word) =>
      word.Word && word.StartTime != null && word.EndTime != null
        ? [{ text: word.Word, startMs: word.StartTime, endMs: Math.max(word.StartTime, word.EndTime) }]
        : [],
    ),
    raw: sentence,
  };
}
