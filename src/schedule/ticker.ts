/**
 * What makes the daily runner look at the clock. In production node-cron ticks at the start of every minute; the
 * runner then decides from the clock alone whether a post is due, so a daylight-saving change, a suspended host or
 * a restart cannot make it skip or double a day. Tests tick by hand with a simulated clock.
 */
import type { Logger } from 'pino';
import { schedule } from 'node-cron';

/** Starts calling `tick` with the minute it is for; returns how to stop. */
export type Ticker = (tick: (slot: Date) => Promise<void>) => { stop(): void };

/** node-cron, once a minute; its own log lines go to the bot's logger. */
export function cronTicker(log: Logger): Ticker {
  const cronLog = log.child({ component: 'node-cron' });
  return (tick) => {
    const task = schedule('* * * * *', (context) => tick(context.date), {
      name: 'infobot-daily-summary',
      noOverlap: true,
      logger: {
        info: (message) => cronLog.debug(message),
        warn: (message) => cronLog.warn(message),
        error: (message, err) => cronLog.error({ err: err ?? message }, typeof message === 'string' ? message : 'node-cron error'),
        debug: (message) => cronLog.debug({ detail: String(message) }, 'node-cron'),
      },
    });
    return { stop: () => void task.destroy() };
  };
}
