/**
 * The callback of a live recognition task, as docs product 1093/52633 describes it: a POST with a
 * JSON body `{"TaskId":<uint64>,"Result":[{VoiceId, Text, StartTime, EndTime, WordList}]}`,
 * `Content-Type: application/json; charset=UTF-8`, and a `CheckSum` header = hex SHA-256 of AppID +
 * SignToken + body (empty without SignToken). `legacy` sends the older form body instead
 * (`checksum=<hex>&data=<json>`, signed over data). Computed here on its own, not with the
 * pipeline's code, so a mistake in either shows in the tests.
 */
import { createHash } from 'node:crypto';

/** One sentence of a callback. */
export interface StreamSentence {
  readonly VoiceId: string;
  readonly Text: string;
  readonly StartTime: number;
  readonly EndTime: number;
  readonly WordList: ReadonlyArray<{ Word: string; StartTime: number; EndTime: number }>;
}

/** A callback ready to post. */
export interface StreamCallbackRequest {
  readonly body: string;
  readonly contentType: string;
  readonly headers: Record<string, string>;
}

/** The body and headers for one utterance. */
export function streamCallbackRequest(input: {
  readonly appId: string;
  readonly taskId: bigint;
  readonly signToken: string | undefined;
  readonly sentence: StreamSentence;
  readonly legacy: boolean;
}): StreamCallbackRequest {
  // The TaskId is written as a bare uint64, which JSON.stringify cannot do past 2^53.
  const json = `{"TaskId":${input.taskId.toString()},"Result":[${JSON.stringify(input.sentence)}]}`;
  const checkSum =
    input.signToken === undefined || input.signToken === ''
      ? ''
      : createHash('sha256').update(`${input.appId}${input.signToken}${json}`).digest('hex');
  if (input.legacy) {
    const form = new URLSearchParams({ checksum: checkSum, data: json });
    return { body: form.toString(), contentType: 'application/x-www-form-urlencoded', headers: {} };
  }
  return { body: json, contentType: 'application/json; charset=UTF-8', headers: { CheckSum: checkSum } };
}
