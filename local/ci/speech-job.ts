/**
 * The emulator's record of one CI speech-recognition job: what was asked (validated), where it is in
 * its life (Submitted → Running → Success | Failed, or Cancel), and the result once there is one.
 */
import type { SpeechRecognitionResult } from './speech-result.js';

/** CI job states (docs/tencent-wire.md §6.1). Pause is never entered by the emulator. */
export type JobState = 'Submitted' | 'Running' | 'Success' | 'Failed' | 'Cancel';

/** The `SpeechRecognition` parameters after validation, defaults filled in as CI echoes them. */
export interface SpeechParams {
  readonly engineModelType: string;
  readonly channelNum: number;
  readonly resTextFormat: number;
  readonly filterDirty: number;
  readonly filterModal: number;
  readonly filterPunc: number;
  readonly convertNumMode: number;
  readonly speakerDiarization: number;
  readonly speakerNumber: number;
  readonly outputFileType: 'txt' | 'srt';
  readonly flashAsr: boolean;
}

/** Where a job writes its result. */
export interface JobOutput {
  readonly region: string;
  readonly bucket: string;
  readonly object: string;
}

/** A validated submission (POST /asr_jobs or POST /jobs). */
export interface SpeechJobSpec {
  /** Which API generation took it; the legacy one requires QueueId. */
  readonly api: 'asr_jobs' | 'jobs';
  /** Input.Object wins over Input.Url when both are given (docs 1045/49546, 1045/73385). */
  readonly input: { readonly object: string } | { readonly url: string };
  readonly params: SpeechParams;
  readonly output: JobOutput;
  readonly userData: string | undefined;
  readonly jobLevel: number;
  /** The callback URL; undefined when none (or `no`, which disables the queue's callback). */
  readonly callBack: string | undefined;
  readonly callBackFormat: 'XML' | 'JSON';
  readonly callBackType: 'Url' | 'TDMQ';
}

/** A job as the service keeps it. Mutable state lives here and nowhere else. */
export interface SpeechJob {
  readonly jobId: string;
  readonly queueId: string;
  /** The bucket whose CI host took the job (`<name>-<appid>`), and its region. */
  readonly bucket: string;
  readonly region: string;
  readonly spec: SpeechJobSpec;
  readonly createdAt: number;
  state: JobState;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** 'Success' until a failure sets CI's code and message. */
  code: string;
  message: string;
  result: SpeechRecognitionResult | undefined;
}
