/**
 * The history with Rocket.Chat's past behind it: the bot's own daily snapshots, and for the days the bot has none,
 * the day's latest snapshot Rocket.Chat stored itself. The bot's own day wins where both exist (it also holds the
 * license, seats and the counts of the last 24 hours). Writes and retention act on the bot's own snapshots only:
 * Rocket.Chat's database is never written.
 */
import { addDays, type DayKey } from '../schedule/zoned-time.js';
import { baselineDays } from './deltas.js';
import type { DailySnapshot } from './numbers.js';
import type { RcStatistics } from './rc-statistics.js';
import type { History } from './snapshots.js';

/** Both sources, one day each, oldest first. */
function merge(own: readonly DailySnapshot[], rc: readonly DailySnapshot[]): DailySnapshot[] {
  const byDay = new Map<DayKey, DailySnapshot>();
  for (const snapshot of rc) byDay.set(snapshot.day, snapshot);
  for (const snapshot of own) byDay.set(snapshot.day, snapshot);
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** The bot's history, read together with Rocket.Chat's stored snapshots. */
export function withRocketChatPast(own: History, rc: RcStatistics): History {
  return {
    save: (snapshot) => own.save(snapshot),
    prune: (today, keepDays) => own.prune(today, keepDays),
    async baseline(day) {
      const days = baselineDays(day);
      const [mine, theirs, rcOlder] = await Promise.all([own.baseline(day), rc.days(days.weekAgo, days.yesterday), rc.anyBefore(day)]);
      const fromRc = new Map(theirs.map((s) => [s.day, s]));
      return {
        yesterday: mine.yesterday ?? fromRc.get(days.yesterday),
        weekAgo: mine.weekAgo ?? fromRc.get(days.weekAgo),
        hasHistory: mine.hasHistory || rcOlder,
      };
    },
    async recent(day, limit) {
      // Here `limit` is calendar days: the days from `limit - 1` days before `day` up to `day`.
      const from = addDays(day, -limit + 1);
      const [mine, theirs] = await Promise.all([own.recent(day, limit), rc.days(from, day)]);
      return merge(
        mine.filter((s) => s.day >= from),
        theirs,
      ).reverse();
    },
    async extent() {
      const [mine, rcOldest] = await Promise.all([own.extent(), rc.oldestDay()]);
      if (!rcOldest) return mine;
      const oldest = mine.oldest && mine.oldest < rcOldest ? mine.oldest : rcOldest;
      return { oldest, days: mine.days, rocketChatSince: rcOldest };
    },
  };
}
