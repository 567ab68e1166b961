/**
 * Duplicates: COS delivers events at least once, so every event of 120 uploads is delivered 1 to 3
 * times, all copies of all events shuffled together (seeded, so a failure replays). Proves exactly
 * one job and one output set per input, each output object written once, and the ledger holding
 * exactly claimed → submitted → final for each job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../local/faults.js';
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

const UPLOADS = 120;
const SEED = 0xd0b1e;
let cloud: LocalCloud;
let keys: string[];
let settled: Settled;
let state: CloudState;
let copiesOf: Map<string, number>;

beforeAll(async () => {
  // Prepare: the trigger's events are held back while the objects are put.
  cloud = await startLocalCloud({ reconcileEveryMs: 15_000, env: { RECONCILE_STALE_AFTER: '1m' } });
  const clips = await speechClips();
  keys = Array.from(
    { length: UPLOADS },
    (_, i) => `${INPUT_PREFIX}dup/clip-${String(i).padStart(3, '0')}.wav`,
  );
  const held = cloud.holdEvents();
  await Promise.all(keys.map((key, i) => cloud.upload(key, clips[i % clips.length] as Buffer)));
  held.release();
  expect(held.events).toHaveLength(UPLOADS);

  // Act: each event 1-3 times, every copy shuffled into one random order.
  const random = mulberry32(SEED);
  const deliveries: Array<{ key: string; event: unknown }> = [];
  copiesOf = new Map();
  for (const event of held.events) {
    const key = keyOf(event);
    const copies = 1 + Math.floor(random() * 3);
    copiesOf.set(key, copies);
    for (let copy = 0; copy < copies; copy++) deliveries.push({ key, event });
  }
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deliveries[i], deliveries[j]] = [
      deliveries[j] as (typeof deliveries)[number],
      deliveries[i] as (typeof deliveries)[number],
    ];
  }
  const startedAt = Date.now();
  for (const delivery of deliveries) cloud.deliver(delivery.event);
  settled = await waitForFinal(
    {
      store: cloud.emulator.store,
      bucket: OUTPUT_BUCKET,
      ledgerPrefix: LEDGER_PREFIX,
      inputBucket: INPUT_BUCKET,
    },
    keys,
    { timeoutMs: 300_000, everyMs: 500, startedAt },
  );
  await cloud.emulator.scf.idle();
  state = await cloud.state();
  const counts = [1, 2, 3].map((n) => [...copiesOf.values()].filter((c) => c === n).length);
  console.log(
    `duplicates: ${deliveries.length} deliveries of ${UPLOADS} events (${counts[0]} once, ${counts[1]} twice, ${counts[2]} three times), ` +
      `shuffled with seed ${SEED}; all final after ${settled.lastSettledAfterMs} ms; ` +
      `${state.slotsByJob.size} jobs; ${cloud.pipelineLog.filter((l) => l.step === 'job.duplicate').length} deliveries stopped as duplicates`,
  );
}, 400_000);
afterAll(() => cloud?.stop());

describe('every COS event delivered 1-3 times in random order', () => {
  it('ends with every input done', () => {
    // Assess
    const states = keys.map((key) => settled.statuses.get(key)?.state);
    expect(states.filter((s) => s !== 'done')).toEqual([]);
  });

  it('makes exactly one job per input, with exactly one record per state', () => {
    // Assess
    expect(keys.filter((key) => state.jobsByInput.get(key)?.length !== 1)).toEqual([]);
    expect(state.slotsByJob.size).toBe(UPLOADS);
    expect([...state.slotsByJob.values()].filter((slots) => slots.join() !== '0,1,2')).toEqual([]);
  });

  it('makes exactly one output set per input and nothing else', () => {
    // Assess
    expect(state.outputs).toEqual(keys.flatMap((key) => outputSetOf(key)).sort());
  });

  it('writes each output object once, even for inputs delivered three times', () => {
    // Assess: from the emulator's request log.
    const written = [...cloud.counter.writes].filter(([path]) =>
      path.startsWith(`${OUTPUT_BUCKET}/output/dup/`),
    );
    expect(written).toHaveLength(UPLOADS * 6);
    expect(written.filter(([, times]) => times !== 1)).toEqual([]);
    expect([...copiesOf.values()].filter((n) => n === 3).length).toBeGreaterThan(0);
  });
});

/** The input key an SCF COS event names (`/appid/bucket/key`). */
function keyOf(event: unknown): string {
  const record = (event as { Records: Array<{ cos: { cosObject: { key: string } } }> }).Records[0];
  const raw = record?.cos.cosObject.key ?? '';
  return raw.split('/').slice(3).join('/');
}
