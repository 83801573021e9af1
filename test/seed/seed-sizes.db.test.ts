/**
 * The size parameter: tiny and small are written and counted; medium and large are checked through
 * the plan the generator follows (writing them belongs to the benchmarks, not the test suite).
 */
import { describe, expect, it } from 'vitest';
import { allocateMessages } from '../support/seed/bulk-rooms.js';
import { DEFAULT_NOW, planWorkspace, seedWorkspace } from '../support/seed/index.js';
import { BULK_ROOM_ORDER, bulkRoomKindAt, bulkRoomTotal } from '../support/seed/plan.js';
import { WORKSPACE_AGE } from '../support/seed/context.js';
import { openFileDb } from '../support/db.js';
import { docsOf, isVisible, readWorkspace } from './workspace-docs.js';

const visibleMessages = (docs: ReturnType<typeof docsOf>) => docs.filter(isVisible).length;

describe('workspace sizes', () => {
  it('writes the planned users and rooms for tiny and small, and exactly the planned extra messages', { timeout: 120_000 }, async () => {
    // Both sizes at once: each seeding waits on the database server much of the time, which the other one fills.
    const seedAndRead = async (size: 'tiny' | 'small') => {
      const { db } = await openFileDb();
      const result = await seedWorkspace(db, { size });
      return [result, await readWorkspace(db)] as const;
    };
    const [[tinyResult, tiny], [smallResult, small]] = await Promise.all([seedAndRead('tiny'), seedAndRead('small')]);

    const tinyPlan = planWorkspace('tiny');
    const smallPlan = planWorkspace('small');
    expect(docsOf(tiny, 'users')).toHaveLength(tinyPlan.users);
    expect(docsOf(tiny, 'rocketchat_room')).toHaveLength(tinyPlan.rooms);
    expect(docsOf(small, 'users')).toHaveLength(300);
    expect(docsOf(small, 'rocketchat_room')).toHaveLength(200);
    expect(visibleMessages(docsOf(small, 'rocketchat_message')) - visibleMessages(docsOf(tiny, 'rocketchat_message'))).toBe(smallPlan.bulkMessages);
    for (const t of ['c', 'p', 'd', 'l', 'v']) {
      expect(docsOf(small, 'rocketchat_room').filter((r) => r.t === t).length, t).toBeGreaterThan(docsOf(tiny, 'rocketchat_room').filter((r) => r.t === t).length);
    }

    // The reported counts are the documents actually stored.
    for (const [result, ws] of [[tinyResult, tiny], [smallResult, small]] as const) {
      for (const [collection, count] of Object.entries(result.counts)) expect(docsOf(ws, collection), collection).toHaveLength(count);
      expect(Object.keys(result.counts).sort()).toEqual(Object.keys(ws).sort());
      expect(result.seconds).toBeGreaterThan(0);
    }
  });

  it.each([
    ['medium', 10_000, 2_000, 100_000],
    ['large', 100_000, 20_000, 1_000_000],
  ] as const)('plans %s as %i users, %i rooms and %i generated messages, shared out exactly', (size, users, rooms, messages) => {
    const plan = planWorkspace(size);
    expect(plan.users).toBe(users);
    expect(plan.rooms).toBe(rooms);
    expect(plan.bulkMessages).toBe(messages);
    expect(bulkRoomTotal(plan)).toBe(plan.rooms - planWorkspace('tiny').rooms);
    for (const kind of BULK_ROOM_ORDER) expect(plan.bulkRooms[kind], kind).toBeGreaterThan(0);
    const ctx = { seed: 1, now: DEFAULT_NOW, rcVersion: '7.10.2', siteUrl: 'http://localhost:3000', license: undefined, plan, installedAt: new Date(DEFAULT_NOW.getTime() - WORKSPACE_AGE) };
    const { counts, general } = allocateMessages(ctx, plan);
    expect(counts.reduce((sum, n) => sum + n, 0) + general).toBe(messages);
    expect(general).toBeGreaterThanOrEqual(messages * 0.05);
    // VoIP rooms carry no generated messages; every other kind does.
    const perKind = new Map<string, number>();
    counts.forEach((n, i) => {
      const kind = bulkRoomKindAt(plan, i);
      perKind.set(kind, (perKind.get(kind) ?? 0) + n);
    });
    expect(perKind.get('v')).toBe(0);
    for (const kind of ['c', 'p', 'd', 'discussion', 'team', 'teamRoom', 'l']) expect(perKind.get(kind), kind).toBeGreaterThan(0);
  });

  it('refuses an unknown size and names the valid ones', async () => {
    const { db } = await openFileDb();
    await expect(seedWorkspace(db, { size: 'huge' as never })).rejects.toThrow(/unknown seed size "huge": use one of tiny, small, medium, large/);
  });

  it('refuses to seed over an existing workspace and says how to start clean', async () => {
    const { db } = await openFileDb();
    await seedWorkspace(db, { size: 'tiny' });
    await expect(seedWorkspace(db, { size: 'tiny' })).rejects.toThrow(/already holds 30 users: seed into an empty database/);
  });
});
