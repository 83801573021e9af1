/**
 * Figures for workspaces that give the bot no database access (issue 18): Rocket.Chat's own statistics snapshot,
 * read through REST with the bot's session. GET /api/v1/statistics answers the last saved snapshot, or a fresh one
 * with `refresh=true` (apps/meteor/app/api/server/v1/stats.ts → statistics/server/functions/getLastStatistics.ts),
 * which is what the Info page's Refresh button asks for.
 */
import { type RestClient, RestError } from '../../chat/rest.js';
import { USAGE_FIELDS, type UsageInfo } from '../collectors/usage.js';
import type { StatisticsSnapshot } from '../snapshot.js';
import type { Sourced } from '../types.js';

/** A REST figure the bot account may not read; `message` is the one line a chat answer shows. */
export class MissingPermissionError extends Error {
  readonly permission: string;
  constructor(permission: string, message: string) {
    super(message);
    this.name = 'MissingPermissionError';
    this.permission = permission;
  }
}

/** getLastStatistics throws Error('error-not-allowed') without view-statistics: the API answers 400 with that text. */
function isNotAllowed(error: unknown): boolean {
  return error instanceof RestError && error.status === 400 && error.message.endsWith(': error-not-allowed');
}

/** Reads Rocket.Chat's snapshot; `refresh` makes Rocket.Chat compute and save a new one first. */
export async function readRestSnapshot(rest: RestClient, options: { refresh?: boolean } = {}): Promise<StatisticsSnapshot> {
  let doc: Record<string, unknown>;
  try {
    doc = await rest.get<Record<string, unknown>>('statistics', options.refresh ? { refresh: 'true' } : {});
  } catch (error) {
    if (isNotAllowed(error)) {
      throw new MissingPermissionError(
        'view-statistics',
        "The bot account lacks the view-statistics permission, so Rocket.Chat will not show it its statistics (GET /api/v1/statistics): give the bot a role that holds it.",
      );
    }
    throw error;
  }
  const { success: _success, ...stats } = doc;
  const createdAt = new Date(String(stats.createdAt));
  if (Number.isNaN(createdAt.getTime())) throw new Error('Rocket.Chat answered GET /api/v1/statistics without a snapshot date (createdAt).');
  return { id: String(stats._id), createdAt, doc: stats };
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
