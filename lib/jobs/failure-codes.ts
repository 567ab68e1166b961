/**
 * Every code a failed or skipped input can carry, with the fix to try first. The status message says
 * what went wrong with this file in particular; the fix here is what a person does about that kind of
 * problem (the dev stack writes it into outbox/<name>.failed.txt). The README's Operate table lists
 * the same codes, and a test keeps the two in step, both ways.
 */
export const failureCodes = {
  UnsupportedType: 'upload an audio or video file (the message lists the extensions taken)',
  EmptyFile: 'upload the file again: the copy that arrived holds no bytes',
  TooLarge: 'compress the file or split it into parts under the limit, then upload those',
  TooLong:
    'split the recording into parts under the limit, or send it to engine asr (x-cos-meta-asr-engine: asr)',
  UnsafeKey: 'rename the file without "." or ".." folder names, then upload it again',
  KeyTooLong: 'shorten the file name or its folders by the bytes the message names, then upload it again',
  BadMetadata: 'correct the x-cos-meta-asr-* headers the message names, then upload the file again',
  EngineFailed: 'check the file as the message says, then upload it again',
  EngineRefused: 'correct what the engine names (model, parameters, account), then upload the file again',
  UnsupportedForEngine:
    'convert the file to a format that engine reads, or send it to engine asr (x-cos-meta-asr-engine: asr)',
  EngineLostTask: 'upload the file again: the engine no longer knows the task',
  UnreadableResult:
    'report it with the raw engine result (cos-transcribe status shows the job), then replay it',
  OutputRefused: 'fix what COS names (key length, the output bucket), then upload the file again',
  Superseded: 'nothing: the newer upload of the same key has its own job and status',
  BadLiveRequest: 'correct the .live.json request as the message says, then upload it again',
  LiveStreamLimit:
    'delete the .live.json of a stream that is done (20 run at once), or ask Tencent for more, then upload again',
  InputChanged: 'upload the request again: it changed or went away before its job could start',
  TimedOut: 'upload the file again; if it times out again, check the engine queue and RECONCILE_HARD_LIMIT',
} as const satisfies Record<string, string>;

/** A failure or skip code. */
export type FailureCode = keyof typeof failureCodes;

/** The fix to try first for `code`; a code this version does not know gets a pointer to the README. */
export function fixFor(code: string): string {
  return (failureCodes as Readonly<Record<string, string>>)[code] ?? "see the README's Operate table";
}
