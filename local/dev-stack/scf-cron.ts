/**
 * SCF timer cron expressions: seven fields, `second minute hour day-of-month month day-of-week year`
 * (serverless.yml's `0 *\/5 * * * * *` is "at second 0 of every fifth minute"). Each field takes `*`,
 * `?` (day fields), numbers, `a-b` ranges, `a,b` lists and `/step`; months and weekdays also take
 * English abbreviations (JAN, MON). Day-of-month and day-of-week must both match (write `*` or `?`
 * in the one you do not mean). Timers are evaluated in China Standard Time (UTC+8), Tencent Cloud's
 * console time; the timer page (cloud.tencent.com/document/product/583/9708) was not retrieved to
 * confirm it (shared/reference/tencent-api.md §8c), and it matters only for hour and day fields. The emulator's timers only know intervals, so the dev stack computes
 * each next firing from the cron itself.
 */

/** One compiled expression. */
export interface Cron {
  /** The first firing strictly after `afterMs` (epoch ms), or undefined when there is none. */
  next(afterMs: number): number | undefined;
}

const chinaOffsetMs = 8 * 3_600_000;
const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Value of the first name (1 for JAN, 0 for SUN). */
  readonly namesFrom?: number;
}

const fields: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: months, namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 6, names: weekdays, namesFrom: 0 },
  { name: 'year', min: 1970, max: 2099 },
];

/** Compiles an expression; throws saying which field is wrong. */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7) {
    throw new Error(
      `cron "${expression}": SCF timers take 7 fields (second minute hour day month weekday year)`,
    );
  }
  const [second, minute, hour, day, month, weekday, year] = parts.map((part, i) =>
    parseField(part, fields[i] as FieldSpec, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];

  return {
    next(afterMs) {
      // Work on a clock shifted to UTC+8 and read it with the UTC getters.
      let t = Math.floor((afterMs + chinaOffsetMs) / 1000) * 1000 + 1000;
      for (let guard = 0; guard < 100_000; guard++) {
        const d = new Date(t);
        if (!year.has(d.getUTCFullYear())) {
          if (d.getUTCFullYear() > 2099) return undefined;
          t = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
        } else if (!month.has(d.getUTCMonth() + 1)) {
          t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        } else if (!day.has(d.getUTCDate()) || !weekday.has(d.getUTCDay())) {
          t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        } else if (!hour.has(d.getUTCHours())) {
          t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
        } else if (!minute.has(d.getUTCMinutes())) {
          t = Date.UTC(
            d.getUTCFullYear(),
            d.getUTCMonth(),
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes() + 1,
          );
        } else if (!second.has(d.getUTCSeconds())) {
          t += 1000;
        } else {
          return t - chinaOffsetMs;
        }
      }
      return undefined;
    },
  };
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const fail = (why: string) => new Error(`cron "${expression}": ${spec.name} field "${text}" ${why}`);
  const value = (token: string): number => {
    const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + (spec.namesFrom ?? 0) : Number(token);
    if (!Number.isInteger(n) || n < spec.min || n > spec.max)
      throw fail(`is outside ${spec.min}-${spec.max}`);
    return n;
  };
  const result = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail('has a bad step');
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : spec.max;
    }
    if (from > to) throw fail('has a range that runs backwards');
    for (let n = from; n <= to; n += step) result.add(n);
  }
  return result;
}
