/**
 * When the daily post is due, as a pure function of the clock: a simulated clock ticks across whole years and
 * across the daylight-saving changes of 2026 (Europe/Berlin: March 29 and October 25; America/New_York: March 8
 * and November 1). Expected instants come from the zones' published 2026 rules (support/zone-rules.ts), not from Intl.
 */
import { describe, expect, test } from 'vitest';
import { createDailyPlan, type DailyPlan, PlanError } from '../../src/schedule/daily-plan.js';
import { addDays, type DayKey, daysBetween, instantOf } from '../../src/schedule/zoned-time.js';
import { wallInstant as expectedInstant } from './support/zone-rules.js';

/** Ticks the clock from `from` to `to` every `stepMs` and records, per day, the first tick at which a run was due. */
function simulate(plan: DailyPlan, from: number, to: number, stepMs: number): Map<DayKey, number> {
  const firstDue = new Map<DayKey, number>();
  for (let t = from; t <= to; t += stepMs) {
    const due = plan.dueAt(new Date(t));
    if (due && !firstDue.has(due.day)) firstDue.set(due.day, t);
  }
  return firstDue;
}

function daysFrom(first: DayKey, last: DayKey): DayKey[] {
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
}

describe('the daily plan', () => {
  test.each([
    ['Europe/Berlin', '0 9 * * *', 9, 0],
    ['Europe/Berlin', '30 2 * * *', 2, 30],
    ['America/New_York', '0 9 * * *', 9, 0],
    ['America/New_York', '0 2 * * *', 2, 0],
    ['UTC', '0 9 * * *', 9, 0],
  ])('in %s, `%s` is due once a day all through 2026, at the scheduled minute and not a tick earlier', (zone, cron, hour, minute) => {
    const plan = createDailyPlan(cron, zone);
    const days = daysFrom('2026-01-02', '2026-12-30');
    const firstDue = simulate(plan, Date.UTC(2026, 0, 1, 12), Date.UTC(2026, 11, 31, 12), 15 * 60_000);
    // The first and last simulated days are partial: only whole days are compared.
    expect([...firstDue.keys()].filter((day) => day >= '2026-01-02' && day <= '2026-12-30')).toEqual(days);
    for (const day of days) expect(firstDue.get(day), day).toBe(expectedInstant(zone, day, hour, minute));
  });

  test.each([
    ['Europe/Berlin', '2026-03-28', '2026-03-31'],
    ['Europe/Berlin', '2026-10-24', '2026-10-27'],
    ['America/New_York', '2026-03-07', '2026-03-10'],
    ['America/New_York', '2026-10-31', '2026-11-03'],
  ])('in %s around the change of %s, a minute-by-minute clock finds every run at its minute', (zone, first, last) => {
    for (const [cron, hour, minute] of [['0 9 * * *', 9, 0], ['30 2 * * *', 2, 30], ['15 1 * * *', 1, 15]] as const) {
      const plan = createDailyPlan(cron, zone);
      const start = expectedInstant(zone, first, 0, 0);
      const end = expectedInstant(zone, addDays(last, 1), 0, 0) - 60_000;
      const firstDue = simulate(plan, start, end, 60_000);
      const days = daysFrom(first, last);
      expect([...firstDue.keys()], cron).toEqual(days);
      for (const day of days) {
        const at = expectedInstant(zone, day, hour, minute);
        expect(firstDue.get(day), `${cron} on ${day}`).toBe(at);
        expect(plan.dueAt(new Date(at - 60_000))?.day, `${cron} a minute before on ${day}`).not.toBe(day);
      }
    }
  });

  test('02:30 on the day Berlin skips 02:00–03:00 runs at 03:30; on the day 02:30 happens twice it runs at the first', () => {
    const plan = createDailyPlan('30 2 * * *', 'Europe/Berlin');
    expect(plan.runOn('2026-03-29')?.at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(plan.runOn('2026-10-25')?.at.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(plan.dueAt(new Date('2026-10-25T01:30:00Z'))?.day).toBe('2026-10-25');
  });

  test('a run stays due until the day ends in the zone, and the next day starts with nothing due', () => {
    const plan = createDailyPlan('0 9 * * *', 'America/New_York');
    expect(plan.dueAt(new Date('2026-11-27T04:59:00Z'))?.day).toBe('2026-11-26');
    expect(plan.dueAt(new Date('2026-11-27T05:00:00Z'))).toBeUndefined();
  });

  test('a weekday schedule has no run at the week-end, and its next run after Friday is Monday', () => {
    const plan = createDailyPlan('30 8 * * 1-5', 'Europe/Berlin');
    expect(plan.runOn('2026-11-28')).toBeUndefined();
    expect(plan.runOn('2026-11-29')).toBeUndefined();
    expect(plan.dueAt(new Date('2026-11-28T12:00:00Z'))).toBeUndefined();
    expect(plan.nextAfter(new Date('2026-11-27T08:00:00Z'))).toEqual({ day: '2026-11-30', at: new Date('2026-11-30T07:30:00Z') });
  });

  test('the next run is today’s while it is ahead, else the following day’s, in the zone’s offset of that day', () => {
    const plan = createDailyPlan('0 9 * * *', 'America/New_York');
    expect(plan.nextAfter(new Date('2026-03-07T13:59:00Z'))?.at.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(plan.nextAfter(new Date('2026-03-07T14:00:00Z'))?.at.toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  test.each([
    ['0 25 * * *', 'UTC', /`0 25 \* \* \*` is not a cron expression.*e\.g\. `0 9 \* \* \*`/],
    ['0 9 * *', 'UTC', /expected 5 or 6 fields/],
    ['0 9 * * *', 'Europe/Berln', /`Europe\/Berln` is not an IANA time zone. Use a name such as UTC, Europe\/Berlin/],
  ])('`%s` in %s is refused with the fix', (cron, zone, message) => {
    expect(() => createDailyPlan(cron, zone)).toThrow(PlanError);
    expect(() => createDailyPlan(cron, zone)).toThrow(message);
  });

  test('zone names are canonicalised, so replicas configured `utc` and `UTC` agree on the day', () => {
    expect(createDailyPlan('0 9 * * *', 'utc').timeZone).toBe('UTC');
    expect(createDailyPlan('0 9 * * *', 'europe/berlin').timeZone).toBe('Europe/Berlin');
  });

  test('wall times resolve like Temporal’s default: gaps forward, repeats to the earlier instant', () => {
    expect(instantOf({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantOf({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
