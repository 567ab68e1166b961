/**
 * Warm handling time of one upload event and of one callback, against the emulator, as a ratio to
 * the emulator round trips each handler cannot avoid, timed in the same run with the same clients:
 * - upload (ASR path): HEAD the object, PUT the claim (create-if-absent), CreateRecTask, PUT the
 *   submitted record, PUT the status object;
 * - callback: list the job's records and GET them, DescribeTaskStatus, PUT the outputs (in
 *   parallel), PUT the final record, PUT the status object.
 * Everything else (parsing, hashing, signing the callback URL, rendering, the status GET that keeps a
 * newer status) is the overhead measured. The goal is <= 1.5x (issue #5).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JobLedger } from '../../lib/jobs/job-ledger.js';
import { createLogger } from '../../lib/log/logger.js';
import { signedCallbackUrl } from '../../lib/pipeline/callback-token.js';
import { handleCallback } from '../../lib/pipeline/complete.js';
import { dependenciesFromEnv } from '../../lib/pipeline/from-environment.js';
import { jobIdFor } from '../../lib/pipeline/job-id.js';
import { handleUploadEvent } from '../../lib/pipeline/submit.js';
import { DEFAULT_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from '../../local/accounts.js';
import { startEmulator } from '../../local/emulator.js';
import { cosEvent, silentWav } from '../integration/pipeline/pipeline-kit.js';
import { type Benchmark, median, ratio, timed } from './benchmark.js';

const ROUNDS = 15;
const WARMUP = 3;
const INPUT = `media-${DEFAULT_APP_ID}`;
const OUTPUT = `results-${DEFAULT_APP_ID}`;
const SECRET = 'bench-callback-secret-0123456789abcdef0123456789';

/** ASR allows 20 requests/s per action (emulated sliding window): rounds are spaced to stay clear of it. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 150));

export const benchmark: Benchmark = {
  title: 'pipeline handlers: warm upload event and callback vs their unavoidable emulator round trips',
  async run() {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pipeline-bench-'));
    const emulator = await startEmulator({ port: 0, quiet: true, dataDir, buckets: ['media', 'results'] });
    const savedEnv = { ...process.env };
    try {
      Object.assign(process.env, {
        REGION: 'ap-guangzhou',
        INPUT_BUCKET: INPUT,
        OUTPUT_BUCKET: OUTPUT,
        ENGINE_MODEL: '16k_en',
        SUBTITLE_PROFILE: 'en',
        CALLBACK_BASE_URL: `${emulator.url}/callback`,
        CALLBACK_SECRET: SECRET,
        TENCENTCLOUD_SECRETID: DEFAULT_SECRET_ID,
        TENCENTCLOUD_SECRETKEY: DEFAULT_SECRET_KEY,
        COS_TRANSCRIBE_LOCAL_CLOUD: emulator.url,
      });
      // The engine's own callbacks are dropped: the bench delivers its own.
      emulator.faults.set({ dropCallbacks: 1 });
      // The real logger (redaction, JSON) with its lines discarded: its cost is part of the handler's.
      const deps = { ...dependenciesFromEnv(), logger: createLogger({ sink: () => undefined }) };
      const { storage, asr, config } = deps;

      // Upload: garbage .mp3 goes to ASR (length unknown) and fails fast there, sparing the CPU.
      const uploadTimes: number[] = [];
      const uploadBase: number[] = [];
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        await pause();
        const key = `input/bench/${round}.mp3`;
        const body = randomBytes(4096);
        await storage.put({ bucket: INPUT, key }, { body, contentType: 'audio/mpeg' });
        const baseKey = `input/base/${round}.mp3`;
        await storage.put({ bucket: INPUT, key: baseKey }, { body, contentType: 'audio/mpeg' });
        const { handler, base } = await pair(
          round,
          () => timed(() => handleUploadEvent(deps, cosEvent(key, body.length))),
          () =>
            timed(async () => {
              await storage.head({ bucket: INPUT, key: baseKey });
              await storage.put(
                { bucket: OUTPUT, key: `base/${round}/00.json` },
                { body: '{}', contentType: 'application/json', ifAbsent: true },
              );
              await asr.createRecTask({
                EngineModelType: '16k_en',
                ChannelNum: 1,
                ResTextFormat: 2,
                SourceType: 0,
                Url: storage.presignGet({ bucket: INPUT, key: baseKey }, 3600),
                CallbackUrl: `${emulator.url}/callback`,
              });
              await storage.put(
                { bucket: OUTPUT, key: `base/${round}/01.json` },
                { body: '{}', contentType: 'application/json', ifAbsent: true },
              );
              await storage.put(
                { bucket: OUTPUT, key: `base/${round}/status.json` },
                { body: '{}', contentType: 'application/json' },
              );
            }),
        );
        if (round >= WARMUP) {
          uploadTimes.push(handler);
          uploadBase.push(base);
        }
      }

      // Callback: one real finished ASR task, and a fresh ledger job per round that names it.
      const wavKey = 'input/bench/speech.wav';
      await storage.put({ bucket: INPUT, key: wavKey }, { body: silentWav(600), contentType: 'audio/wav' });
      const task = await asr.createRecTask({
        EngineModelType: '16k_en',
        ChannelNum: 1,
        ResTextFormat: 2,
        SourceType: 0,
        Url: storage.presignGet({ bucket: INPUT, key: wavKey }, 3600),
      });
      const taskId = String(task.Data.TaskId);
      for (;;) {
        const status = await asr.describeTaskStatus({ TaskId: taskId });
        if (status.response.Data.Status >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const ledger = new JobLedger({ storage, place: config.ledger });
      const callbackTimes: number[] = [];
      const callbackBase: number[] = [];
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        await pause();
        const key = `input/cb/${round}.wav`;
        const profile = {
          ...config.defaults,
          engine: 'asr' as const,
          formats: [...config.defaults.formats],
          speakers: config.defaults.speakers ?? null,
          hotwords: [...config.defaults.hotwords],
          profilePrefix: null,
        };
        const jobId = jobIdFor({ bucket: INPUT, key, etag: `e${round}`, profile });
        const claim = await ledger.claim(jobId, {
          input: { bucket: INPUT, key, etag: `e${round}`, size: 1 },
          profile,
          by: 'bench',
        });
        if (claim.outcome !== 'claimed') throw new Error(`${jobId} was claimed already`);
        await ledger.record(claim.view, 'submitted', { engine: 'asr', taskId }, 'bench');
        const url = new URL(
          signedCallbackUrl(
            `${emulator.url}/callback`,
            jobId,
            Date.now() + 3_600_000,
            config.callback.secret,
          ),
        );
        const query = Object.fromEntries(url.searchParams);
        const body = `code=0&requestId=${taskId}&text=&audioTime=0.6&message=`;
        let answer = 0;
        const { handler, base } = await pair(
          round,
          () =>
            timed(async () => {
              answer = (await handleCallback(deps, { method: 'POST', query, body, isBase64Encoded: false }))
                .statusCode;
            }),
          () =>
            timed(async () => {
              const listed = await storage.list(OUTPUT, `${config.ledger.prefix}jobs/${jobId}/`);
              await Promise.all(listed.map((o) => storage.get({ bucket: OUTPUT, key: o.key })));
              await asr.describeTaskStatus({ TaskId: taskId });
              await Promise.all(
                ['srt', 'vtt', 'txt', 'json', 'qc.json', 'raw.json'].map((suffix) =>
                  storage.put(
                    { bucket: OUTPUT, key: `base/cb/${round}.${suffix}` },
                    { body: '{}', contentType: 'text/plain' },
                  ),
                ),
              );
              await storage.put(
                { bucket: OUTPUT, key: `base/cb/${round}/02.json` },
                { body: '{}', contentType: 'application/json', ifAbsent: true },
              );
              await storage.put(
                { bucket: OUTPUT, key: `base/cb/${round}/status.json` },
                { body: '{}', contentType: 'application/json' },
              );
            }),
        );
        if (answer !== 200) throw new Error(`callback answered ${answer}`);
        if (round >= WARMUP) {
          callbackTimes.push(handler);
          callbackBase.push(base);
        }
      }
      return [
        {
          name: 'upload event, warm (median / unavoidable round trips)',
          value: ratio(median(uploadTimes) / median(uploadBase)),
          goal: '<= 1.5x',
        },
        { name: 'upload event, warm median ms', value: `${median(uploadTimes).toFixed(1)} ms` },
        {
          name: 'callback, warm (median / unavoidable round trips)',
          value: ratio(median(callbackTimes) / median(callbackBase)),
          goal: '<= 1.5x',
        },
        { name: 'callback, warm median ms', value: `${median(callbackTimes).toFixed(1)} ms` },
      ];
    } finally {
      process.env = savedEnv;
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

/** Runs both in alternating order, so background work one starts (engine tasks) burdens each alike. */
async function pair(round: number, handler: () => Promise<number>, base: () => Promise<number>) {
  if (round % 2 === 0) {
    const h = await handler();
    return { handler: h, base: await base() };
  }
  const b = await base();
  return { handler: await handler(), base: b };
}
