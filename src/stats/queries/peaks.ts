/**
 * The database half of Rocket.Chat's `maxMonthlyPeakConnections`. Its collector
 * (apps/meteor/app/statistics/server/lib/statistics.ts) takes Math.max(today's peak held in its own process by
 * Presence.getPeakConnections, Statistics.findMonthlyPeakConnections()?.dailyPeakConnections || 0); the model method
 * (packages/models/src/models/Statistics.ts) picks the stored snapshot with the highest `dailyPeakConnections` among
 * those created since midnight 30 days ago. That stored part is what the bot can know.
 */
import type { Outcome, QueryRunner } from '../query-runner.js';

/**
 * Start of Rocket.Chat's window: 30 days back, at midnight. Rocket.Chat uses its server's local midnight
 * (setDate/setHours); the bot cannot know that zone and takes UTC, the zone of Rocket.Chat's official images.
 */
export function monthlyPeakWindowStart(now: Date): Date {
  const day = new Date(now.getTime());
  day.setUTCDate(day.getUTCDate() - 30);
  day.setUTCHours(0, 0, 0, 0);
  return day;
}

/** The highest `dailyPeakConnections` Rocket.Chat stored in the window; undefined when no snapshot there has one. */
export function storedMonthlyPeak(runner: QueryRunner, now: Date): Promise<Outcome<number | undefined>> {
  const since = monthlyPeakWindowStart(now);
  return runner.run(`monthlyPeakConnections:${since.toISOString()}`, async (options) => {
    const [top] = await runner.db
      .collection<{ dailyPeakConnections?: unknown }>('rocketchat_statistics')
      .find(
        { createdAt: { $gte: since }, dailyPeakConnections: { $type: 'number' } },
        { ...options, sort: { dailyPeakConnections: -1 }, limit: 1, projection: { _id: 0, dailyPeakConnections: 1 } },
      )
      .toArray();
    return typeof top?.dailyPeakConnections === 'number' ? top.dailyPeakConnections : undefined;
  });
}
