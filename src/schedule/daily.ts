/**
 * The daily summary, wired: the plan from INFOBOT_DAILY_CRON and INFOBOT_TIMEZONE, the day's claim, record and
 * history in the bot's own data (its database or the data file), the poster over chat, the runner, and its ticker. The first tick runs at once,
 * which is how a post missed while the bot was down is made up.
 */
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ChatApi } from '../chat/chat-api.js';
import type { Config } from '../config.js';
import { renderChart } from '../charts/render.js';
import { dailyChart } from '../charts/trend.js';
import { collectDay } from '../history/collect.js';
import type { History } from '../history/snapshots.js';
import type { StatsService } from '../stats/service.js';
import { createDailyPlan, type DailyPlan } from './daily-plan.js';
import { createDailyPoster } from './daily-post.js';
import type { DailyPosts } from './daily-posts.js';
import { createScheduler, type DailyScheduler, type RetryPolicy } from './scheduler.js';
import type { Ticker } from './ticker.js';

/** What the daily summary is built from. */
export interface DailySummaryDeps {
  settings: Config['daily'];
  stats: StatsService;
  /** Rocket.Chat's database (read only), for the counts of the last 24 hours; absent in REST-only mode. */
  rcDb?: Db;
  /** The history the changes are read from and the day is saved to (with Rocket.Chat's stored past behind it). */
  history: History;
  /** Who holds which day and what became of it, as this replica sees them (the bot's own data). */
  posts: DailyPosts;
  chat: ChatApi;
  log: Logger;
  now(): Date;
  ticker: Ticker;
  queryTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** A running daily summary. */
export interface DailySummary {
  plan: DailyPlan;
  scheduler: DailyScheduler;
  /** Stops the ticker and waits up to `deadlineMs` for a post in progress. */
  stop(deadlineMs: number): Promise<void>;
}

/** Starts the schedule; the first look at the clock happens at once. */
export function startDailySummary(deps: DailySummaryDeps): DailySummary {
  const { settings, log } = deps;
  const plan = createDailyPlan(settings.cron, settings.timeZone);
  const { history, posts } = deps;
  const collect = { stats: deps.stats, ...(deps.rcDb ? { db: deps.rcDb } : {}), queryTimeoutMs: deps.queryTimeoutMs ?? 10_000 };
  const poster = createDailyPoster({
    collect: (day, now) => collectDay(collect, day, now),
    history,
    keepDays: settings.historyDays,
    pruneLedger: (before) => posts.pruneBefore(before),
    chat: deps.chat,
    room: settings.room,
    log,
    async chartOf(day) {
      const image = renderChart(dailyChart(await history.recent(day, 30), day, plan.timeZone));
      return { fileName: `daily-${day}.png`, contentType: 'image/png', content: image.png, description: `The last 30 days up to ${day}` };
    },
  });
  const scheduler = createScheduler({
    plan,
    room: settings.room,
    posts,
    post: poster.post,
    notifyFailure: poster.notifyFailure,
    now: deps.now,
    log,
    ...(deps.retry ? { retry: deps.retry } : {}),
  });
  const ticking = deps.ticker((slot) => scheduler.tick(slot));
  void scheduler.tick();
  log.info(
    { cron: plan.expression, timeZone: plan.timeZone, room: settings.room, next: plan.nextAfter(deps.now())?.at.toISOString() },
    'daily summary scheduled',
  );
  return {
    plan,
    scheduler,
    async stop(deadlineMs) {
      ticking.stop();
      await scheduler.stop(deadlineMs);
    },
  };
}
