/**
 * The live use cases over an in-memory store: real ledger, real use cases, a recording fake of the
 * live engine client (the emulator suites prove the wire), a fixed clock. Runs in milliseconds.
 */
import { loadConfig } from '../../../lib/config/load-config.js';
import { liveCheckSum, signTokenFor } from '../../../lib/engines/live/check-sum.js';
import type { CreateLiveTaskRequest, LiveClient } from '../../../lib/engines/live/live-client.js';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { createLogger } from '../../../lib/log/logger.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { TencentApiError } from '../../../lib/tencent/errors.js';
import { MemoryStorage } from '../jobs/memory-storage.js';

export const INPUT_BUCKET = 'media-1250000000';
export const OUTPUT_BUCKET = 'results-1250000000';
export const SECRET = 'live-test-secret-0123456789abcdefghijklmnop';

/** A fake of the live engine: issues TaskIds, keeps the running set, refuses past `cap` streams. */
export class FakeLiveEngine implements LiveClient {
  readonly created: CreateLiveTaskRequest[] = [];
  readonly closed: string[] = [];
  readonly running = new Map<string, string>();
  next = 18_446_744_073_709_551_000n;
  constructor(readonly cap = 20) {}

  async createTask(request: CreateLiveTaskRequest): Promise<string> {
    await Promise.resolve();
    if (this.running.size >= this.cap) {
      throw new TencentApiError({
        action: 'CreateAsyncRecognitionTask',
        code: 'LimitExceeded',
        message: 'at most 20 streams',
      });
    }
    this.created.push(request);
    const taskId = (this.next++).toString();
    this.running.set(taskId, request.Url);
    return taskId;
  }
  async describeTasks() {
    return [...this.running].map(([taskId, url]) => ({ taskId, url }));
  }
  async closeTask(taskId: string): Promise<void> {
    if (!this.running.delete(taskId)) {
      throw new TencentApiError({
        action: 'CloseAsyncRecognitionTask',
        code: 'FailedOperation.NoSuchTask',
        message: 'no task',
      });
    }
    this.closed.push(taskId);
  }
}

const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used by live jobs')) });

/** Dependencies over a MemoryStorage with a movable clock. */
export function liveSetup(options: { cap?: number } = {}) {
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const storage = new MemoryStorage(now);
  const config = loadConfig({
    REGION: 'ap-guangzhou',
    INPUT_BUCKET,
    OUTPUT_BUCKET,
    CALLBACK_BASE_URL: 'https://example.com/callback',
    CALLBACK_SECRET: SECRET,
    OUTPUT_FORMATS: 'srt,vtt,txt,json',
  });
  const live = new FakeLiveEngine(options.cap);
  const lines: Array<Record<string, unknown>> = [];
  const deps: PipelineDeps = {
    config,
    storage,
    ledger: new JobLedger({ storage, place: config.ledger, now }),
    asr: unused as PipelineDeps['asr'],
    mps: unused as PipelineDeps['mps'],
    ci: unused as PipelineDeps['ci'],
    live,
    logger: createLogger({ sink: (line) => lines.push(JSON.parse(line)), now }),
    now,
    claimLeaseMs: 120_000,
  };
  return { deps, storage, live, lines, advance: (ms: number) => (clock += ms) };
}

/** Uploads a live request into the input bucket and returns the COS event the trigger would send. */
export async function putLiveRequest(storage: MemoryStorage, key: string, request: unknown) {
  await storage.put(
    { bucket: INPUT_BUCKET, key },
    {
      body: typeof request === 'string' ? request : JSON.stringify(request),
      contentType: 'application/json',
    },
  );
  return cosEvent('cos:ObjectCreated:Put', key);
}

/** A COS trigger event for `key` in the input bucket. */
export function cosEvent(eventName: string, key: string) {
  return {
    Records: [
      {
        cos: {
          cosObject: { key: `/1250000000/media/${key}`, size: 1 },
          cosBucket: { name: 'media', appid: '1250000000' },
        },
        event: { eventName },
      },
    ],
  };
}

/** A callback as Tencent would send it for `taskId` to the URL the task was created with. */
export function liveCallback(
  createdWith: CreateLiveTaskRequest,
  taskId: string,
  sentences: Array<{ id: string; text: string; start: number; end: number }>,
) {
  const url = new URL(createdWith.CallbackUrl);
  const result = sentences.map((s) => ({
    VoiceId: s.id,
    Text: s.text,
    StartTime: s.start,
    EndTime: s.end,
    WordList: [],
  }));
  // TaskId is a bare uint64, as Tencent writes it (JSON.stringify could not write one past 2^53).
  const body = `{"TaskId":${taskId},"Result":${JSON.stringify(result)}}`;
  return {
    method: 'POST',
    isBase64Encoded: false,
    query: Object.fromEntries(url.searchParams),
    headers: { checksum: liveCheckSum('1250000000', createdWith.SignToken ?? '', body) },
    body,
  };
}

export { signTokenFor };
