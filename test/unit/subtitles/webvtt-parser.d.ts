/** Types for the W3C validator's parser (webvtt-parser 2.2.0 ships none); only what the tests use. */
declare module 'webvtt-parser' {
  export interface WebVTTParseError {
    readonly message: string;
    readonly line: number;
    readonly col: number;
  }
  export interface WebVTTCue {
    readonly id: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly text: string;
  }
  export class WebVTTParser {
    parse(
      input: string,
      mode?: 'subtitles' | 'chapters' | 'metadata',
    ): {
      readonly cues: WebVTTCue[];
      readonly errors: WebVTTParseError[];
    };
  }
}
