/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) one after the
 * other and prints their figures. Each benchmark measures its own baseline in the same run and reports
 * ratios, because this machine is shared and noisy: absolute times mean little, ratios travel.
 * Every figure with a goal is checked against it; a missed goal is marked, listed at the end and makes
 * the command exit with status 1. The machine's load average before and after each benchmark is
 * printed with it: ratios hold up under load far better than times, but not completely (the side
 * that makes more garbage suffers more: its collector's helper threads compete with the neighbours),
 * so a reader can tell a loaded run.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Benchmark, meetsGoal } from './benchmark.js';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

const missed: string[] = [];
for (const file of files) {
  const { benchmark } = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmark: Benchmark };
  console.log(`\n## ${benchmark.title}`);
  const loadBefore = oneMinuteLoad();
  const figures = await benchmark.run();
  console.log(
    `  ${'machine load (1-minute average), before / after'.padEnd(56)} ${loadBefore} / ${oneMinuteLoad()}`,
  );
  for (const figure of figures) {
    let goal = '';
    if (figure.goal !== undefined) {
      const met = meetsGoal(figure.value, figure.goal);
      goal = `  (goal ${figure.goal}${met ? '' : ': MISSED'})`;
      if (!met) missed.push(`${figure.name}: ${figure.value} (goal ${figure.goal})`);
    }
    console.log(`  ${figure.name.padEnd(56)} ${figure.value}${goal}`);
  }
}
if (missed.length > 0) {
  console.log(`\n${missed.length} goal(s) missed:\n${missed.map((line) => `  ${line}`).join('\n')}`);
  process.exitCode = 1;
}

function oneMinuteLoad(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}
