/**
 * CI prints job times as `YYYY-MM-DDThh:mm:ss+0800` (China Standard Time, no milliseconds) and `-`
 * for a time not reached yet (recorded submit response: `<EndTime>-</EndTime>`).
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Formats emulator ms as CI does; `undefined` prints as '-'. */
export function formatCiTime(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const d = new Date(ms + CHINA_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0800`
  );
}

/**
 * Parses the list filters' time format (`%Y-%m-%dT%H:%M:%S%z`, e.g. 2021-08-05T15:43:50+0800) to ms;
 * undefined when it does not parse.
 */
export function parseCiTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return Number.isNaN(utc) ? undefined : utc - offset;
}
