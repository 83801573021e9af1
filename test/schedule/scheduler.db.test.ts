/**
 * The daily runner of several replicas sharing the claims and daily records in the test database, driven by a simulated clock:
 * one post per day at the scheduled minute across daylight-saving changes, takeover from a holder that died,
 * a missed run made up once, retries with backoff and then one short notice. The "room" is a list in memory
 * (the real room is exercised in daily-bot.db.test.ts).
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { createDailyPlan } from '../../src/schedule/daily-plan.js';
import { DAILY_POSTS_COLLECTION, type DailyPosts, openDailyPosts } from '../../src/schedule/daily-posts.js';
import { openClaims } from '../../src/store/claims.js';
import { createScheduler, DEFAULT_RETRY, type DailyScheduler, type PostDay } from '../../src/schedule/scheduler.js';
import { addDays, daysBetween } from '../../src/schedule/zoned-time.js';
import { openFileDb } from '../support/db.js';
import { wallInstant } from './support/zone-rules.js';

const t = await openFileDb();
const MINUTE = 60_000;
const silent = pino({ level: 'silent' });

/** One replica's daily posts: its own claims over the shared collections. */
async function postsOf(owner: string): Promise<DailyPosts> {
  return openDailyPosts(t.db, await openClaims(t.db, owner), owner);
}

/** What reached the room. */
interface Posted {
  day: string;
  at: number;
  by: string;
  kind: 'summary' | 'notice';
}

/** A shared simulated clock and a room, for replicas of one deployment. */
function world(zone: string, cron: string, room: string) {
  let now = 0;
  const posted: Posted[] = [];
  const plan = createDailyPlan(cron, zone);
  async function replica(name: string, post?: PostDay, posts?: DailyPosts): Promise<DailyScheduler> {
    return createScheduler({
      plan,
      room,
      posts: posts ?? (await postsOf(name)),
      now: () => new Date(now),
      log: silent,
      post:
        post ??
        (async (day, _at, stillMine) => {
          if (!(await stillMine())) return undefined;
          posted.push({ day, at: now, by: name, kind: 'summary' });
          return [`${name}-${day}`];
        }),
      notifyFailure: async (day) => {
        posted.push({ day, at: now, by: name, kind: 'notice' });
      },
    });
  }
  return {
    plan,
    posted,
    replica,
    set: (ms: number) => {
      now = ms;
    },
    get now() {
      return now;
    },
    /** Every replica ticks at `ms`, concurrently, in a shuffled order. */
    async tickAll(replicas: DailyScheduler[], ms: number) {
      now = ms;
      const order = [...replicas].sort(() => Math.random() - 0.5);
      await Promise.all(order.map((r) => r.tick()));
    },
  };
}

/** Instants of a day to tick at: every 30 minutes, and every minute in the half hour around `hour:minute`. */
function ticksOf(zone: string, day: string, hour: number, minute: number): number[] {
  const start = wallInstant(zone, day, 0, 0);
  const end = wallInstant(zone, addDays(day, 1), 0, 0);
  const around = wallInstant(zone, day, hour, minute);
  const ticks = new Set<number>();
  for (let ms = start; ms < end; ms += 30 * MINUTE) ticks.add(ms);
  for (let ms = around - 15 * MINUTE; ms <= around + 15 * MINUTE; ms += MINUTE) ticks.add(ms);
  return [...ticks].sort((a, b) => a - b);
}

describe('the daily runner across replicas', () => {
  // Ten days around each change of the clocks (Berlin 2026-03-29, New York 2026-11-01): the days that can go wrong,
  // and enough of them that the shuffled replicas share the work.
  test.each([
    ['Europe/Berlin', '2026-03-24', '2026-04-02', 'berlin-spring'],
    ['America/New_York', '2026-10-27', '2026-11-05', 'ny-autumn'],
  ])('three replicas in %s from %s to %s post exactly once a day, at 09:00 there', async (zone, first, last, room) => {
    const w = world(zone, '0 9 * * *', room);
    const replicas = await Promise.all(['r1', 'r2', 'r3'].map((name) => w.replica(name)));
    const days = Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
    for (const day of days) for (const ms of ticksOf(zone, day, 9, 0)) await w.tickAll(replicas, ms);

    expect(w.posted.map((p) => p.day)).toEqual(days);
    for (const post of w.posted) expect(new Date(post.at).toISOString(), post.day).toBe(new Date(wallInstant(zone, post.day, 9, 0)).toISOString());
    const ledger = await t.db.collection(DAILY_POSTS_COLLECTION).find({ room }).toArray();
    expect(ledger.filter((d) => d.state === 'sent').map((d) => d.day).sort()).toEqual(days);
    expect(new Set(w.posted.map((p) => p.by)).size, 'the work is spread over the replicas').toBeGreaterThan(1);
  });

  test('when the replica holding the day dies before sending, another posts once its lease ran out, and the dead one never does', async () => {
    const zone = 'UTC';
    const w = world(zone, '0 9 * * *', 'takeover');
    let wake: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let holding: () => void = () => undefined;
    const holds = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const dying = await w.replica('dying', async (day, _at, stillMine) => {
      holding();
      await asleep;
      if (!(await stillMine())) return undefined;
      w.posted.push({ day, at: w.now, by: 'dying', kind: 'summary' });
      return ['late'];
    });
    const [b, c] = [await w.replica('b'), await w.replica('c')];
    const nine = wallInstant(zone, '2026-11-26', 9, 0);
    w.set(nine);
    const stuck = dying.tick();
    await holds;
    for (let ms = nine; ms <= nine + DEFAULT_RETRY.leaseMs + 5 * MINUTE; ms += MINUTE) await w.tickAll([b, c], ms);
    expect(w.posted).toEqual([{ day: '2026-11-26', at: nine + DEFAULT_RETRY.leaseMs, by: expect.stringMatching(/^[bc]$/), kind: 'summary' }]);
    wake();
    await stuck;
    expect(w.posted).toHaveLength(1);
  });

  test('a run missed while every replica was down is made up once at the first tick after start, and not the next day', async () => {
    const zone = 'Europe/Berlin';
    const w = world(zone, '0 9 * * *', 'makeup');
    // Down over 09:00 on the 26th; the first replica starts at 11:20.
    const first = await w.replica('first');
    await w.tickAll([first], wallInstant(zone, '2026-11-26', 11, 20));
    expect(w.posted.map((p) => [p.day, p.at])).toEqual([['2026-11-26', wallInstant(zone, '2026-11-26', 11, 20)]]);
    // More ticks, and replicas started later the same day (fresh memory), do not post it again.
    const restarted = [await w.replica('first-again'), await w.replica('second')];
    for (let ms = wallInstant(zone, '2026-11-26', 11, 21); ms < wallInstant(zone, '2026-11-27', 0, 0); ms += 7 * MINUTE) await w.tickAll(restarted, ms);
    expect(w.posted).toHaveLength(1);
    // Down over 09:00 on the 27th until 08:00 on the 28th: the 27th is over, nothing is made up.
    const next = await w.replica('next-day');
    await w.tickAll([next], wallInstant(zone, '2026-11-28', 8, 0));
    expect(w.posted).toHaveLength(1);
    await w.tickAll([next], wallInstant(zone, '2026-11-28', 9, 0));
    expect(w.posted.map((p) => p.day)).toEqual(['2026-11-26', '2026-11-28']);
  });

  test('a post that keeps failing is retried with growing waits within the day, then given up with one notice', async () => {
    const zone = 'UTC';
    const w = world(zone, '0 9 * * *', 'failing');
    const tries: number[] = [];
    const failing: PostDay = async () => {
      tries.push(w.now);
      throw new Error('Rocket.Chat answered 503 Service Unavailable');
    };
    const replicas = [await w.replica('x', failing), await w.replica('y', failing), await w.replica('z', failing)];
    const nine = wallInstant(zone, '2026-11-26', 9, 0);
    // Waits of 1, 2, 4, 8, 16, 32 and then 60 minutes (the cap) between eight attempts.
    const expected = [0, 1, 3, 7, 15, 31, 63, 123];
    // Ticks a minute before each expected attempt and at it (an attempt due earlier would happen at the first, one due
    // later not at the second), then every half hour to the end of the day (nothing after giving up). Every minute
    // would cost a ledger round trip per replica per minute: 720 on the slow engine, for the same finding.
    const minutes = [...new Set([...expected.flatMap((m) => [m - 1, m]), ...Array.from({ length: 30 }, (_, i) => 125 + i * 30)])].filter((m) => m >= 0 && m < 15 * 60);
    for (const m of minutes.sort((a, b) => a - b)) await w.tickAll(replicas, nine + m * MINUTE);
    expect(tries.map((ms) => (ms - nine) / MINUTE)).toEqual(expected);
    expect(w.posted).toEqual([{ day: '2026-11-26', at: nine + 123 * MINUTE, by: expect.any(String), kind: 'notice' }]);
    const ledger = await (await postsOf('reader')).find('failing', '2026-11-26');
    expect(ledger).toMatchObject({ state: 'failed', attempts: 8, lastError: 'Rocket.Chat answered 503 Service Unavailable' });
  });

  test('a post that fails twice and then works is posted once, at the third attempt', async () => {
    const zone = 'UTC';
    const w = world(zone, '0 9 * * *', 'flaky');
    let calls = 0;
    const flaky = (name: string): PostDay => async (day, _at, stillMine) => {
      calls++;
      if (calls <= 2) throw new Error('database unavailable');
      if (!(await stillMine())) return undefined;
      w.posted.push({ day, at: w.now, by: name, kind: 'summary' });
      return ['ok'];
    };
    const replicas = [await w.replica('p', flaky('p')), await w.replica('q', flaky('q'))];
    const nine = wallInstant(zone, '2026-11-26', 9, 0);
    for (let ms = nine; ms < nine + 60 * MINUTE; ms += MINUTE) await w.tickAll(replicas, ms);
    expect(w.posted.map((p) => [p.kind, (p.at - nine) / MINUTE])).toEqual([['summary', 3]]);
  });

  test('retries stop at the end of the day: a failing post scheduled late gives up before midnight', async () => {
    const zone = 'UTC';
    const w = world(zone, '30 23 * * *', 'late');
    const tries: number[] = [];
    const replica = await w.replica('late', async () => {
      tries.push(w.now);
      throw new Error('Rocket.Chat answered 502');
    });
    const start = wallInstant(zone, '2026-11-26', 23, 30);
    for (let ms = start; ms < start + 60 * MINUTE; ms += MINUTE) await w.tickAll([replica], ms);
    expect(tries.map((ms) => (ms - start) / MINUTE)).toEqual([0, 1, 3, 7, 15]);
    expect(w.posted.map((p) => [p.kind, p.day, (p.at - start) / MINUTE])).toEqual([['notice', '2026-11-26', 15]]);
  });

  test('while the bot’s own database is unreachable the runner waits and retries; when it is back it posts once', async () => {
    const zone = 'UTC';
    const w = world(zone, '0 9 * * *', 'store-down');
    let reachable = false;
    const real = await postsOf('flaky-store');
    const claims: number[] = [];
    const flakyPosts: DailyPosts = {
      ...real,
      claim: (...args) => {
        claims.push(w.now);
        return reachable ? real.claim(...args) : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:27017'));
      },
    };
    const replica = await w.replica('flaky-store', undefined, flakyPosts);
    const nine = wallInstant(zone, '2026-11-26', 9, 0);
    for (let ms = nine; ms < nine + 10 * MINUTE; ms += MINUTE) await w.tickAll([replica], ms);
    expect(claims.map((ms) => (ms - nine) / MINUTE)).toEqual([0, 1, 3, 7]);
    reachable = true;
    for (let ms = nine + 10 * MINUTE; ms < nine + 30 * MINUTE; ms += MINUTE) await w.tickAll([replica], ms);
    expect(w.posted.map((p) => [p.kind, (p.at - nine) / MINUTE])).toEqual([['summary', 15]]);
  });
});
