/** The history of daily snapshots: one per day, deltas that equal the stored numbers, retention by explicit delete. */
import { describe, expect, test } from 'vitest';
import { deltasOf } from '../../src/history/deltas.js';
import { type DailyNumbers, type DailySnapshot, METRICS, type Metric } from '../../src/history/numbers.js';
import { HISTORY_COLLECTION, openHistory } from '../../src/history/snapshots.js';
import { addDays } from '../../src/schedule/zoned-time.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();

function snapshot(day: string, seed: number, overrides: Partial<DailyNumbers> = {}): DailySnapshot {
  const numbers = Object.fromEntries(METRICS.map((metric, i) => [metric, ((seed * 7919 + i * 104729) % 5000) + i])) as DailyNumbers;
  return {
    day,
    takenAt: new Date(`${day}T09:00:00Z`),
    numbers: { ...numbers, ...overrides },
    version: '7.10.2',
    license: { state: 'valid', validUntil: '2027-06-30T00:00:00.000Z', plan: ['Enterprise'], reasons: [] },
    failed: [],
  };
}

describe('the history of daily snapshots', () => {
  test('a day has one snapshot: a retried run replaces it', async () => {
    const history = openHistory(t.db);
    await history.save(snapshot('2025-06-01', 1));
    await history.save(snapshot('2025-06-01', 2));
    const stored = await t.db.collection(HISTORY_COLLECTION).find({ day: '2025-06-01' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.numbers).toEqual(snapshot('2025-06-01', 2).numbers);
  });

  test('the changes against yesterday and a week ago equal the stored history, with gaps and a first day', async () => {
    const history = openHistory(t.db);
    const first = '2025-03-01';
    const missing = new Set([3, 9, 10, 17]);
    const days = Array.from({ length: 30 }, (_, i) => i)
      .filter((i) => !missing.has(i))
      .map((i) => addDays(first, i));
    for (const [i, day] of days.entries()) {
      // A failed count now and then: its change cannot be known.
      await history.save(snapshot(day, i + 10, i % 11 === 5 ? { totalMessages: null } : {}));
    }
    const raw = (await t.db.collection(HISTORY_COLLECTION).find({}).toArray()) as unknown as (DailySnapshot & { _id: string })[];
    const byDay = new Map(raw.map((doc) => [doc.day, doc]));
    const expected = (day: string, back: number, metric: Metric) => {
      const today = byDay.get(day)?.numbers[metric] ?? null;
      const earlier = byDay.get(addDays(day, -back));
      if (!earlier) return raw.some((doc) => doc.day < day) ? { kind: 'gap', day: addDays(day, -back) } : { kind: 'new' };
      const from = earlier.numbers[metric];
      return today === null || from === null ? { kind: 'unknown' } : { kind: 'change', by: today - from, from };
    };
    let compared = 0;
    for (const day of days) {
      const current = byDay.get(day) as DailySnapshot;
      const baseline = await history.baseline(day);
      for (const metric of METRICS) {
        const deltas = deltasOf(current.numbers, metric, baseline, day);
        expect(deltas.yesterday, `${metric} on ${day} vs yesterday`).toEqual(expected(day, 1, metric));
        expect(deltas.week, `${metric} on ${day} vs a week ago`).toEqual(expected(day, 7, metric));
        compared++;
      }
    }
    expect(compared).toBe(days.length * METRICS.length);
    expect(deltasOf(snapshot(first, 0).numbers, 'totalUsers', await history.baseline(first), first)).toEqual({ yesterday: { kind: 'new' }, week: { kind: 'new' } });
  });

  test('the latest days come newest first, limited, and never from after the day asked', async () => {
    const history = openHistory(t.db);
    const rows = await history.recent('2025-03-20', 5);
    const raw = (await t.db.collection(HISTORY_COLLECTION).find({}).toArray()).map((d) => String(d.day));
    expect(rows.map((r) => r.day)).toEqual(raw.filter((d) => d <= '2025-03-20').sort().reverse().slice(0, 5));
  });

  test('retention deletes the days older than the limit and keeps the limit’s last day', async () => {
    const history = openHistory(t.db);
    const before = (await t.db.collection(HISTORY_COLLECTION).find({}).toArray()).map((d) => String(d.day));
    const deleted = await history.prune('2025-03-30', 10);
    const after = (await t.db.collection(HISTORY_COLLECTION).find({}).toArray()).map((d) => String(d.day)).sort();
    expect(after).toEqual(before.filter((d) => d >= '2025-03-20').sort());
    expect(deleted).toBe(before.length - after.length);
    expect(await history.extent()).toEqual({ oldest: after[0], days: after.length });
  });
});
