/**
 * One burst: N distinct uploads of real speech put at once through the official COS SDK, the real
 * handlers submitting each to ASR CreateRecTask under its real 20 requests/s limit, and a wait until
 * every input is final. Shared by the burst test and the burst benchmark.
 */
import { expectedOutputs } from './cloud-state.js';
import {
  INPUT_BUCKET,
  INPUT_PREFIX,
  LEDGER_PREFIX,
  type LocalCloud,
  OUTPUT_BUCKET,
  OUTPUT_PREFIX,
  OUTPUT_SUFFIXES,
} from './local-cloud.js';
import { type Settled, waitForFinal } from './wait-for-final.js';

/** CreateRecTask's documented limit (requests per second), which the emulator enforces. */
export const CREATE_REC_TASK_PER_SECOND = 20;

/** What a burst did. */
export interface BurstResult {
  readonly keys: readonly string[];
  readonly settled: Settled;
  /** From the first upload to the last input final. */
  readonly completionMs: number;
  /** The floor the rate limit sets: N / 20 s. */
  readonly boundMs: number;
  /** How long putting the N objects took. */
  readonly uploadMs: number;
}

/**
 * Puts each distinct clip through the pipeline once and waits for it, so the recognizer has heard
 * every clip before the burst: the burst then measures the pipeline under the rate limit, not
 * pocketsphinx's start-up (about 2 s per distinct clip on this machine, paid once).
 */
export async function warmUp(cloud: LocalCloud, clips: readonly Buffer[]): Promise<void> {
  const keys = clips.map((_, i) => `${INPUT_PREFIX}warm-up/clip-${i}.wav`);
  await Promise.all(keys.map((key, i) => cloud.upload(key, clips[i] as Buffer)));
  await waitForFinal(
    {
      store: cloud.emulator.store,
      bucket: OUTPUT_BUCKET,
      ledgerPrefix: LEDGER_PREFIX,
      inputBucket: INPUT_BUCKET,
    },
    keys,
    { timeoutMs: 120_000, everyMs: 250 },
  );
}

/** Uploads `count` clips at once (cycling through `clips`) under `folder` and waits for all to finish. */
export async function runBurst(
  cloud: LocalCloud,
  options: { count: number; clips: readonly Buffer[]; folder: string; timeoutMs: number },
): Promise<BurstResult> {
  const keys = Array.from(
    { length: options.count },
    (_, i) => `${INPUT_PREFIX}${options.folder}/clip-${String(i).padStart(4, '0')}.wav`,
  );
  const startedAt = Date.now();
  let lastReport = startedAt;
  await Promise.all(
    keys.map((key, i) => cloud.upload(key, options.clips[i % options.clips.length] as Buffer)),
  );
  const uploadMs = Date.now() - startedAt;
  const settled = await waitForFinal(
    {
      store: cloud.emulator.store,
      bucket: OUTPUT_BUCKET,
      ledgerPrefix: LEDGER_PREFIX,
      inputBucket: INPUT_BUCKET,
    },
    keys,
    {
      timeoutMs: options.timeoutMs,
      everyMs: 500,
      startedAt,
      // E2E_VERBOSE=1 prints progress every 10 s: how the burst drains under the limit.
      onPoll: (final) => {
        if (process.env.E2E_VERBOSE !== '1' || Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        const steps = new Map<string, number>();
        for (const line of cloud.pipelineLog)
          steps.set(String(line.step), (steps.get(String(line.step)) ?? 0) + 1);
        const failed = cloud.emulator.scf.invocations.filter((i) => i.outcome === 'error').length;
        console.log(
          `  +${Math.round((Date.now() - startedAt) / 1000)} s: ${final}/${options.count} final; ` +
            `steps ${JSON.stringify(Object.fromEntries(steps))}; failed invocations ${failed}; dead letters ${cloud.emulator.scf.deadLetters.length}`,
        );
      },
    },
  );
  return {
    keys,
    settled,
    completionMs: settled.lastSettledAfterMs,
    boundMs: (options.count / CREATE_REC_TASK_PER_SECOND) * 1000,
    uploadMs,
  };
}

/**
 * The output keys a complete set for `key` holds. The engine's raw result keeps its own format:
 * JSON from ASR and the synchronous engines, XML from CI.
 */
export function outputSetOf(key: string, engine = 'asr'): string[] {
  const suffixes = OUTPUT_SUFFIXES.map((suffix) =>
    suffix === 'raw.json' && engine === 'ci' ? 'raw.xml' : suffix,
  );
  return expectedOutputs(key, { input: INPUT_PREFIX, output: OUTPUT_PREFIX }, suffixes).sort();
}
