/**
 * The engine's full statistics document: an IStats document (checked by the compiler) with every field, and where each
 * came from. The file the admin downloads is built from it per version (statistics-file.db.test.ts).
 */
import type { IStats } from '@rocket.chat/core-typings';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { type ComputedStats, computeForTest } from './compute-for-test.js';
import { placeholderStatistics } from '../../src/stats/statistics.js';
import type { StatisticsDocument } from '../../src/stats/statistics-types.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

// Compile-time proof: `tsc` fails here if statistics.json's type stops being assignable to Rocket.Chat's IStats.
const asIStats = (document: StatisticsDocument): IStats => document;

describe('statistics.json', () => {
  let stats: ComputedStats;
  let snapshot: Record<string, unknown>;

  beforeAll(async () => {
    const { db } = await openFileDb('statistics_json');
    await seedWorkspace(db, { size: 'tiny', now: DEFAULT_NOW });
    [snapshot] = (await db.collection('rocketchat_statistics').find({}).sort({ createdAt: -1 }).limit(1).toArray()) as unknown as [Record<string, unknown>];
    stats = await computeForTest({ db, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: DEFAULT_NOW, timeZone: 'UTC' });
  });

  it('has every IStats field at the top level, and survives JSON', () => {
    const parsed = JSON.parse(JSON.stringify(stats.document)) as Record<string, unknown>;
    for (const key of Object.keys(placeholderStatistics(DEFAULT_NOW))) {
      if (key === 'lastMessageSentAt') continue; // undefined when a workspace has no message; present here
      expect(parsed, key).toHaveProperty(key);
    }
    expect(parsed.lastMessageSentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(asIStats(stats.document).totalUsers).toBe(parsed.totalUsers);
  });

  it('says where every field came from, when it was generated and which semantics apply', () => {
    const { infobot } = stats.document;
    expect(infobot.generatedAt).toBe(DEFAULT_NOW.toISOString());
    expect(infobot.semantics).toEqual({ version: snapshot.version, source: 'snapshot' });
    expect(infobot.snapshotAt).toBe((snapshot.createdAt as Date).toISOString());
    const fields = Object.keys(stats.document).filter((key) => key !== 'infobot');
    for (const field of fields) expect(['live', 'snapshot', 'api', 'override', 'failed', 'unavailable'], field).toContain(infobot.sources[field]);
    expect(infobot.sources.totalUsers).toBe('live');
    expect(infobot.sources.uploadsTotalSize).toBe('live');
    expect(infobot.sources.os).toBe('snapshot');
    expect(infobot.failed).toEqual([]);
  });

  it("takes the server-process fields from Rocket.Chat's last snapshot", () => {
    for (const field of ['os', 'process', 'deploy', 'apps'] as const) {
      expect(stats.document[field]).toEqual(snapshot[field]);
      expect(stats.document.infobot.sources[field]).toBe('snapshot');
    }
  });
});
