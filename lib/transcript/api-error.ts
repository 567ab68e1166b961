/**
 * API 3.0 answers errors with HTTP 200 and `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
 * A saved error answer handed to an adapter is a failed call, not a malformed transcript: it is raised
 * as a task failure carrying Tencent's code and message.
 */

import { asRecord } from './engine-values.js';
import { describeValue, TranscriptTaskFailedError } from './parse-error.js';

/** Throws `TranscriptTaskFailedError` when the document is an API 3.0 error answer. */
export function throwIfApiError(document: unknown): void {
  const response = asRecord(asRecord(document)?.Response);
  const error = asRecord(response?.Error);
  if (!error) return;
  // Described rather than String()-ed: a Code that is an object could not be turned into text at all.
  const code =
    typeof error.Code === 'string'
      ? error.Code
      : error.Code === undefined || error.Code === null
        ? 'unknown'
        : describeValue(error.Code);
  const message = typeof error.Message === 'string' ? error.Message : '';
  const requestId = typeof response?.RequestId === 'string' ? ` (RequestId ${response.RequestId})` : '';
  throw new TranscriptTaskFailedError({
    shape: 'API error',
    taskId: '',
    code,
    engineMessage: `${message}${requestId}`,
  });
}

/** `{"Response": X}` -> [X, ['Response']]; anything else as it is. */
export function unwrapResponse(document: unknown): [unknown, string[]] {
  const root = asRecord(document);
  if (root && asRecord(root.Response)) return [root.Response, ['Response']];
  return [document, []];
}
