/**
 * SCF timer cron: the 7-field form with seconds (and the classic 5-field one) gives the firing times a
 * person reads from it, and a bound cron timer fires on its own with a timer event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextFiring, parseCron } from '../../../local/scf/cron.js';
import { type Harness, startHarness } from './cos-harness.js';

const FROM = Date.UTC(2026, 0, 1, 10, 2, 3);

/** The next `count` firings after FROM, as ISO strings. */
function firings(expression: string, count: number): string[] {
  const schedule = parseCron(expression);
  const out: string[] = [];
  let at = FROM;
  for (let i = 0; i < count; i++) {
    at = nextFiring(schedule, at) ?? Number.NaN;
    out.push(new Date(at).toISOString());
  }
  return out;
}

describe('cron expressions', () => {
  it.each([
    ['0 */5 * * * * *', ['2026-01-01T10:05:00.000Z', '2026-01-01T10:10:00.000Z']],
    ['*/5 * * * *', ['2026-01-01T10:05:00.000Z', '2026-01-01T10:10:00.000Z']],
    ['*/20 * * * * * *', ['2026-01-01T10:02:20.000Z', '2026-01-01T10:02:40.000Z']],
    ['30 0 2 * * MON *', ['2026-01-05T02:00:30.000Z', '2026-01-12T02:00:30.000Z']],
    ['0 0 0 29 FEB ? *', ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']],
    ['0 15 9-10 1,15 * * 2026', ['2026-01-01T10:15:00.000Z', '2026-01-15T09:15:00.000Z']],
  ])('%s fires at %j', (expression, expected) => {
    expect(firings(expression, 2)).toEqual(expected);
  });

  it.each([['* * *'], ['61 * * * * * *'], ['0 0 25 * * * *'], ['0 0 0 * 13 * *'], ['0 */0 * * * * *']])(
    'refuses %s with a message naming the problem',
    (expression) => {
      expect(() => parseCron(expression)).toThrow(/cron/);
    },
  );
});

describe('a cron timer trigger', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.stop());

  it('fires on its own every second with "* * * * * * *"', async () => {
    // Prepare
    const events: Array<{ Type: string; TriggerName: string }> = [];
    const unbind = harness.emulator.scf.bindTimer({
      functionName: 'tick',
      triggerName: 'every-second',
      cron: '* * * * * * *',
      handler: async (event: { Type: string; TriggerName: string }) => {
        events.push(event);
      },
    });

    // Act
    await new Promise((resolve) => setTimeout(resolve, 2300));
    unbind();
    await harness.emulator.scf.idle();

    // Assess
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(3);
    expect(events[0]).toMatchObject({ Type: 'Timer', TriggerName: 'every-second' });
  });
});
