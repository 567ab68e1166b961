/**
 * Faults: 10% of COS, ASR and CI requests fail (7% answer 5xx at once, 3% stall past every client's
 * timeout and then fail without acting), and 30% of engine callbacks are dropped, while 40 inputs
 * (half ASR, half CI) go through the real handlers, SCF's retries and the reconcile timer. Proves
 * every input still ends done with its complete output set, one job each with exactly one record
 * per state, and prints how much was injected and what the reconciler recovered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputSetOf } from './burst-run.js';
import type { CloudState } from './cloud-state.js';
import {
  INPUT_BUCKET,
  INPUT_PREFIX,
  LEDGER_PREFIX,
  type LocalCloud,
  OUTPUT_BUCKET,
  startLocalCloud,
} from './local-cloud.js';
import { speechClips } from './speech-clips.js';
import { type Settled, waitForFinal } from './wait-for-final.js';

const UPLOADS = 40;
// Fixed, so a failure replays. Each run draws nearly the same ~1,000 decisions from it, so the seed
// fixes the realized rate too: this one gives 10.3% over its first 1,000 (0xfa17 gave 7.2%).
const SEED = 2;
const FAILING = ['cos', 'asr', 'ci'] as const;
let cloud: LocalCloud;
let keys: string[];
let engineOf: Map<string, string>;
let settled: Settled;
let state: CloudState;
let answeredWithFaults: { requests: Map<string, number>; serverErrors: Map<string, number> };

beforeAll(async () => {
  // Prepare: faults from the first request on; the reconciler every 15 s at the shortest staleness
  // the config allows (1 min), SCF retrying failed invocations after 1 s and 2 s.
  cloud = await startLocalCloud({
    reconcileEveryMs: 15_000,
    env: { RECONCILE_STALE_AFTER: '1m' },
    faults: {
      seed: SEED,
      errorRate: Object.fromEntries(FAILING.map((service) => [service, 0.07])),
      stallRate: Object.fromEntries(FAILING.map((service) => [service, 0.03])),
      // Past the COS and CI clients' 10 s and the API 3.0 client's 20 s budget.
      stallMs: 21_000,
      dropCallbacks: 0.3,
    },
  });
  const clips = await speechClips();
  keys = Array.from(
    { length: UPLOADS },
    (_, i) => `${INPUT_PREFIX}faults/clip-${String(i).padStart(2, '0')}.wav`,
  );
  engineOf = new Map(keys.map((key, i) => [key, i % 2 === 0 ? 'asr' : 'ci']));

  // Act
  const startedAt = Date.now();
  await Promise.all(
    keys.map((key, i) =>
      cloud.upload(key, clips[i % clips.length] as Buffer, {
        'x-cos-meta-asr-engine': engineOf.get(key) as string,
      }),
    ),
  );
  settled = await waitForFinal(
    {
      store: cloud.emulator.store,
      bucket: OUTPUT_BUCKET,
      ledgerPrefix: LEDGER_PREFIX,
      inputBucket: INPUT_BUCKET,
    },
    keys,
    { timeoutMs: 480_000, everyMs: 1_000, startedAt },
  );
  // What was answered while the faults were on (the clean-up after this is not part of the rate).
  answeredWithFaults = {
    requests: new Map(cloud.counter.requests),
    serverErrors: new Map(cloud.counter.serverErrors),
  };
  cloud.emulator.faults.reset();
  await cloud.emulator.scf.idle();
  state = await cloud.state();

  const sum = (step: string, field: string) =>
    cloud.pipelineLog.filter((l) => l.step === step).reduce((total, l) => total + Number(l[field] ?? 0), 0);
  console.log(
    `faults: ${UPLOADS} inputs all final after ${settled.lastSettledAfterMs} ms; injected 5xx/stalls answered: ` +
      `${FAILING.map((s) => `${s} ${answeredWithFaults.serverErrors.get(s) ?? 0} of ${answeredWithFaults.requests.get(s) ?? 0}`).join(', ')}; engine callbacks ` +
      `${[...cloud.counter.callbackFates].map(([fate, n]) => `${fate} ${n}`).join(', ')}; failed function attempts ` +
      `${cloud.emulator.scf.invocations.filter((i) => i.outcome === 'error').length}, dead letters ${cloud.emulator.scf.deadLetters.length}; ` +
      `reconciler: completed ${sum('reconcile.summary', 'completed')}, resubmitted ${sum('reconcile.summary', 'resubmitted')}, ` +
      `recovered lost triggers ${sum('reconcile.summary', 'recovered')}`,
  );
}, 560_000);
afterAll(() => cloud?.stop());

describe('with 10% of COS, ASR and CI requests failing and 30% of callbacks dropped', () => {
  it('every input still ends done, on the engine it asked for', () => {
    // Assess
    const wrong = keys
      .map((key) => ({ key, status: settled.statuses.get(key) }))
      .filter(({ key, status }) => status?.state !== 'done' || status.engine !== engineOf.get(key))
      .map(
        ({ key, status }) =>
          `${key}: ${status?.state} ${status?.engine} ${status?.error?.code ?? ''} ${status?.error?.message ?? ''}`,
      );
    expect(wrong).toEqual([]);
  });

  it('makes one job per input with exactly one record per state (none finished twice)', () => {
    // Assess
    expect(keys.filter((key) => state.jobsByInput.get(key)?.length !== 1)).toEqual([]);
    expect([...state.slotsByJob.values()].filter((slots) => slots.join() !== '0,1,2')).toEqual([]);
  });

  it('leaves exactly one complete output set per input', () => {
    // Assess
    expect(state.outputs).toEqual(keys.flatMap((key) => outputSetOf(key, engineOf.get(key))).sort());
  });

  it('really injected faults into every service, about 10% of their requests, and dropped callbacks', () => {
    // Assess: the run proves something only if the faults happened, at about the rate asked for
    // (7% + 3% of the rest = 9.8%; see SEED for the sample this run draws).
    const count = (map: Map<string, number>) => FAILING.reduce((sum, s) => sum + (map.get(s) ?? 0), 0);
    const share = count(answeredWithFaults.serverErrors) / count(answeredWithFaults.requests);
    for (const service of FAILING)
      expect(cloud.counter.serverErrors.get(service) ?? 0, service).toBeGreaterThan(0);
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.15);
    const fates = cloud.counter.callbackFates;
    const dropped = (fates.get('drop') ?? 0) / [...fates.values()].reduce((a, b) => a + b, 0);
    expect(dropped).toBeGreaterThan(0.05);
    expect(dropped).toBeLessThan(0.6);
  });
});
