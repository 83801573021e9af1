/**
 * The history backfilled from Rocket.Chat's own stored statistics: 400 days of `rocketchat_statistics` documents
 * (several on some days, none on others, times around midnight in the zone, a 6.3 → 6.4 upgrade in the middle)
 * under the bot's own last two weeks. Every expectation is computed here from the raw documents.
 */
import { describe, expect, test } from 'vitest';
import { withRocketChatPast } from '../../src/history/backfilled.js';
import { deltasOf } from '../../src/history/deltas.js';
import { breaksOf } from '../../src/history/meaning.js';
import { type DailyNumbers, type DailySnapshot, METRICS, type Metric } from '../../src/history/numbers.js';
import { openRcStatistics, RC_STATISTICS_COLLECTION } from '../../src/history/rc-statistics.js';
import { HISTORY_COLLECTION, openHistory } from '../../src/history/snapshots.js';
import { openFileDb } from '../support/db.js';

const ZONE = 'America/New_York';
const TODAY = '2026-03-31';
const DAYS = 400;
const UPGRADE_AT = 200;

/** The calendar day of an instant in ZONE, straight from Intl. */
function zoneDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function shiftDay(day: string, count: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + count);
  return d.toISOString().slice(0, 10);
}

interface RawStats {
  createdAt: Date;
  version: string;
  totalUsers: number;
  activeUsers: number;
  onlineUsers: number;
  totalRooms: number;
  totalMessages: number;
  uploadsTotal: number;
  uploadsTotalSize: number;
  instanceCount: number;
  // Fields the history does not keep, as a real document has them.
  uniqueId: string;
  wizard: Record<string, unknown>;
}

/** Day i (0 = `days - 1` days ago): snapshots at the server's start hour, plus Refresh clicks and late-evening ones. */
function rawDocs(days: number, upgradeAt: number): RawStats[] {
  const docs: RawStats[] = [];
  for (let i = 0; i < days; i++) {
    if (i % 37 === 5) continue; // server down all day: no snapshot
    const day = shiftDay(TODAY, i - days + 1);
    const version = i < upgradeAt ? '6.3.1' : '6.4.0';
    // 16:12 UTC is 11:12 or 12:12 in New York; 03:40 UTC is still the evening before there.
    const times = [`${day}T16:12:00Z`];
    if (i % 9 === 0) times.push(`${day}T19:30:05Z`, `${day}T17:01:00Z`);
    if (i % 11 === 3) times.push(`${shiftDay(day, 1)}T03:40:00Z`);
    for (const [k, at] of times.entries()) {
      const base = 1000 + i * 3 + k;
      docs.push({
        createdAt: new Date(at),
        version,
        totalUsers: base,
        activeUsers: Math.round(base * 0.8) - (i >= upgradeAt ? 40 : 0),
        onlineUsers: (i * 13 + k) % 97,
        totalRooms: 200 + i + k,
        totalMessages: 50_000 + i * 250 + k * 7,
        uploadsTotal: 300 + i,
        uploadsTotalSize: 1_000_000 + i * 4096,
        instanceCount: 1 + (i % 3),
        uniqueId: 'workspace-1',
        wizard: {},
      });
    }
  }
  return docs;
}

function ownSnapshot(day: string, seed: number): DailySnapshot {
  const numbers = Object.fromEntries(METRICS.map((metric, i) => [metric, 5000 + seed * 10 + i])) as DailyNumbers;
  return {
    day,
    takenAt: new Date(`${day}T14:00:00Z`),
    numbers,
    version: '6.4.0',
    license: { state: 'valid', validUntil: '2027-06-30T00:00:00.000Z', plan: ['Enterprise'], reasons: [] },
    failed: [],
  };
}

const KEPT: Metric[] = ['totalUsers', 'activeUsers', 'onlineUsers', 'totalRooms', 'totalMessages', 'uploadsTotal', 'uploadsTotalSize', 'instanceCount'];

/** Per day: the raw document created last that day in ZONE. */
function latestByDay(docs: RawStats[]): Map<string, RawStats> {
  const byDay = new Map<string, RawStats>();
  for (const doc of docs) {
    const day = zoneDay(doc.createdAt);
    const held = byDay.get(day);
    if (!held || held.createdAt < doc.createdAt) byDay.set(day, doc);
  }
  return byDay;
}

const ownDays = Array.from({ length: 14 }, (_, i) => shiftDay(TODAY, -i)).filter((d) => d !== shiftDay(TODAY, -4));

/** Rocket.Chat's database with `days` of stored statistics, and the bot's own store with its last two weeks. */
async function backfillWorld(label: string, days: number, upgradeAt: number) {
  const rc = await openFileDb(`${label}_rc`);
  const store = await openFileDb(`${label}_store`);
  const raw = rawDocs(days, upgradeAt);
  await rc.db.collection(RC_STATISTICS_COLLECTION).insertMany(raw.map((doc) => ({ ...doc })));
  const own = openHistory(store.db);
  for (const [i, day] of ownDays.entries()) await own.save(ownSnapshot(day, i));
  return { rc, store, raw, history: withRocketChatPast(own, openRcStatistics(rc.db, ZONE)) };
}

const { rc, store, raw, history } = await backfillWorld('backfill', DAYS, UPGRADE_AT);
/**
 * Deltas read one week of Rocket.Chat's snapshots per day, whatever its past holds; on an engine that filters
 * outside its storage (FerretDB) each read costs the whole collection, so the day-by-day check runs on 60 days
 * (the upgrade in the middle, a day without a snapshot, the bot's own weeks at the end), not on 400.
 */
const SHORT_DAYS = 60;
const short = await backfillWorld('backfill_short', SHORT_DAYS, 30);

describe('history backfilled from Rocket.Chat’s stored statistics', () => {
  test('400 days: one row per day that has a snapshot, the latest of the day, the bot’s own day winning', async () => {
    const rows = await history.recent(TODAY, DAYS + 10);
    const latest = latestByDay(raw);
    const ownSet = new Set(ownDays);
    const expectedDays = [...new Set([...latest.keys(), ...ownDays])].filter((d) => d >= shiftDay(TODAY, -(DAYS + 9)) && d <= TODAY).sort().reverse();
    expect(rows.map((r) => r.day)).toEqual(expectedDays);
    expect(rows.length).toBeGreaterThan(380);
    let fromRc = 0;
    for (const row of rows) {
      if (ownSet.has(row.day)) {
        expect(row.source, row.day).toBeUndefined();
        expect(row.numbers).toEqual(ownSnapshot(row.day, ownDays.indexOf(row.day)).numbers);
        continue;
      }
      const doc = latest.get(row.day) as RawStats;
      fromRc++;
      expect(row.source).toBe('rocketchat');
      expect(row.version).toBe(doc.version);
      expect(row.takenAt.getTime()).toBe(doc.createdAt.getTime());
      for (const metric of KEPT) expect(row.numbers[metric], `${metric} on ${row.day}`).toBe(doc[metric as keyof RawStats]);
      for (const metric of METRICS.filter((m) => !KEPT.includes(m))) expect(row.numbers[metric], `${metric} on ${row.day}`).toBeNull();
    }
    // The day the bot missed among its own is filled from Rocket.Chat.
    expect(rows.find((r) => r.day === shiftDay(TODAY, -4))?.source).toBe('rocketchat');
    expect(fromRc).toBe(expectedDays.length - ownDays.length);
  });

  test('changes compare the stored numbers, except active users across the 6.4 upgrade', async () => {
    const { raw, history } = short;
    const latest = latestByDay(raw);
    const upgradeDay = zoneDay(raw.find((d) => d.version === '6.4.0')?.createdAt as Date);
    const valueOn = (day: string, metric: Metric): { value: number | null; version: string } | undefined => {
      if (ownDays.includes(day)) return { value: ownSnapshot(day, ownDays.indexOf(day)).numbers[metric], version: '6.4.0' };
      const doc = latest.get(day);
      if (!doc) return undefined;
      return { value: KEPT.includes(metric) ? (doc[metric as keyof RawStats] as number) : null, version: doc.version };
    };
    let redefined = 0;
    let changes = 0;
    let gaps = 0;
    // Every day past the first week of Rocket.Chat's past: its first days would compare with days before it began.
    const checked = [...latest.keys()].filter((d) => d > shiftDay(TODAY, -SHORT_DAYS + 8));
    const rowsByDay = new Map((await history.recent(TODAY, SHORT_DAYS + 10)).map((row) => [row.day, row]));
    for (const day of checked) {
      const current = rowsByDay.get(day) as DailySnapshot;
      const baseline = await history.baseline(day);
      for (const metric of KEPT) {
        const deltas = deltasOf(current.numbers, metric, baseline, day, current.version);
        for (const [back, delta] of [[1, deltas.yesterday], [7, deltas.week]] as const) {
          const earlier = valueOn(shiftDay(day, -back), metric);
          const now = valueOn(day, metric);
          if (!earlier || !now) {
            expect(delta.kind, `${metric} ${day} -${back}`).toBe('gap');
            gaps++;
          } else if (metric === 'activeUsers' && earlier.version !== now.version) {
            expect(delta, `${metric} ${day} -${back}`).toEqual({ kind: 'redefined', from: earlier.version });
            redefined++;
          } else {
            expect(delta, `${metric} ${day} -${back}`).toEqual({ kind: 'change', by: (now.value as number) - (earlier.value as number), from: earlier.value });
            changes++;
          }
        }
      }
    }
    // The upgrade day against yesterday and each of its first seven days against a week ago.
    expect(redefined).toBe(8);
    // The day without a snapshot, seen from the day after and from a week later, for each kept metric.
    expect(gaps).toBeGreaterThanOrEqual(2 * KEPT.length);
    expect(changes).toBeGreaterThan(500);
    // The break is named once, on the first day counted the new way.
    const all = (await history.recent(TODAY, SHORT_DAYS + 10)).reverse();
    expect(breaksOf('activeUsers', all)).toEqual([{ metric: 'activeUsers', day: upgradeDay, version: '6.4.0', before: 'bots counted', after: 'bots not counted' }]);
    expect(breaksOf('totalUsers', all)).toEqual([]);
  });

  test('the extent names where Rocket.Chat’s past begins; writes and pruning touch only the bot’s own days', async () => {
    const oldestRaw = raw.reduce((a, b) => (a.createdAt < b.createdAt ? a : b));
    const extent = await history.extent();
    expect(extent.rocketChatSince).toBe(zoneDay(oldestRaw.createdAt));
    expect(extent.oldest).toBe(zoneDay(oldestRaw.createdAt));
    expect(extent.days).toBe(ownDays.length);
    const before = await rc.db.collection(RC_STATISTICS_COLLECTION).countDocuments({});
    await history.prune(TODAY, 5);
    expect(await rc.db.collection(RC_STATISTICS_COLLECTION).countDocuments({})).toBe(before);
    const kept = (await store.db.collection(HISTORY_COLLECTION).find({}).toArray()).map((d) => String(d.day)).sort();
    expect(kept).toEqual(ownDays.filter((d) => d >= shiftDay(TODAY, -5)).sort());
    // The pruned days still read from Rocket.Chat's past.
    const rows = await history.recent(TODAY, 14);
    expect(rows.filter((r) => r.source === 'rocketchat').map((r) => r.day)).toEqual(
      rows.map((r) => r.day).filter((d) => !kept.includes(d)),
    );
  });

  test('a day before Rocket.Chat’s first snapshot has nothing to compare with', async () => {
    const first = zoneDay(raw[0]?.createdAt as Date);
    const baseline = await history.baseline(first);
    expect(baseline).toEqual({ yesterday: undefined, weekAgo: undefined, hasHistory: false });
  });
});
