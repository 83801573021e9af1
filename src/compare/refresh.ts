/**
 * The Info page's Refresh, done for the admin only after they confirmed it: GET /api/v1/statistics?refresh=true runs
 * `statistics.save()` (apps/meteor/app/api/server/v1/stats.ts → app/statistics/server/functions/getLastStatistics.ts).
 * What that does in Rocket.Chat, read in app/statistics/server/lib/statistics.ts, is what the admin is told first.
 * Confirmation codes live in the bot's own database, so whichever replica sees the confirmation can act; a code is
 * good once, for its requester, for ten minutes.
 */
import type { Collection, Db } from 'mongodb';
import { newCode, normaliseCode } from '../confirm/codes.js';

/** How long a refresh code is valid. */
export const REFRESH_CODE_TTL_MS = 10 * 60_000;

/**
 * What a refresh does in Rocket.Chat, each from statistics.ts:
 * - `save()` inserts the document `get()` computed into rocketchat_statistics (`Statistics.insertOne`): it becomes the
 *   snapshot the Info page, `statistics.list` and the bot's history read;
 * - `get()` pushes `Analytics.resetSeatRequestCount()`: the count of "Request seats" clicks goes back to 0;
 * - `get()` (7.0+) reads the presence service's peak with `Presence.getPeakConnections(true)`, which resets it: the
 *   next snapshot's dailyPeakConnections counts from now;
 * - `get()` runs every statistics query on Rocket.Chat's database, from Rocket.Chat's server (all rooms are loaded
 *   for the message totals): on a large workspace that takes a while.
 */
export function refreshConsequences(major: number): string[] {
  return [
    'saves a new statistics snapshot in rocketchat_statistics (it becomes what the Info page, statistics.list and the bot’s history show)',
    'resets the seat-request counter (the “Request seats” clicks counted since the last statistics) to 0',
    ...(major >= 7 ? ['reads and resets the presence service’s peak-connection counter, so the next snapshot’s daily peak counts from now'] : []),
    'runs every statistics query on Rocket.Chat’s server and database now (heavy on a large workspace)',
  ];
}

interface RefreshRequest {
  _id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

/** Why a code was not taken. */
export type ConfirmRefusal = 'unknown' | 'expired' | 'used';

/** Pending refresh confirmations. */
export interface RefreshRequests {
  create(userId: string): Promise<{ code: string; expiresAt: Date }>;
  /** Takes the code for `userId`: true exactly once, within its time; otherwise why not. */
  consume(code: string, userId: string): Promise<true | ConfirmRefusal>;
}

/** Opens the confirmations collection in the bot's database. */
export function openRefreshRequests(db: Db, now: () => Date, collectionName = 'statistics_refresh_requests'): RefreshRequests {
  const collection: Collection<RefreshRequest> = db.collection<RefreshRequest>(collectionName);
  return {
    async create(userId) {
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + REFRESH_CODE_TTL_MS);
      const code = newCode();
      await collection.insertOne({ _id: code, userId, createdAt, expiresAt });
      return { code, expiresAt };
    },
    async consume(typed, userId) {
      const code = normaliseCode(typed);
      const at = now();
      // One atomic update: across replicas only one confirmation takes the code.
      const taken = await collection.findOneAndUpdate({ _id: code, userId, usedAt: { $exists: false }, expiresAt: { $gt: at } }, { $set: { usedAt: at } });
      if (taken) return true;
      const found = await collection.findOne({ _id: code, userId });
      if (!found) return 'unknown';
      return found.usedAt ? 'used' : 'expired';
    },
  };
}
