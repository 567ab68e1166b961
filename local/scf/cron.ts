/**
 * SCF timer cron expressions: seven fields with seconds first and a year last
 * (`second minute hour day-of-month month day-of-week year`, e.g. `0 *\/5 * * * * *`), and the classic
 * five-field form older Serverless docs show. Each field takes `*`, `?`, numbers, `a-b` ranges, `a,b`
 * lists and `/n` steps; months and weekdays also take names (JAN, MON). Times are evaluated in UTC
 * (the runtime's default zone; the console's own zone for triggers is not documented).
 */

/** A parsed expression: the allowed values of each field (undefined = any). */
export interface CronSchedule {
  readonly seconds: ReadonlySet<number> | undefined;
  readonly minutes: ReadonlySet<number> | undefined;
  readonly hours: ReadonlySet<number> | undefined;
  readonly days: ReadonlySet<number> | undefined;
  readonly months: ReadonlySet<number> | undefined;
  readonly weekdays: ReadonlySet<number> | undefined;
  readonly years: ReadonlySet<number> | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses an expression; throws an Error naming the bad field. */
export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 5) fields.unshift('0');
  if (fields.length === 6) fields.push('*');
  if (fields.length !== 7) {
    throw new Error(
      `cron '${expression}': expected 7 fields (second minute hour day month weekday year) or 5`,
    );
  }
  const [second, minute, hour, day, month, weekday, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    seconds: field(second, 0, 59, 'second'),
    minutes: field(minute, 0, 59, 'minute'),
    hours: field(hour, 0, 23, 'hour'),
    days: field(day, 1, 31, 'day of month'),
    months: field(month, 1, 12, 'month', MONTHS, 1),
    // 7 is Sunday too in many crons.
    weekdays: normaliseSunday(field(weekday, 0, 7, 'day of week', WEEKDAYS, 0)),
    years: field(year, 1970, 2199, 'year'),
  };
}

/** The first firing strictly after `afterMs`, in ms; undefined when there is none within ten years. */
export function nextFiring(schedule: CronSchedule, afterMs: number): number | undefined {
  const limit = afterMs + 10 * 366 * 86_400_000;
  let t = new Date(Math.floor(afterMs / 1000) * 1000 + 1000);
  const allows = (set: ReadonlySet<number> | undefined, value: number) => set === undefined || set.has(value);
  while (t.getTime() <= limit) {
    if (!allows(schedule.years, t.getUTCFullYear())) {
      t = new Date(Date.UTC(t.getUTCFullYear() + 1, 0, 1));
    } else if (!allows(schedule.months, t.getUTCMonth() + 1)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
    } else if (!dayMatches(schedule, t)) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1));
    } else if (!allows(schedule.hours, t.getUTCHours())) {
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1));
    } else if (!allows(schedule.minutes, t.getUTCMinutes())) {
      t = new Date(t.getTime() - t.getUTCSeconds() * 1000 + 60_000);
    } else if (!allows(schedule.seconds, t.getUTCSeconds())) {
      t = new Date(t.getTime() + 1000);
    } else {
      return t.getTime();
    }
  }
  return undefined;
}

// Like classic cron: when both day fields are restricted, either may match.
function dayMatches(schedule: CronSchedule, t: Date): boolean {
  const day = schedule.days?.has(t.getUTCDate());
  const weekday = schedule.weekdays?.has(t.getUTCDay());
  if (day !== undefined && weekday !== undefined) return day || weekday;
  return day !== false && weekday !== false;
}

function field(
  text: string,
  min: number,
  max: number,
  name: string,
  names: readonly string[] = [],
  firstName = 0,
): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  const values = new Set<number>();
  const value = (part: string) => {
    const named = names.indexOf(part.toUpperCase());
    const number = named >= 0 ? named + firstName : Number(part);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new Error(`cron ${name} '${text}': '${part}' is not in ${min}-${max}`);
    }
    return number;
  };
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`cron ${name} '${text}': bad step '${stepText}'`);
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      low = min;
      high = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      low = value(a);
      high = value(b);
    } else {
      low = value(range);
      high = stepText === undefined ? low : max;
    }
    if (low > high) throw new Error(`cron ${name} '${text}': range ${low}-${high} is backwards`);
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function normaliseSunday(set: Set<number> | undefined): Set<number> | undefined {
  if (set?.has(7)) {
    set.delete(7);
    set.add(0);
  }
  return set;
}
