/**
 * Durations in the environment are written the way operators say them (`90s`, `30m`, `6h`, `2d`);
 * a bare integer means seconds, the unit Tencent uses for URL lifetimes. Inside, everything is ms.
 */

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Integer milliseconds for `text`, or undefined when it is not a duration we accept. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d{1,9})(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's') as keyof typeof unitMs;
  return amount * unitMs[unit];
}

/** `21600000` → `6h`: the shortest exact spelling, for messages and docs. */
export function formatDurationMs(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= unitMs[unit] && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}
