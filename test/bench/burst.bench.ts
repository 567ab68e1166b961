/**
 * Burst completion: N uploads at once (default 500, BENCH_BURST_N to change), each submitted to ASR
 * CreateRecTask under its real 20 requests/s limit, through the real handlers on the local cloud,
 * until every input is final. The baseline is the floor the rate limit sets, N / 20 s: no pipeline
 * can submit N tasks faster. Reported as a ratio against it, with the submission phase alone (last
 * task accepted) beside it, so a slow finish can be told apart from slow submitting.
 */
import { runBurst, warmUp } from '../e2e/burst-run.js';
import { startLocalCloud } from '../e2e/local-cloud.js';
import { speechClips } from '../e2e/speech-clips.js';
import { type Benchmark, type Figure, ratio } from './benchmark.js';

const N = Number(process.env.BENCH_BURST_N ?? 500);

/** One burst; its figures. */
export const benchmark: Benchmark = {
  title: `burst: ${N} uploads at once under CreateRecTask's 20 requests/s`,
  async run(): Promise<Figure[]> {
    // The same stack as the e2e burst test: reconciler every 15 s at 1 min staleness.
    const cloud = await startLocalCloud({ reconcileEveryMs: 15_000, env: { RECONCILE_STALE_AFTER: '1m' } });
    try {
      const clips = await speechClips();
      await warmUp(cloud, clips);
      const from = cloud.pipelineLog.length;
      const startedAt = Date.now();
      const burst = await runBurst(cloud, { count: N, clips, folder: 'bench', timeoutMs: 1_200_000 });
      const submits = cloud.pipelineLog
        .slice(from)
        .filter((line) => line.step === 'engine.submit' && line.ok === true)
        .map((line) => Date.parse(String(line.time)));
      const lastSubmitMs = Math.max(...submits) - startedAt;
      const done = [...burst.settled.statuses.values()].filter((s) => s.state === 'done').length;
      return [
        {
          name: `completion of ${N} / rate-limit floor (${burst.boundMs / 1000} s)`,
          value: ratio(burst.completionMs / burst.boundMs),
          goal: '<= 1.15x',
        },
        {
          name: 'last CreateRecTask accepted / rate-limit floor',
          value: ratio(lastSubmitMs / burst.boundMs),
        },
        { name: 'completion time', value: `${(burst.completionMs / 1000).toFixed(1)} s` },
        { name: 'inputs done', value: `${done}/${N}` },
        { name: 'engine submissions (more than N = duplicate tasks)', value: String(submits.length) },
      ];
    } finally {
      await cloud.stop();
    }
  },
};
