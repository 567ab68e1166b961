/**
 * The callback function in a process of its own, for the end-to-end suite when it measures what a
 * callback costs (local-cloud.ts `callbackInOwnProcess`). In the suite's own process the emulator
 * serves the handler's COS reads on the same thread, and `process.cpuUsage()` cannot tell that work
 * from the handler's; here the process runs nothing but the handler, as an SCF instance does.
 *
 * Started by local-cloud.ts as `node --expose-gc --import tsx callback-process.ts` with IPC. Each
 * `{id, event}` message is answered `{id, answer, cpuMs, gcMs}` or `{id, error}`. After an event
 * whose body passed 1 MiB the heap is collected before the next one is measured: those megabytes are
 * the previous request's garbage, not the next callback's cost.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { main } from '../../functions/callback.js';

const COLLECT_AFTER_BODY_BYTES = 1024 * 1024;
const collectGarbage = (globalThis as { gc?: () => void }).gc;

let gcTotalMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcTotalMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

let previousBodyBytes = 0;
process.on('message', async ({ id, event }: { id: number; event: { body?: unknown } }) => {
  if (previousBodyBytes > COLLECT_AFTER_BODY_BYTES) collectGarbage?.();
  previousBodyBytes = typeof event?.body === 'string' ? event.body.length : 0;
  const gcBefore = gcTotalMs;
  const start = process.cpuUsage();
  try {
    const answer = await main(event);
    const used = process.cpuUsage(start);
    process.send?.({ id, answer, cpuMs: (used.user + used.system) / 1000, gcMs: gcTotalMs - gcBefore });
  } catch (error) {
    process.send?.({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
