/** The daily posts: one holder per (room, day) through the bot's claims, leases that run out, retries handed back, final states. */
import { describe, expect, test } from 'vitest';
import { type ClaimResult, DAILY_POSTS_COLLECTION, dailyClaimKey, type DailyPosts, type Hold, openDailyPosts } from '../../src/schedule/daily-posts.js';
import { openClaims } from '../../src/store/claims.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);
const LEASE = 10 * 60_000;

/** One replica's view: its own claims (owner) over the shared collections. */
async function replica(owner: string): Promise<DailyPosts> {
  return openDailyPosts(t.db, await openClaims(t.db, owner), owner);
}

function held(result: ClaimResult): Hold {
  if (result.kind !== 'claimed') throw new Error(`expected to hold the day, got ${JSON.stringify(result)}`);
  return result.hold;
}

describe('the daily posts', () => {
  test('five replicas asking for the same day at the same instant: exactly one holds it', async () => {
    const owners = ['a', 'b', 'c', 'd', 'e'];
    const now = at('2026-11-26T09:00:00Z');
    const posts = await Promise.all(owners.map(replica));
    const results = await Promise.all(posts.map((p) => p.claim('ops', '2026-11-26', now, LEASE)));
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    const stored = await t.db.collection('claims').find({ key: dailyClaimKey('ops', '2026-11-26') }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.owner).toBe(owners[results.findIndex((r) => r.kind === 'claimed')]);
    for (const result of results.filter((r) => r.kind !== 'claimed')) expect(result).toEqual({ kind: 'busy' });
  });

  test('rooms and days are independent keys', async () => {
    const posts = await replica('solo');
    const now = at('2026-11-26T09:00:00Z');
    expect((await posts.claim('room-1', '2026-11-26', now, LEASE)).kind).toBe('claimed');
    expect((await posts.claim('room-2', '2026-11-26', now, LEASE)).kind).toBe('claimed');
    expect((await posts.claim('room-1', '2026-11-27', now, LEASE)).kind).toBe('claimed');
    expect((await posts.claim('room-1', '2026-11-26', now, LEASE)).kind).toBe('busy');
  });

  test('a holder that dies lets its lease run out; then one other replica takes over, and the dead one may no longer send', async () => {
    const start = at('2026-11-27T09:00:00Z');
    const dead = held(await (await replica('dead')).claim('ops', '2026-11-27', start, LEASE));
    const [b, c] = [await replica('b'), await replica('c')];
    expect((await b.claim('ops', '2026-11-27', plus(start, LEASE - 1), LEASE)).kind).toBe('busy');
    const later = plus(start, LEASE);
    const [rb, rc] = await Promise.all([b.claim('ops', '2026-11-27', later, LEASE), c.claim('ops', '2026-11-27', later, LEASE)]);
    expect([rb.kind, rc.kind].sort()).toEqual(['busy', 'claimed']);
    expect(await dead.renew(later, LEASE)).toBe(false);
    const winner = held(rb.kind === 'claimed' ? rb : rc);
    expect(await winner.renew(later, LEASE)).toBe(true);
    await winner.markSent(later, ['m1']);
    expect(await b.find('ops', '2026-11-27')).toMatchObject({ state: 'sent', messageIds: ['m1'], owner: rb.kind === 'claimed' ? 'b' : 'c' });
  });

  test('a slow holder renewing just as its lease runs out and a replica taking over never both go on to send', async () => {
    const [slowPosts, takerPosts] = [await replica('slow'), await replica('taker')];
    for (let round = 0; round < 25; round++) {
      const day = `2027-01-${String(round + 1).padStart(2, '0')}`;
      const start = at(`${day}T09:00:00Z`);
      const slow = held(await slowPosts.claim('race', day, start, LEASE));
      const expiry = plus(start, LEASE);
      const [renewed, taken] = await Promise.all([slow.renew(expiry, LEASE), takerPosts.claim('race', day, expiry, LEASE)]);
      const takerProceeds = taken.kind === 'claimed' && (await taken.hold.renew(expiry, LEASE));
      expect(renewed && takerProceeds, `round ${round}: both would send`).toBe(false);
    }
  });

  test('a sent day is final: no replica can claim it again, even at the end of the day, and a late holder cannot undo it', async () => {
    const now = at('2026-11-28T09:00:00Z');
    const late = held(await (await replica('a')).claim('ops', '2026-11-28', now, LEASE));
    const b = await replica('b');
    const winner = held(await b.claim('ops', '2026-11-28', plus(now, LEASE), LEASE));
    await winner.markSent(plus(now, LEASE), ['m']);
    await late.release(plus(now, LEASE + 60_000), 'Rocket.Chat answered 503', 1);
    expect(await b.claim('ops', '2026-11-28', at('2026-11-28T23:59:00Z'), LEASE)).toMatchObject({ kind: 'done', state: 'sent' });
    expect(await b.find('ops', '2026-11-28')).toMatchObject({ state: 'sent', messageIds: ['m'], owner: 'b' });
  });

  test('a failed attempt hands the day back until its retry time, and the next holder inherits the count of attempts', async () => {
    const a = await replica('a');
    const b = await replica('b');
    await held(await a.claim('ops', '2026-11-29', at('2026-11-29T09:00:00Z'), LEASE)).release(at('2026-11-29T09:02:00Z'), 'Rocket.Chat answered 503', 1);
    expect(await b.find('ops', '2026-11-29')).toMatchObject({ state: 'retrying', attempts: 1, retryAt: at('2026-11-29T09:02:00Z') });
    expect(await b.claim('ops', '2026-11-29', at('2026-11-29T09:01:59Z'), LEASE)).toEqual({ kind: 'busy' });
    const second = held(await b.claim('ops', '2026-11-29', at('2026-11-29T09:02:00Z'), LEASE));
    expect(second.attempts).toBe(1);
    await second.markFailed(at('2026-11-29T09:03:00Z'), 'gave up', 2);
    expect(await a.claim('ops', '2026-11-29', at('2026-11-29T10:00:00Z'), LEASE)).toMatchObject({ kind: 'done', state: 'failed' });
    expect(await a.find('ops', '2026-11-29')).toMatchObject({ state: 'failed', attempts: 2, lastError: 'gave up', owner: 'b' });
  });

  test('a final record of the ledger this replaced (one document per attempt) still counts: the day is not posted again', async () => {
    await t.db.collection(DAILY_POSTS_COLLECTION).insertOne({ _id: '2026-11-30|ops|0' as never, room: 'ops', day: '2026-11-30', generation: 0, state: 'sent' });
    expect(await (await replica('upgraded')).claim('ops', '2026-11-30', at('2026-11-30T10:00:00Z'), LEASE)).toMatchObject({ kind: 'done', state: 'sent' });
  });

  test('pruning deletes the records of days before the cut-off and keeps the rest', async () => {
    const posts = await replica('pruner');
    const now = at('2026-01-10T09:00:00Z');
    for (const day of ['2025-12-30', '2025-12-31', '2026-01-01']) await held(await posts.claim('prune-room', day, now, LEASE)).markSent(now, [day]);
    await posts.pruneBefore('2026-01-01');
    const left = await t.db.collection(DAILY_POSTS_COLLECTION).find({ room: 'prune-room' }).toArray();
    expect(left.map((d) => d.day)).toEqual(['2026-01-01']);
  });
});
