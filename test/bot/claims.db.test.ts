import { describe, expect, test } from 'vitest';
import { openClaims } from '../../src/store/claims.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();

describe('claims in the bot’s own database', () => {
  test('replicas racing on one message: exactly one wins', async () => {
    const replicas = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((owner) => openClaims(t.db, owner)));
    const wins = await Promise.all(replicas.map((r) => r.claim('message:race-1', 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const stored = await t.db.collection('claims').find({ key: 'message:race-1' }).toArray();
    expect(stored).toHaveLength(1);
    expect(['a', 'b', 'c', 'd', 'e'][wins.indexOf(true)]).toBe(stored[0]?.owner);
  });

  test('claimOnce: replicas racing on one message, some claiming once and some the long way: exactly one wins', async () => {
    const replicas = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((owner) => openClaims(t.db, owner)));
    const wins = await Promise.all(replicas.map((r, i) => (i % 2 === 0 ? r.claimOnce('message:race-once', 60_000) : r.claim('message:race-once', 60_000))));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const stored = await t.db.collection('claims').find({ key: 'message:race-once' }).toArray();
    expect(stored).toHaveLength(1);
    expect(['a', 'b', 'c', 'd', 'e', 'f'][wins.indexOf(true)]).toBe(stored[0]?.owner);
    expect(await replicas[0]?.claimOnce('message:race-once', 60_000)).toBe(false);
    expect(await replicas[0]?.claimOnce('message:race-once-2', 60_000)).toBe(true);
  });

  test('the same owner does not win twice, and different keys are independent', async () => {
    const claims = await openClaims(t.db, 'solo');
    expect(await claims.claim('message:k1', 60_000)).toBe(true);
    expect(await claims.claim('message:k1', 60_000)).toBe(false);
    expect(await claims.claim('message:k2', 60_000)).toBe(true);
  });

  test('an expired claim (a lease) can be taken over, once', async () => {
    let now = new Date('2026-11-26T03:00:00Z');
    const first = await openClaims(t.db, 'first', { now: () => now });
    const second = await openClaims(t.db, 'second', { now: () => now });
    const third = await openClaims(t.db, 'third', { now: () => now });
    expect(await first.claim('daily:2026-11-26', 10_000)).toBe(true);
    expect(await second.claim('daily:2026-11-26', 10_000)).toBe(false);
    now = new Date(now.getTime() + 10_001);
    const [b, c] = await Promise.all([second.claim('daily:2026-11-26', 10_000), third.claim('daily:2026-11-26', 10_000)]);
    expect([b, c].filter(Boolean)).toHaveLength(1);
    expect(await first.claim('daily:2026-11-26', 10_000)).toBe(false);
  });

  test('many replicas racing on one expired claim: exactly one takes it over, every time', async () => {
    let now = new Date('2026-11-26T03:00:00Z');
    const replicas = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5'].map((o) => openClaims(t.db, o, { now: () => now })));
    for (let round = 0; round < 20; round++) {
      now = new Date(now.getTime() + 10_001);
      const wins = await Promise.all(replicas.map((r) => r.claim('lease:contended', 10_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  test('a released claim is free again, but only its owner can release it', async () => {
    const owner = await openClaims(t.db, 'owner');
    const other = await openClaims(t.db, 'other');
    expect(await owner.claim('lease:x', 60_000)).toBe(true);
    await other.release('lease:x');
    expect(await other.claim('lease:x', 60_000)).toBe(false);
    await owner.release('lease:x');
    expect(await other.claim('lease:x', 60_000)).toBe(true);
  });

  test('a renewed claim outlives its first lease; after a takeover the old holder’s renewal fails and it gives way', async () => {
    let now = new Date('2026-11-26T03:00:00Z');
    const holder = await openClaims(t.db, 'holder', { now: () => now });
    const other = await openClaims(t.db, 'other', { now: () => now });
    expect(await holder.claim('lease:renewed', 10_000)).toBe(true);
    now = new Date(now.getTime() + 9_000);
    expect(await holder.renew('lease:renewed', 10_000)).toBe(true);
    now = new Date(now.getTime() + 9_000);
    expect(await other.claim('lease:renewed', 10_000)).toBe(false);
    now = new Date(now.getTime() + 1_001);
    expect(await other.claim('lease:renewed', 10_000)).toBe(true);
    expect(await holder.renew('lease:renewed', 10_000)).toBe(false);
    expect(await other.renew('lease:renewed', 10_000)).toBe(true);
    expect(await other.renew('lease:never-claimed', 10_000)).toBe(false);
  });

  test('a holder renewing just as its lease runs out and a replica taking over: never both hold it', async () => {
    const slow = await openClaims(t.db, 'slow');
    const taker = await openClaims(t.db, 'taker');
    for (let round = 0; round < 25; round++) {
      const start = new Date(Date.UTC(2026, 10, 26, 3, round));
      const expiry = new Date(start.getTime() + 10_000);
      expect(await slow.claim(`lease:race-${round}`, 10_000, start)).toBe(true);
      const [renewed, taken] = await Promise.all([slow.renew(`lease:race-${round}`, 10_000, expiry), taker.claim(`lease:race-${round}`, 10_000, expiry)]);
      const takerHolds = taken && (await taker.renew(`lease:race-${round}`, 10_000, expiry));
      expect(renewed && takerHolds, `round ${round}: both hold it`).toBe(false);
    }
  });
});
