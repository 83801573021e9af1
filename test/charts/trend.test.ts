/** What each chart plots, checked against the rows it was given: one point per calendar day, gaps, splits, limits. */
import { describe, expect, test } from 'vitest';
import { dailyChart, trendChart } from '../../src/charts/trend.js';
import { type DailyNumbers, type DailySnapshot, METRICS } from '../../src/history/numbers.js';

const TODAY = '2026-03-31';
function dayBefore(n: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

function row(n: number, version: string, numbers: Partial<DailyNumbers>, source?: 'rocketchat'): DailySnapshot {
  const empty = Object.fromEntries(METRICS.map((metric) => [metric, null])) as DailyNumbers;
  return {
    day: dayBefore(n),
    takenAt: new Date(`${dayBefore(n)}T09:00:00Z`),
    numbers: { ...empty, ...numbers },
    version,
    license: { state: 'unknown', validUntil: null, plan: [], reasons: [] },
    failed: [],
    ...(source ? { source } : {}),
  };
}

// 40 days back to today, day 12 before today missing; the upgrade across 6.4 on day 20 before today.
const rows = Array.from({ length: 40 }, (_, k) => 39 - k)
  .filter((n) => n !== 12)
  .map((n) => row(n, n > 20 ? '6.3.1' : '6.4.0', { totalUsers: 500 + (39 - n) * 2, activeUsers: 400 + (39 - n), totalMessages: 10_000 + (39 - n) ** 2, seatsUsed: 300 + n, seatsMax: n < 10 ? 350 : null }, n > 5 ? 'rocketchat' : undefined));
const byDay = new Map(rows.map((r) => [r.day, r]));

describe('chart data', () => {
  test('users: a point for every day, null where none was recorded, active users split where 6.4 changed them', () => {
    const spec = trendChart('users', rows, TODAY, 30, 'UTC');
    const [panel] = spec.panels;
    const names = panel?.series.map((s) => s.name);
    expect(names).toEqual(['Total', 'Active (bots counted)', 'Active']);
    for (const s of panel?.series ?? []) expect(s.points.map(([d]) => d)).toEqual(Array.from({ length: 30 }, (_, i) => dayBefore(29 - i)));
    const total = new Map(panel?.series[0]?.points);
    expect(total.get(dayBefore(12))).toBeNull();
    expect(total.get(dayBefore(3))).toBe(byDay.get(dayBefore(3))?.numbers.totalUsers);
    const before = new Map(panel?.series[1]?.points);
    const after = new Map(panel?.series[2]?.points);
    for (let n = 0; n < 30; n++) {
      const r = byDay.get(dayBefore(n));
      expect(before.get(dayBefore(n)), `day -${n}`).toBe(r && r.version === '6.3.1' ? r.numbers.activeUsers : null);
      expect(after.get(dayBefore(n)), `day -${n}`).toBe(r && r.version === '6.4.0' ? r.numbers.activeUsers : null);
    }
    expect(panel?.markers).toEqual([{ day: dayBefore(20), label: '6.4.0: active bots not counted' }]);
    expect(spec.subtitle).toContain('29 of 30 days recorded');
    expect(spec.subtitle).toContain(`Rocket.Chat’s stored statistics up to ${dayBefore(6)}, the bot’s own after`);
  });

  test('messages per day are the change of the total from the day before, unknown next to a missing day', () => {
    const points = new Map(trendChart('messages', rows, TODAY, 30, 'UTC').panels[0]?.series[0]?.points);
    for (let n = 0; n < 30; n++) {
      const today = byDay.get(dayBefore(n))?.numbers.totalMessages;
      const before = byDay.get(dayBefore(n + 1))?.numbers.totalMessages;
      expect(points.get(dayBefore(n)), `day -${n}`).toBe(today != null && before != null ? today - before : null);
    }
    expect(points.get(dayBefore(11))).toBeNull();
  });

  test('seats carry the limit as a limit line; the daily chart has seats only when a limit was known', () => {
    const seats = trendChart('seats', rows, TODAY, 30, 'UTC').panels[0];
    expect(seats?.series.map((s) => [s.name, s.style])).toEqual([['Used', undefined], ['Limit', 'limit']]);
    expect(new Map(seats?.series[1]?.points).get(dayBefore(3))).toBe(350);
    expect(dailyChart(rows, TODAY, 'UTC').panels.map((p) => p.title)).toEqual(['Users', 'Messages per day', 'Seats (active users counted by the license)']);
    const noLimit = rows.map((r) => ({ ...r, numbers: { ...r.numbers, seatsMax: null } }));
    expect(dailyChart(noLimit, TODAY, 'UTC').panels.map((p) => p.title)).toEqual(['Users', 'Messages per day']);
  });
});
