/**
 * maxMonthlyPeakConnections from the database: the highest dailyPeakConnections among Rocket.Chat's stored snapshots
 * since midnight 30 days ago (Statistics.findMonthlyPeakConnections in packages/models/src/models/Statistics.ts); when
 * none lies in that window, Rocket.Chat's figure is its in-memory daily peak, so the last snapshot's value is shown,
 * marked as from it. Expected values are computed here from the raw snapshot documents.
 */
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { statisticsFile } from '../../src/stats/statistics-file.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { computeForTest } from './compute-for-test.js';

const DAY = 86_400_000;
// 30 days before DEFAULT_NOW, at UTC midnight, written out rather than derived by the code under test.
const WINDOW_START = new Date(Date.UTC(DEFAULT_NOW.getUTCFullYear(), DEFAULT_NOW.getUTCMonth(), DEFAULT_NOW.getUTCDate() - 30));

type RawSnapshot = { _id: unknown; createdAt: Date; dailyPeakConnections?: unknown; maxMonthlyPeakConnections?: unknown };

async function rawSnapshots(db: Db): Promise<RawSnapshot[]> {
  return (await db.collection('rocketchat_statistics').find({}).toArray()) as unknown as RawSnapshot[];
}

function compute(db: Db) {
  return computeForTest({ db, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: DEFAULT_NOW, timeZone: 'UTC' });
}

describe('maxMonthlyPeakConnections', () => {
  it("is the highest daily peak Rocket.Chat stored since midnight 30 days ago, computed live", async () => {
    const { db } = await openFileDb('monthly_peak');
    await seedWorkspace(db, { size: 'tiny', rcVersion: '7.10.2', now: DEFAULT_NOW });
    const seeded = await rawSnapshots(db);
    const seededMax = Math.max(...seeded.map((s) => Number(s.dailyPeakConnections)));
    // One just inside the window with the highest peak, one a millisecond outside with an even higher one.
    await db.collection('rocketchat_statistics').insertMany([
      { createdAt: WINDOW_START, dailyPeakConnections: seededMax + 5 },
      { createdAt: new Date(WINDOW_START.getTime() - 1), dailyPeakConnections: seededMax + 500 },
    ]);
    const expected = Math.max(
      ...(await rawSnapshots(db))
        .filter((s) => s.createdAt.getTime() >= WINDOW_START.getTime() && typeof s.dailyPeakConnections === 'number')
        .map((s) => s.dailyPeakConnections as number),
    );
    expect(expected).toBe(seededMax + 5);

    const ours = await compute(db);
    expect(ours.document.maxMonthlyPeakConnections).toBe(expected);
    expect(ours.document.infobot.sources.maxMonthlyPeakConnections).toBe('live');
    expect(ours.document.infobot.notes.some((note) => note.startsWith('maxMonthlyPeakConnections'))).toBe(true);
    // The daily peak itself lives in Rocket.Chat's process: still the last snapshot's, marked as from it.
    expect(ours.document.infobot.sources.dailyPeakConnections).toBe('snapshot');
    const { statistics, provenance } = statisticsFile(ours.document);
    expect(statistics.maxMonthlyPeakConnections).toBe(expected);
    expect(provenance.sources.maxMonthlyPeakConnections).toBe('live');
  });

  it("is the last snapshot's, marked as from it, when no snapshot lies in the window", async () => {
    const { db } = await openFileDb('monthly_peak_old');
    await seedWorkspace(db, { size: 'tiny', rcVersion: '7.10.2', now: DEFAULT_NOW });
    const collection = db.collection('rocketchat_statistics');
    for (const snapshot of await rawSnapshots(db)) {
      await collection.updateOne({ _id: snapshot._id as never }, { $set: { createdAt: new Date(snapshot.createdAt.getTime() - 40 * DAY) } });
    }
    const [last] = (await rawSnapshots(db)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(last?.createdAt.getTime()).toBeLessThan(WINDOW_START.getTime());

    const ours = await compute(db);
    expect(ours.document.maxMonthlyPeakConnections).toBe(last?.maxMonthlyPeakConnections);
    expect(ours.document.infobot.sources.maxMonthlyPeakConnections).toBe('snapshot');
    expect(ours.document.infobot.snapshotAt).toBe(last?.createdAt.toISOString());
  });
});
