/**
 * Same seed, size and version give the same documents, byte for byte (ids, dates, password hashes,
 * everything); another seed gives other documents; dates follow `now`.
 */
import { createHash } from 'node:crypto';
import { BSON, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { type SeedOptions, seedWorkspace } from '../support/seed/index.js';
import { openFileDb } from '../support/db.js';
import { docsOf, readWorkspace } from './workspace-docs.js';

/** One digest per collection over the BSON of its documents in `_id` order. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const ws = await readWorkspace(db);
  const out: Record<string, string> = {};
  for (const [name, docs] of Object.entries(ws)) {
    const hash = createHash('sha256');
    for (const doc of docs) hash.update(BSON.serialize(doc));
    out[name] = `${docs.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}

async function seeded(options: SeedOptions): Promise<{ db: Db; prints: Record<string, string> }> {
  const { db } = await openFileDb();
  await seedWorkspace(db, options);
  return { db, prints: await fingerprint(db) };
}

describe('seeding is deterministic', () => {
  it('writes identical documents for the same seed, small workspace included', { timeout: 120_000 }, async () => {
    // Both at once: each seeding waits on the database server much of the time, which the other one fills.
    const [a, b] = await Promise.all([seeded({ size: 'small', seed: 7 }), seeded({ size: 'small', seed: 7 })]);
    expect(Object.keys(a.prints).length).toBeGreaterThan(20);
    expect(b.prints).toEqual(a.prints);
  });

  it('writes different documents for another seed', async () => {
    const [a, b] = await Promise.all([seeded({ size: 'tiny', seed: 7 }), seeded({ size: 'tiny', seed: 8 })]);
    const differing = Object.keys(a.prints).filter((name) => a.prints[name] !== b.prints[name]);
    for (const name of ['users', 'rocketchat_room', 'rocketchat_message', 'rocketchat_subscription', 'rocketchat_settings']) expect(differing).toContain(name);
    const idsA = new Set(docsOf(await readWorkspace(a.db), 'users').map((u) => u._id));
    const idsB = docsOf(await readWorkspace(b.db), 'users').map((u) => u._id);
    expect(idsB.filter((id) => idsA.has(id))).toEqual(['rocket.cat']);
  });

  it('derives every date from now', async () => {
    const now = new Date('2025-03-01T12:00:00Z');
    const { db } = await seeded({ size: 'tiny', now });
    const ws = await readWorkspace(db);
    const dates: Date[] = [];
    const collect = (value: unknown): void => {
      if (value instanceof Date) dates.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const docs of Object.values(ws)) docs.forEach(collect);
    expect(dates.length).toBeGreaterThan(500);
    const newest = Math.max(...dates.map((d) => d.getTime()));
    // Only future-dated fields: invite expiries and a temporary upload's expiresAt.
    const future = dates.filter((d) => d.getTime() > now.getTime());
    expect(future.every((d) => d.getTime() <= now.getTime() + 31 * 86_400_000)).toBe(true);
    expect(newest).toBeLessThanOrEqual(now.getTime() + 31 * 86_400_000);
    expect(Math.min(...dates.map((d) => d.getTime()))).toBeGreaterThanOrEqual(now.getTime() - 421 * 86_400_000);
    const instance = docsOf(ws, 'instances').map((i) => (i._updatedAt as Date).getTime());
    expect(Math.max(...instance)).toBe(now.getTime());
  });
});
