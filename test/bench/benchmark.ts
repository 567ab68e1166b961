/** The shape every test/bench/*.bench.ts exports as `benchmark`. */
export interface Benchmark {
  readonly title: string;
  run(): Promise<readonly Figure[]>;
}

/** One printed figure: a ratio against a baseline measured in the same run, or a size/memory reading. */
export interface Figure {
  readonly name: string;
  /** Already formatted, e.g. '1.42x', '183 MB'. */
  readonly value: string;
  /**
   * The target, when an issue sets one: '<=' or '>=', a number and the unit `value` is in, e.g.
   * '>= 1.0x' for a value '1.07x', '<= 256 MB' for '97 MB' (see `meetsGoal`).
   */
  readonly goal?: string;
}

const GOAL = /^(<=|>=) ?(\d+(?:\.\d+)?) ?([^\s\d(]*)$/;
const MEASURED = /^(-?\d+(?:\.\d+)?) ?([^\s\d(]*)/;

/**
 * Whether a figure's `value` meets its `goal`: the number it starts with, compared in the goal's
 * direction. Throws when either cannot be read or their units differ ('x' against 'ms'): a goal that
 * cannot be checked is a mistake in the benchmark, not a pass.
 */
export function meetsGoal(value: string, goal: string): boolean {
  const target = GOAL.exec(goal);
  const measured = MEASURED.exec(value);
  if (target === null || measured === null || target[3] !== measured[2]) {
    throw new Error(`cannot check ${JSON.stringify(value)} against the goal ${JSON.stringify(goal)}`);
  }
  const number = Number(measured[1]);
  const limit = Number(target[2]);
  return target[1] === '<=' ? number <= limit : number >= limit;
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Formats a ratio as '1.23x'. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** Milliseconds `work` took (monotonic clock). */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
