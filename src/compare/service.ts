/**
 * `/info compare` and `infobot stats --compare`: the bot's numbers computed now beside Rocket.Chat's last stored
 * snapshot (Statistics.findLast(), what the Info page shows), or beside a snapshot Rocket.Chat saved just now when the
 * admin confirmed a refresh.
 */
import type { Db } from 'mongodb';
import type { StatsService } from '../stats/service.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';
import { statisticsFile } from '../stats/statistics-file.js';
import { type Comparison, compareWithSnapshot } from './compare.js';
import { countSince, readNewestSnapshot } from './evidence.js';

/** What a comparison needs. */
export interface CompareDeps {
  db: Db;
  stats: StatsService;
  now: () => Date;
}

/** No snapshot to compare with: Rocket.Chat never saved one in this database. */
export interface NoSnapshot {
  kind: 'no-snapshot';
}

/**
 * Compares the bot's statistics, recomputed now, with `fresh` (a snapshot Rocket.Chat just saved) or with the newest
 * stored one. The bot's side is computed after the snapshot is in hand, so the fields it copies from the snapshot
 * come from that same one.
 */
export async function compareNow(deps: CompareDeps, fresh?: StatisticsSnapshot): Promise<(Comparison & { kind: 'comparison' }) | NoSnapshot> {
  const snapshot = fresh ?? (await readNewestSnapshot(deps.db));
  if (!snapshot) return { kind: 'no-snapshot' };
  const result = await deps.stats.get(['document'], { refresh: true });
  // Counted after the bot's sums: every message its counters include is in the count (the bot's own "computing…"
  // notice may land meanwhile), so "time passed" is told by the counters moving by no more than what was stored.
  const since = await countSince(deps.db, snapshot.createdAt);
  const comparison = compareWithSnapshot({
    ours: statisticsFile(result.document),
    semantics: result.semantics,
    snapshot,
    refreshed: fresh !== undefined,
    since,
    now: deps.now(),
  });
  return { kind: 'comparison', ...comparison };
}
