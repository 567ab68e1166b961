/**
 * Runs CI speech jobs in the background, as the real queue does: at most `concurrency` at a time,
 * higher JobLevel first. A run reads the input (object in the job's bucket, or a URL through the
 * emulator's fetchInput), recognises it, writes the result object and its `.detail` to the requested
 * output, records Success or Failed with CI's Code/Message, then POSTs the TaskFinish notice.
 */

import type { EmulatorContext } from '../context.js';
import { engineLanguage } from '../engine-names.js';
import { callbackJson, callbackTree } from './job-xml.js';
import type { SpeechJob } from './speech-job.js';
import {
  buildSpeechResult,
  type RecognizedSpeech,
  renderDetailObject,
  renderResultObject,
} from './speech-result.js';
import { toXml } from './xml.js';

/** The recogniser the runner calls (local/recognizer's `recognizeSpeech`). */
export type Recognize = (
  media: Buffer,
  options: { language?: string; channels?: number; maxDurationMs?: number },
) => Promise<RecognizedSpeech>;

/** Size and duration limits CI documents (docs/tencent-wire.md §6.1): fast ≤ 100 MB / 2 h, general ≤ 512 MB / 5 h. */
const LIMITS = {
  flash: { bytes: 100 * 1024 * 1024, ms: 2 * 3_600_000 },
  general: { bytes: 512 * 1024 * 1024, ms: 5 * 3_600_000 },
} as const;

/** A job failure in CI's words: the Code and Message that land on the job. */
class JobFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The background queue of one CI service. */
export class JobRunner {
  readonly #context: EmulatorContext;
  readonly #recognize: Recognize;
  readonly #concurrency: number;
  readonly #pending: SpeechJob[] = [];
  #running = 0;
  readonly #idle = new Set<() => void>();

  constructor(context: EmulatorContext, recognize: Recognize, concurrency: number) {
    this.#context = context;
    this.#recognize = recognize;
    this.#concurrency = concurrency;
  }

  /** Queues a Submitted job; it starts on a later tick, never inside the submit request. */
  enqueue(job: SpeechJob): void {
    this.#pending.push(job);
    // Stable sort: higher JobLevel first, then submission order.
    this.#pending.sort((a, b) => b.spec.jobLevel - a.spec.jobLevel);
    setImmediate(() => this.#pump());
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.#running === 0 && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const job = this.#pending.shift();
      if (!job) break;
      if (job.state !== 'Submitted') continue; // cancelled while queued
      this.#running += 1;
      void this.#run(job).finally(() => {
        this.#running -= 1;
        this.#pump();
        if (this.#running === 0 && this.#pending.length === 0) {
          for (const resolve of this.#idle) resolve();
          this.#idle.clear();
        }
      });
    }
  }

  async #run(job: SpeechJob): Promise<void> {
    const { now, log } = this.#context;
    job.state = 'Running';
    job.startedAt = now();
    log('ci.job.running', { jobId: job.jobId });
    try {
      const media = await this.#readInput(job);
      const limit = job.spec.params.flashAsr ? LIMITS.flash : LIMITS.general;
      if (media.length > limit.bytes) {
        throw new JobFailure(
          'InvalidInput',
          `The input is ${media.length} bytes; the limit is ${limit.bytes} bytes.`,
        );
      }
      const speech = await this.#recognizeMedia(job, media, limit.ms);
      const result = buildSpeechResult(speech, {
        outputObject: job.spec.output.object,
        filterPunc: job.spec.params.filterPunc,
      });
      await this.#writeOutputs(job, result);
      job.result = result;
      job.state = 'Success';
      job.code = 'Success';
      job.message = '';
    } catch (error) {
      job.state = 'Failed';
      if (error instanceof JobFailure) {
        job.code = error.code;
        job.message = error.message;
      } else {
        job.code = 'InternalError';
        job.message = `The job failed inside the emulator: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    job.endedAt = now();
    log('ci.job.finished', { jobId: job.jobId, state: job.state, code: job.code });
    await this.#notify(job);
  }

  async #readInput(job: SpeechJob): Promise<Buffer> {
    const { input } = job.spec;
    if ('object' in input) {
      const key = input.object.replace(/^\/+/, '');
      const found = await this.#context.store.get(job.bucket, key);
      if (!found)
        throw new JobFailure(
          'InvalidInput',
          `The input object '${key}' does not exist in bucket ${job.bucket}.`,
        );
      return found.body;
    }
    const fetched = await this.#context.fetchInput(input.url);
    if (!fetched.ok) {
      throw new JobFailure(
        'InvalidInput',
        `The input URL could not be downloaded (HTTP ${fetched.status}): ${fetched.reason}`,
      );
    }
    return fetched.body;
  }

  async #recognizeMedia(job: SpeechJob, media: Buffer, maxDurationMs: number): Promise<RecognizedSpeech> {
    const { engineModelType, channelNum } = job.spec.params;
    try {
      return await this.#recognize(media, {
        language: engineLanguage(engineModelType),
        channels: channelNum,
        maxDurationMs,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = error instanceof Error ? error.message : String(error);
      switch (code) {
        case 'EmptyAudio':
          throw new JobFailure('InvalidInput', `The input holds no audio to recognise: ${reason}`);
        case 'DecodeFailed':
        case 'UnsupportedMedia':
          throw new JobFailure(
            'InvalidInput',
            `The input is not audio or video the engine can decode: ${reason}`,
          );
        case 'TooLong':
          throw new JobFailure(
            'InvalidInput',
            `The audio is longer than this engine accepts (${maxDurationMs} ms): ${reason}`,
          );
        case 'RecognizerMissing':
          throw new JobFailure('InternalError', `The offline recognizer is not available: ${reason}`);
        default:
          throw error;
      }
    }
  }

  async #writeOutputs(job: SpeechJob, result: ReturnType<typeof buildSpeechResult>): Promise<void> {
    const { store } = this.#context;
    const { bucket, object } = job.spec.output;
    if (!(await store.bucketExists(bucket))) {
      throw new JobFailure('InvalidArgument', `The output bucket ${bucket} does not exist.`);
    }
    const key = object.replace(/^\/+/, '');
    const type = job.spec.params.outputFileType;
    await store.put(bucket, key, Buffer.from(renderResultObject(result, type), 'utf8'), {
      contentType: type === 'srt' ? 'application/x-subrip; charset=utf-8' : 'text/plain; charset=utf-8',
      userMeta: {},
    });
    await store.put(bucket, `${key}.detail`, Buffer.from(renderDetailObject(result), 'utf8'), {
      contentType: 'application/json; charset=utf-8',
      userMeta: {},
    });
  }

  async #notify(job: SpeechJob): Promise<void> {
    const url = job.spec.callBack;
    if (url === undefined) return;
    if (job.spec.callBackType === 'TDMQ') {
      this.#context.log('ci.callback.tdmq-not-emulated', { jobId: job.jobId });
      return;
    }
    const json = job.spec.callBackFormat === 'JSON';
    const body = json ? callbackJson(job) : toXml(callbackTree(job));
    try {
      const outcome = await this.#context.sendCallback(
        url,
        body,
        json ? 'application/json' : 'application/xml',
      );
      this.#context.log('ci.callback', {
        jobId: job.jobId,
        delivered: outcome.delivered,
        status: outcome.status,
      });
    } catch (error) {
      this.#context.log('ci.callback.error', { jobId: job.jobId, reason: String(error) });
    }
  }
}
