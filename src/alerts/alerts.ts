/**
 * The alerts, wired: readings from the same collection as the daily post (cached statistics, the license verdict)
 * and the backfilled history, state in the bot's own data (its database or the data file), posts to INFOBOT_ALERT_ROOM, checks on the bot's one
 * ticker.
 */
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ChatApi } from '../chat/chat-api.js';
import type { Config } from '../config.js';
import { collectDay } from '../history/collect.js';
import type { History } from '../history/snapshots.js';
import type { Ticker } from '../schedule/ticker.js';
import { addDays, dayOf } from '../schedule/zoned-time.js';
import type { StatsService } from '../stats/service.js';
import type { Claims } from '../store/claims.js';
import type { AlertReading } from './conditions.js';
import { alertText, type AlertRunner, createAlertRunner } from './runner.js';
import type { AlertState } from './state.js';

/** What the alerts are built from. */
export interface AlertsDeps {
  config: Config;
  stats: StatsService;
  /** Rocket.Chat's database (read only); absent in REST-only mode (no counts of the last 24 hours). */
  rcDb?: Db;
  /** The alerts' state in the bot's own data. */
  state: AlertState;
  claims: Claims;
  history: History;
  chat: ChatApi;
  log: Logger;
  now(): Date;
  ticker: Ticker;
}

/** Days of history a jump is measured against (and a little more for gaps). */
const HISTORY_DAYS = 40;

/** Starts the checks on the ticker; returns how to stop them. */
export function startAlerts(deps: AlertsDeps): { runner: AlertRunner; stop(): void } {
  const { alerts, daily } = deps.config;
  const collect = { stats: deps.stats, ...(deps.rcDb ? { db: deps.rcDb } : {}), queryTimeoutMs: 10_000 };
  let roomId: string | undefined;
  const runner = createAlertRunner({
    cron: alerts.cron,
    timeZone: daily.timeZone,
    thresholds: alerts,
    claims: deps.claims,
    state: deps.state,
    async read(now): Promise<AlertReading> {
      const today = dayOf(now, daily.timeZone);
      const [current, history] = await Promise.all([
        collectDay(collect, today, now, { refresh: false }).catch(() => undefined),
        deps.history.recent(addDays(today, -1), HISTORY_DAYS),
      ]);
      return { now, current, history };
    },
    async post(kind, text) {
      roomId ??= (await deps.chat.findRoom(alerts.room)).id;
      await deps.chat.sendMessage(roomId, { text: alertText(kind, text) });
    },
    now: deps.now,
    log: deps.log,
  });
  const ticking = deps.ticker((slot) => runner.tick(slot));
  deps.log.info({ cron: alerts.cron, room: alerts.room }, 'alerts scheduled');
  return { runner, stop: () => ticking.stop() };
}
