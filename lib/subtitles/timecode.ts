/**
 * Timestamps in integer arithmetic. Hours keep counting past 24 (a 25-hour recording ends at
 * 25:00:00,000, never wraps); negative input is clamped to zero.
 */

function clock(ms: number): { h: string; m: string; s: string; milli: number } {
  const total = Math.max(0, Math.trunc(ms));
  const milli = total % 1000;
  const seconds = Math.floor(total / 1000);
  return {
    h: String(Math.floor(seconds / 3600)).padStart(2, '0'),
    m: String(Math.floor(seconds / 60) % 60).padStart(2, '0'),
    s: String(seconds % 60).padStart(2, '0'),
    milli,
  };
}

/** SRT: `HH:MM:SS,mmm`. */
export function srtTime(ms: number): string {
  const { h, m, s, milli } = clock(ms);
  return `${h}:${m}:${s},${String(milli).padStart(3, '0')}`;
}

/** WebVTT: `HH:MM:SS.mmm` (hours always written, two or more digits, as the spec allows). */
export function vttTime(ms: number): string {
  const { h, m, s, milli } = clock(ms);
  return `${h}:${m}:${s}.${String(milli).padStart(3, '0')}`;
}

/** ASS: `H:MM:SS.cc` (centiseconds, rounded to nearest). */
export function assTime(ms: number): string {
  const centis = Math.floor((Math.max(0, Math.trunc(ms)) + 5) / 10);
  const seconds = Math.floor(centis / 100);
  const m = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const s = String(seconds % 60).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${m}:${s}.${String(centis % 100).padStart(2, '0')}`;
}

/** TXT paragraph stamp: `[HH:MM:SS]`. */
export function txtTime(ms: number): string {
  const { h, m, s } = clock(ms);
  return `[${h}:${m}:${s}]`;
}
