/**
 * The history's past read through REST (REST-only mode): Rocket.Chat's stored snapshots paged from statistics.list
 * against the emulator, as the bot's session. Expectations come from the raw documents: per day in the zone, the one
 * created last.
 */
import { Bot } from '@rocket.chat/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRestClient, type RestClient } from '../../src/chat/rest.js';
import { RC_STATISTICS_COLLECTION } from '../../src/history/rc-statistics.js';
import { openRestRcStatistics } from '../../src/history/rest-statistics.js';
import { MissingPermissionError } from '../../src/stats/rest/endpoints.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { seedTestWorkspace } from '../emulator/workspace.js';
import { openFileDb } from '../support/db.js';

const ZONE = 'Europe/Berlin';
const FIRST = '2026-01-01';
const DAYS = 150;

function shiftDay(day: string, count: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + count);
  return d.toISOString().slice(0, 10);
}

function zoneDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** One snapshot a day at 11:00 UTC, none on some days, extra ones on others (one just before midnight in Berlin). */
function rawDocs() {
  const docs: { createdAt: Date; totalUsers: number; totalMessages: number; version: string }[] = [];
  for (let i = 0; i < DAYS; i++) {
    if (i % 13 === 4) continue;
    const day = shiftDay(FIRST, i);
    const times = [`${day}T11:00:00Z`];
    if (i % 7 === 0) times.push(`${day}T22:30:00Z`, `${day}T08:15:00Z`);
    for (const [k, at] of times.entries()) docs.push({ createdAt: new Date(at), totalUsers: 100 + i * 2 + k, totalMessages: 9_000 + i * 31 + k, version: '7.10.2' });
  }
  return docs;
}

describe('history backfilled from statistics.list', async () => {
  const t = await openFileDb();
  const raw = rawDocs();
  let emulator: Emulator;
  let rest: RestClient;

  beforeAll(async () => {
    const fixture = await seedTestWorkspace(t.db);
    await t.db.collection(RC_STATISTICS_COLLECTION).deleteMany({});
    await t.db.collection(RC_STATISTICS_COLLECTION).insertMany(raw.map((doc) => ({ ...doc })));
    // No snapshot at boot: statistics.list waits for it, and it is Rocket.Chat's full statistics plan over the seeded
    // workspace (more than the 20 s REST timeout on FerretDB under load); the documents paged here are the ones above.
    emulator = await startEmulator({ db: t.db, statisticsAtBoot: false });
    rest = createRestClient(new Bot({ host: emulator.url, useSsl: false }), emulator.url, 20_000);
    const session = await rest.login(fixture.admin.username, fixture.admin.password);
    rest.authenticate(session.userId, session.token);
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
  });

  test('one day per day holding a snapshot, the last of the day in the zone, across several pages', async () => {
    const from = shiftDay(FIRST, 10);
    const to = shiftDay(FIRST, DAYS - 1);
    const rows = await openRestRcStatistics(rest, ZONE).days(from, to);
    const latest = new Map<string, (typeof raw)[number]>();
    for (const doc of raw) {
      const day = zoneDay(doc.createdAt);
      if (day < from || day > to) continue;
      const held = latest.get(day);
      if (!held || held.createdAt < doc.createdAt) latest.set(day, doc);
    }
    expect(raw.length).toBeGreaterThan(100);
    expect(rows.map((r) => r.day)).toEqual([...latest.keys()].sort());
    for (const row of rows) {
      const doc = latest.get(row.day);
      expect(row.takenAt.getTime(), row.day).toBe(doc?.createdAt.getTime());
      expect(row.numbers.totalUsers, row.day).toBe(doc?.totalUsers);
      expect(row.numbers.totalMessages, row.day).toBe(doc?.totalMessages);
      expect(row.numbers.messagesLast24h).toBeNull();
      expect(row.source).toBe('rocketchat');
    }
  });

  test('the oldest day and whether anything lies before a day', async () => {
    const history = openRestRcStatistics(rest, ZONE);
    const oldest = raw.reduce((a, b) => (a.createdAt < b.createdAt ? a : b));
    expect(await history.oldestDay()).toBe(zoneDay(oldest.createdAt));
    expect(await history.anyBefore(zoneDay(oldest.createdAt))).toBe(false);
    expect(await history.anyBefore(shiftDay(zoneDay(oldest.createdAt), 1))).toBe(true);
  });

  test('without view-statistics it names the permission in one line', async () => {
    await t.db.collection<{ _id: string }>('rocketchat_permissions').updateOne({ _id: 'view-statistics' }, { $set: { roles: [] } });
    try {
      const error = await openRestRcStatistics(rest, ZONE).oldestDay().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingPermissionError);
      expect((error as MissingPermissionError).permission).toBe('view-statistics');
      expect((error as Error).message).toContain('statistics.list');
    } finally {
      await t.db.collection<{ _id: string }>('rocketchat_permissions').updateOne({ _id: 'view-statistics' }, { $set: { roles: ['admin'] } });
    }
  });
});
