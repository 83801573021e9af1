/**
 * What makes the daily runner look at the clock. In production node-cron ticks at the start of every minute; the
 * runner then decides from the clock alone whether a post is due, so a daylight-saving change, a suspended host or
 * a restart cannot make it skip or double a day. Tests tick by hand with a simulated clock.
 */
import type { Logger } from 'pino';
import { type ScheduledTask, schedule } from 'node-cron';

/** Starts calling `tick` with the minute it is for; returns how to stop. */
export type Ticker = (tick: (slot: Date) => Promise<void>) => { stop(): void };

/**
 * node-cron, once a minute: one task for the whole bot, calling every runner registered on it (the daily summary,
 * the alert checks). Each runner keeps at most one run of its own in flight, so one runner's long run never
 * holds back another's minute.
 */
export function cronTicker(log: Logger): Ticker {
  const cronLog = log.child({ component: 'node-cron' });
  const ticks = new Set<(slot: Date) => Promise<void>>();
  let task: ScheduledTask | undefined;
  return (tick) => {
    ticks.add(tick);
    task ??= schedule('* * * * *', async (context) => void (await Promise.all([...ticks].map((run) => run(context.date)))), {
      name: 'infobot-scheduler',
      logger: {
        info: (message) => cronLog.debug(message),
        warn: (message) => cronLog.warn(message),
        error: (message, err) => cronLog.error({ err: err ?? message }, typeof message === 'string' ? message : 'node-cron error'),
        debug: (message) => cronLog.debug({ detail: String(message) }, 'node-cron'),
      },
    });
    return {
      stop: () => {
        ticks.delete(tick);
        if (ticks.size === 0) {
          void task?.destroy();
          task = undefined;
        }
      },
    };
  };
}
