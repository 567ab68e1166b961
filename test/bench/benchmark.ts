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
  /** The target, when the issue sets one, e.g. '>= 1.0x'. */
  readonly goal?: string;
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
