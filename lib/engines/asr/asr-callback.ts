/**
 * The body ASR POSTs to a CreateRecTask `CallbackUrl`: application/x-www-form-urlencoded, spaces as
 * '+', every value a string after decoding. `requestId` is the TaskId (uint64). `text` holds the same
 * lines as DescribeTaskStatus `Result`; `resultDetail` is empty with ResTextFormat 0 and otherwise a
 * JSON array of SentenceDetail (the encoding is undocumented; JSON is what the SDK types imply).
 * An older revision of the docs showed the same fields as a JSON object, which is accepted too.
 */

import { z } from 'zod';
import { assembleTranscript } from '../../transcript/assemble-transcript.js';
import { engineId, engineNumber, engineText, optionalSecondsAsMs } from '../../transcript/engine-values.js';
import {
  fromZodError,
  TranscriptParseError,
  TranscriptTaskFailedError,
} from '../../transcript/parse-error.js';
import type { ReadOptions } from '../../transcript/read-options.js';
import { sentenceDetailList, sentencesFromResult } from '../../transcript/sentence-detail.js';
import type { Transcript } from '../../transcript/transcript.js';

const SHAPE = 'ASR callback';

const callbackSchema = z.object({
  code: engineNumber,
  message: engineText,
  requestId: engineId,
  // Present (possibly empty) on every callback; a body without it was cut short.
  text: z.string({ errorMap: () => ({ message: 'expected the result text field' }) }),
  resultDetail: z.union([z.string(), z.array(z.unknown()), z.null(), z.undefined()], {
    errorMap: () => ({ message: 'expected SentenceDetail JSON text' }),
  }),
  audioTime: optionalSecondsAsMs,
});

const detailListSchema = sentenceDetailList;

/** Reads a CreateRecTask callback body (the raw form text, or its fields as an object). */
export function fromAsrCallback(
  body: string | Record<string, unknown>,
  options: ReadOptions = {},
): Transcript {
  const fields = typeof body === 'string' ? decodeForm(body) : body;
  const parsed = callbackSchema.safeParse(fields);
  if (!parsed.success) throw fromZodError(SHAPE, parsed.error, fields);
  const callback = parsed.data;
  const taskId = callback.requestId ?? '';
  if (callback.code !== 0) {
    throw new TranscriptTaskFailedError({
      shape: SHAPE,
      taskId,
      code: String(callback.code),
      engineMessage: callback.message,
    });
  }
  const details = readDetails(callback.resultDetail);
  const sentences = sentencesFromResult(
    SHAPE,
    { list: details, path: 'resultDetail' },
    { text: callback.text, path: 'text' },
  );
  return assembleTranscript(
    {
      shape: SHAPE,
      engine: 'asr',
      ...(callback.requestId === undefined ? {} : { taskId: callback.requestId }),
      ...(callback.audioTime === undefined ? {} : { audioMs: callback.audioTime }),
      sentences,
    },
    options,
  );
}

function readDetails(raw: string | unknown[] | null | undefined) {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return [];
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new TranscriptParseError({
        shape: SHAPE,
        path: 'resultDetail',
        problem: `expected SentenceDetail JSON: ${(cause as Error).message}`,
        found: raw.length > 40 ? `${JSON.stringify(raw.slice(0, 37))}...` : JSON.stringify(raw),
        cause,
      });
    }
  }
  const parsed = detailListSchema.safeParse(value);
  if (!parsed.success) throw fromZodError(SHAPE, parsed.error, value, ['resultDetail']);
  return parsed.data;
}

/**
 * Form-decodes the body. URLSearchParams turns a broken percent-escape (a body cut inside a UTF-8
 * sequence) into U+FFFD without complaint; that is refused here so no garbled sentence slips through.
 */
function decodeForm(body: string): Record<string, string> {
  const fields = Object.fromEntries(new URLSearchParams(body.trim()));
  for (const [name, value] of Object.entries(fields)) {
    if (value.includes('\uFFFD')) {
      const raw =
        /=([^&]*)$/.exec(body.slice(0, body.indexOf(`${name}=`) + name.length + 1 + 200))?.[1] ?? '';
      throw new TranscriptParseError({
        shape: SHAPE,
        path: name,
        problem: 'broken percent-encoding (was the body cut short?)',
        found: JSON.stringify(raw.length > 40 ? `...${raw.slice(-37)}` : raw),
      });
    }
  }
  return fields;
}
