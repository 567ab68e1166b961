/**
 * One unreadable ledger record must cost the reconciler only its own job (issue 12 item 3): a claim
 * record that is not JSON, and one this version cannot parse, sit among a lost upload and a job past
 * the hard limit; the run logs and counts the two, and still recovers and times out the others.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobLedger } from '../../../lib/jobs/job-ledger.js';
import { recordKey } from '../../../lib/jobs/ledger-keys.js';
import { dependenciesFromEnv } from '../../../lib/pipeline/from-environment.js';
import type { PipelineDeps } from '../../../lib/pipeline/pipeline-deps.js';
import { type ReconcileSummary, reconcile } from '../../../lib/pipeline/reconcile.js';
import {
  eventually,
  INPUT_BUCKET,
  OUTPUT_BUCKET,
  type PipelineKit,
  silentWav,
  startPipeline,
} from './pipeline-kit.js';

let kit: PipelineKit;
const lines: string[] = [];
const garbled = 'a'.repeat(32);
const foreign = 'b'.repeat(32);
const lost = 'input/unreadable/lost.wav';
const stuck = 'input/unreadable/stuck.wav';
let summary: ReconcileSummary;

/** Dependencies whose clock runs `aheadMs` ahead, as the timer sees the ledger hours later. */
function depsAhead(aheadMs: number): PipelineDeps {
  const deps = dependenciesFromEnv();
  const now = () => Date.now() + aheadMs;
  return { ...deps, now, ledger: new JobLedger({ storage: deps.storage, place: deps.config.ledger, now }) };
}

beforeAll(async () => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
  kit = await startPipeline();
  // Prepare: a job whose callback never comes (past the hard limit when the reconciler runs) ...
  kit.emulator.faults.set({ dropCallbacks: 1 });
  await kit.upload(stuck, silentWav(500), { 'x-cos-meta-asr-engine': 'asr' });
  await eventually(async () => {
    const s = await kit.ledger.readStatus(INPUT_BUCKET, stuck);
    return s?.state === 'submitted' ? s : undefined;
  });
  // ... an upload whose event is lost ...
  const resume = kit.pauseTrigger();
  await kit.upload(lost, silentWav(400));
  resume();
  // ... and two claims no reader can parse: truncated by hand, and from a future record version.
  const put = (jobId: string, body: string) =>
    kit.storage.put(
      { bucket: OUTPUT_BUCKET, key: recordKey('cos-transcribe/', jobId, 'claimed') },
      { body, contentType: 'application/json' },
    );
  await put(garbled, '{"version":1,"jobId":"aaaa');
  await put(foreign, JSON.stringify({ version: 2, jobId: foreign, state: 'claimed' }));

  // Act: seven hours on (RECONCILE_HARD_LIMIT defaults to 6 h).
  summary = await reconcile(depsAhead(7 * 3_600_000));
}, 60_000);
afterAll(() => kit.stop());

describe('a reconciler run over a ledger holding unreadable records', () => {
  it('counts them in its summary instead of throwing', () => {
    // Assess
    expect(summary).toMatchObject({ unreadable: 2, errors: 0 });
  });

  it('still fails the job past the hard limit', async () => {
    // Assess
    expect(summary.timedOut).toBe(1);
    expect(await kit.ledger.readStatus(INPUT_BUCKET, stuck)).toMatchObject({
      state: 'failed',
      error: { code: 'TimedOut' },
    });
  });

  it('still submits the upload whose event was lost', async () => {
    // Assess
    expect(summary.recovered).toBe(1);
    const status = await eventually(async () => {
      const s = await kit.ledger.readStatus(INPUT_BUCKET, lost);
      return s?.state === 'done' ? s : undefined;
    });
    expect(status.jobId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('logs each unreadable record with its key', () => {
    // Assess
    const logged = lines
      .join('')
      .split('\n')
      .filter((line) => line.includes('"reconcile.job.unreadable"'))
      .map((line) => JSON.parse(line) as { jobId: string; key: string });
    expect(logged.map((l) => [l.jobId, l.key]).sort()).toEqual([
      [garbled, recordKey('cos-transcribe/', garbled, 'claimed')],
      [foreign, recordKey('cos-transcribe/', foreign, 'claimed')],
    ]);
  });
});
