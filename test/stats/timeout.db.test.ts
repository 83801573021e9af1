/**
 * A query that times out yields marked fields and a warning, never a crash: behind a proxy that holds back every
 * command on `users`, the user numbers fall back to the last snapshot ("as of" its date) or, without a snapshot, are
 * marked failed; everything else stays live.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { type ComputedStats, computeForTest } from './compute-for-test.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { type SlowProxy, startSlowProxy } from './slow-proxy.js';

// A budget every other query meets on a loaded machine (the snapshot read, the rooms), and a hold on `users` far past it:
// with 300 ms the snapshot read itself timed out on FerretDB under load, and the fall-back under test never ran.
const QUERY_TIMEOUT_MS = 2_000;
const USERS_DELAY_MS = 10_000;

describe('when the queries on users time out', () => {
  const withSnapshot = { label: 'timeout_snap' };
  const withoutSnapshot = { label: 'timeout_nosnap' };
  let proxy: SlowProxy;
  let client: MongoClient;
  const results: Record<string, ComputedStats> = {};
  const snapshots: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    const a = await openFileDb(withSnapshot.label);
    const b = await openFileDb(withoutSnapshot.label);
    await seedWorkspace(a.db, { size: 'tiny', now: DEFAULT_NOW });
    await seedWorkspace(b.db, { size: 'tiny', now: DEFAULT_NOW });
    await b.db.collection('rocketchat_statistics').deleteMany({});
    const [last] = await a.db.collection('rocketchat_statistics').find({}).sort({ createdAt: -1 }).limit(1).toArray();
    snapshots.a = last as Record<string, unknown>;
    proxy = await startSlowProxy(a.serverUrl, (command) => (command.collection === 'users' ? USERS_DELAY_MS : 0));
    client = await MongoClient.connect(proxy.url, { serverSelectionTimeoutMS: 10_000 });
    const compute = (dbName: string) =>
      computeForTest({
        db: client.db(dbName),
        licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
        queryTimeoutMs: QUERY_TIMEOUT_MS,
        concurrency: 4,
        now: DEFAULT_NOW,
        timeZone: 'UTC',
      });
    results.a = await compute(a.dbName);
    results.b = await compute(b.dbName);
  });

  afterAll(async () => {
    await client?.close(true);
    await proxy?.close();
  });

  it('takes the user numbers from the last snapshot, marked with its date, and keeps the rest live', () => {
    const stats = results.a as ComputedStats;
    const snapshot = snapshots.a as Record<string, unknown>;
    expect(stats.failed).toEqual(expect.arrayContaining(['totalUsers', 'activeUsers', 'onlineUsers']));
    expect(stats.document.infobot.sources.totalUsers).toBe('snapshot');
    expect(stats.document.totalUsers).toBe(snapshot.totalUsers);
    expect(stats.failures.filter((f) => f.field === 'totalRooms')).toEqual([]);
    expect(stats.document.infobot.sources.totalRooms).toBe('live');
    const total = stats.cards.usage.fields.find((f) => f.label === 'Total' && f.section === 'Users');
    expect(total).toMatchObject({ value: String(snapshot.totalUsers), source: 'snapshot', asOf: snapshot.createdAt });
    expect(stats.cards.usage.fields.find((f) => f.label === 'Channels')?.source).toBe('live');
  });

  it('warns which fields timed out and as of when the snapshot values are', () => {
    const stats = results.a as ComputedStats;
    expect(stats.warnings.join('\n')).toMatch(new RegExp(`Could not compute .*totalUsers.*: timed out after ${QUERY_TIMEOUT_MS} ms`));
    expect(stats.warnings.join('\n')).toContain("Rocket.Chat's last statistics snapshot, as of November 25, 2026");
    expect(stats.cards.usage.notes.join('\n')).toMatch(/as of November 25, 2026/);
    expect(stats.document.infobot.failed).toContain('totalUsers');
  });

  it('marks the fields failed when there is no snapshot to fall back to', () => {
    const stats = results.b as ComputedStats;
    expect(stats.document.infobot.sources.totalUsers).toBe('failed');
    const total = stats.cards.usage.fields.find((f) => f.label === 'Total' && f.section === 'Users');
    expect(total).toMatchObject({ value: 'unavailable (query failed)', source: 'failed', state: 'warning' });
    expect(stats.cards.usage.state).toBe('warning');
    expect(stats.cards.usage.notes[0]).toContain(`could not be computed (timed out after ${QUERY_TIMEOUT_MS} ms)`);
    expect(stats.cards.license.fields.find((f) => f.label === 'Plan')?.value).toBe('Community');
    expect(stats.document.totalRooms).toBeGreaterThan(0);
  });
});
