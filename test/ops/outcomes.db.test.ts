/**
 * Counters whose events the chat session cannot provoke cheaply, each through the real part that emits them: the daily
 * runner over its ledger in the test database (posted, retry, gave-up, taken-over), and the statistics query runner
 * with a query that outlives its budget. The metrics registry is scraped as text and parsed.
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import type { LinkState } from '../../src/chat/link.js';
import { loadConfig } from '../../src/config.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createDailyPlan } from '../../src/schedule/daily-plan.js';
import { openDailyPosts } from '../../src/schedule/daily-posts.js';
import { openClaims } from '../../src/store/claims.js';
import { createScheduler, type PostDay } from '../../src/schedule/scheduler.js';
import { QueryRunner } from '../../src/stats/query-runner.js';
import { openFileDb } from '../support/db.js';
import { parseMetrics, type Samples } from './support/scrape.js';

const t = await openFileDb();
const silent = pino({ level: 'silent' });
const link = { state: (): LinkState => 'online', onStateChange: () => undefined };

async function samplesOf(metrics: ReturnType<typeof createMetrics>): Promise<Samples> {
  return parseMetrics(await metrics.registry.metrics()).samples;
}

function counters(samples: Samples, prefix: string): Record<string, number> {
  return Object.fromEntries([...samples].filter(([name]) => name.startsWith(prefix)));
}

describe('daily post outcomes', () => {
  test('a failed attempt, its retry that posts, a day taken over by another replica, and a day given up are each counted once', async () => {
    const metrics = createMetrics({ link });
    try {
      let now = Date.parse('2026-03-02T09:00:00Z');
      const plan = createDailyPlan('0 9 * * *', 'UTC');
      let failNext = 1;
      let lose = false;
      const post: PostDay = async (day, _at, stillMine) => {
        if (failNext > 0) {
          failNext--;
          throw new Error('Rocket.Chat did not answer');
        }
        if (lose || !(await stillMine())) return undefined;
        return [`m-${day}`];
      };
      const scheduler = createScheduler({
        plan,
        room: 'ops',
        posts: openDailyPosts(t.db, await openClaims(t.db, 'replica-a'), 'replica-a'),
        post,
        notifyFailure: async () => undefined,
        now: () => new Date(now),
        log: silent,
        retry: { firstDelayMs: 60_000, maxAttempts: 2 },
      });
      await scheduler.tick(); // day 1: fails, handed back for a retry in a minute
      now += 61_000;
      await scheduler.tick(); // day 1: posted
      now = Date.parse('2026-03-03T09:00:00Z');
      lose = true;
      await scheduler.tick(); // day 2: another replica took it over before sending
      now = Date.parse('2026-03-04T09:00:00Z');
      lose = false;
      failNext = 2;
      await scheduler.tick(); // day 3: fails
      now += 61_000;
      await scheduler.tick(); // day 3: fails again, the second and last attempt: given up
      await scheduler.stop(1_000);

      expect(counters(await samplesOf(metrics), 'infobot_daily_posts_total')).toEqual({
        'infobot_daily_posts_total{outcome="retry"}': 2,
        'infobot_daily_posts_total{outcome="posted"}': 1,
        'infobot_daily_posts_total{outcome="taken-over"}': 1,
        'infobot_daily_posts_total{outcome="gave-up"}': 1,
      });
    } finally {
      metrics.close();
    }
  });
});

describe('statistics queries', () => {
  test('a query outliving its budget is a timeout of its figure; a failing one an error; the figure label drops the filter', async () => {
    const metrics = createMetrics({ link });
    try {
      // A 50 ms budget for the query that never ends; the real query gets a budget a loaded machine cannot miss.
      const runner = new QueryRunner({ db: t.db, timeoutMs: 50, concurrency: 2 });
      const patient = new QueryRunner({ db: t.db, timeoutMs: 20_000, concurrency: 1 });
      // Honours the abort signal as the driver does.
      const hang = ({ signal }: { signal: AbortSignal }) =>
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      const outcomes = await Promise.all([
        runner.run('count:users:{"createdAt":{"$gte":"2026-03-02T00:00:00.000Z"}}', hang),
        runner.run('settings', () => Promise.reject(new Error('not authorized on rocketchat'))),
        patient.run('estimated:rocketchat_room', ({ maxTimeMS }) => t.db.collection('rocketchat_room').estimatedDocumentCount({ maxTimeMS })),
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([false, false, true]);
      const samples = await samplesOf(metrics);
      expect(counters(samples, 'infobot_stats_query_timeouts_total')).toEqual({ 'infobot_stats_query_timeouts_total{figure="count:users"}': 1 });
      expect(counters(samples, 'infobot_stats_query_errors_total')).toEqual({ 'infobot_stats_query_errors_total{figure="settings"}': 1 });
      expect(counters(samples, 'infobot_stats_query_duration_seconds_count')).toEqual({
        'infobot_stats_query_duration_seconds_count{figure="count:users"}': 1,
        'infobot_stats_query_duration_seconds_count{figure="estimated:rocketchat_room"}': 1,
        'infobot_stats_query_duration_seconds_count{figure="settings"}': 1,
      });
    } finally {
      metrics.close();
    }
  });
});

describe('INFOBOT_HTTP_PORT', () => {
  const base = { ROCKETCHAT_URL: 'https://chat.example.com', ROCKETCHAT_USER: 'infobot', ROCKETCHAT_PASSWORD: 'x', MONGO_URL: 'mongodb://m:27017/rocketchat' };
  test('defaults to 8080, takes a port or `off`, and refuses anything else naming the fix', () => {
    expect(loadConfig(base).httpPort).toBe(8080);
    expect(loadConfig({ ...base, INFOBOT_HTTP_PORT: '9102' }).httpPort).toBe(9102);
    expect(loadConfig({ ...base, INFOBOT_HTTP_PORT: 'OFF' }).httpPort).toBeNull();
    for (const bad of ['http', '70000', '-1', '80 81']) {
      expect(() => loadConfig({ ...base, INFOBOT_HTTP_PORT: bad })).toThrow(/INFOBOT_HTTP_PORT: must be a port number from 0 to 65535, or off/);
    }
  });
});
