/**
 * Timestamps in integer arithmetic. Hours keep counting past 24 (a 25-hour recording ends at
 * 25:00:00,000, never wraps); negative input is clamped to zero. Two- and three-digit fields come
 * from tables: every cue of a long recording is stamped twice per format.
 */

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Whole ms, never negative. */
function wholeMs(ms: number): number {
  return Math.max(0, Math.trunc(ms));
}

/** `HH:MM:SS` of whole seconds (hours past 99 take more digits). */
function hms(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  return `${hours < 100 ? TWO_DIGITS[hours] : hours}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}

/** SRT: `HH:MM:SS,mmm`. */
export function srtTime(ms: number): string {
  const total = wholeMs(ms);
  return `${hms(Math.floor(total / 1000))},${THREE_DIGITS[total % 1000]}`;
}

/** WebVTT: `HH:MM:SS.mmm` (hours always written, two or more digits, as the spec allows). */
export function vttTime(ms: number): string {
  const total = wholeMs(ms);
  return `${hms(Math.floor(total / 1000))}.${THREE_DIGITS[total % 1000]}`;
}

/** ASS: `H:MM:SS.cc` (centiseconds, rounded to nearest). */
export function assTime(ms: number): string {
  const centis = Math.floor((wholeMs(ms) + 5) / 10);
  const seconds = Math.floor(centis / 100);
  return `${Math.floor(seconds / 3600)}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}.${TWO_DIGITS[centis % 100]}`;
}

/** TXT paragraph stamp: `[HH:MM:SS]`. */
export function txtTime(ms: number): string {
  return `[${hms(Math.floor(wholeMs(ms) / 1000))}]`;
}
