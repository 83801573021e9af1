/**
 * Figures for workspaces that give the bot no database access (issue 18): Rocket.Chat's own statistics snapshot,
 * read through REST with the bot's session. GET /api/v1/statistics answers the last saved snapshot, or a fresh one
 * with `refresh=true` (apps/meteor/app/api/server/v1/stats.ts → statistics/server/functions/getLastStatistics.ts),
 * which is what the Info page's Refresh button asks for.
 */
import { USAGE_FIELDS, type UsageInfo } from '../collectors/usage.js';
import type { StatisticsSnapshot } from '../snapshot.js';
import type { Sourced } from '../types.js';
import { readGuarded, type RestReader } from './endpoints.js';

export { MissingPermissionError } from './endpoints.js';

/** A snapshot document as the API sends it (dates as ISO text), made a StatisticsSnapshot. */
export function snapshotOf(doc: Record<string, unknown>): StatisticsSnapshot {
  const { success: _success, ...stats } = doc;
  const createdAt = new Date(String(stats.createdAt));
  if (Number.isNaN(createdAt.getTime())) throw new Error('Rocket.Chat answered a statistics snapshot without its date (createdAt).');
  return { id: String(stats._id), createdAt, doc: stats };
}

/**
 * A refresh answers only once Rocket.Chat has computed every statistic and saved them (statistics.save()), seconds to
 * minutes on a large workspace: it gets as long as the command line's refresh (compare/cli-refresh.ts), not the
 * session's deadline for ordinary calls.
 */
const REFRESH_MS = 120_000;

/** Reads Rocket.Chat's snapshot; `refresh` makes Rocket.Chat compute and save a new one first. */
export async function readRestSnapshot(rest: RestReader, options: { refresh?: boolean } = {}): Promise<StatisticsSnapshot> {
  // refresh is a string parameter ('true' | 'false') in Rocket.Chat's isStatisticsProps.
  const query: Record<string, string> = options.refresh ? { refresh: 'true' } : {};
  return snapshotOf(await readGuarded<Record<string, unknown>>(rest, 'statistics', 'statistics', query, options.refresh ? { timeoutMs: REFRESH_MS } : {}));
}

/** One snapshot field as a sourced figure: Rocket.Chat's value as of the snapshot, or `unavailable`. */
function snapshotFigure(snapshot: StatisticsSnapshot, field: string): Sourced<number> {
  const value = snapshot.doc[field];
  // Rocket.Chat stores NaN (sent as null) for a message total when a room lacks `msgs`: no number to show.
  if (typeof value !== 'number' || Number.isNaN(value)) return { value: null, source: 'unavailable' };
  return { value, source: 'snapshot', asOf: snapshot.createdAt };
}

/** The usage card's numbers exactly as Rocket.Chat's snapshot holds them. */
export function usageFromSnapshot(snapshot: StatisticsSnapshot): UsageInfo {
  return Object.fromEntries(USAGE_FIELDS.map((field) => [field, snapshotFigure(snapshot, field)])) as UsageInfo;
}
