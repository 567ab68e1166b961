/**
 * How a failed task is reported: the callback's numeric code (docs/tencent-wire.md §5: 10000 transcoding
 * failed … 10007 download failed) and DescribeTaskStatus's ErrorMsg. "Failed to download audio file!"
 * is the recorded message; the others are written in the same style.
 */
import type { RecognitionErrorCode } from '../recognizer/recognition.js';

/** A task failure: callback code and the ErrorMsg text. */
export interface RecTaskFailure {
  readonly code: number;
  readonly message: string;
}

/** The input URL could not be fetched (10007). */
export function downloadFailure(reason: string): RecTaskFailure {
  return { code: 10007, message: `Failed to download audio file! (${reason})` };
}

/** A recognizer failure mapped onto the callback's codes. */
export function recognitionFailure(code: RecognitionErrorCode, detail: string): RecTaskFailure {
  switch (code) {
    case 'DecodeFailed':
    case 'UnsupportedMedia':
      return { code: 10004, message: `Invalid audio file: ${detail}` };
    case 'EmptyAudio':
      return { code: 10002, message: `Audio is too short: ${detail}` };
    case 'TooLong':
      return { code: 10003, message: `Audio is too long: ${detail}` };
    case 'RecognizerMissing':
      return { code: 10005, message: `Recognition is unavailable: ${detail}` };
  }
}

/** Anything else that went wrong while recognising (10001). */
export function unexpectedFailure(detail: string): RecTaskFailure {
  return { code: 10001, message: `Recognition failed: ${detail}` };
}
