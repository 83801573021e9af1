/**
 * The numbers the daily post shows and the history keeps: plain counts (no license text, no names), each null when
 * it could not be computed that day.
 */

/** The tracked counts, by name. */
export const METRICS = [
  'totalUsers',
  'activeUsers',
  'onlineUsers',
  'totalRooms',
  'roomsLast24h',
  'totalMessages',
  'messagesLast24h',
  'uploadsTotal',
  'uploadsTotalSize',
  'seatsUsed',
  'seatsMax',
  'licenseDaysLeft',
  'instanceCount',
] as const;

/** One tracked count's name. */
export type Metric = (typeof METRICS)[number];

/** A day's counts; null where the count could not be computed. */
export type DailyNumbers = Record<Metric, number | null>;

/** Where the license stood: a valid one, an invalid one, none installed, or not readable that day. */
export type LicenseState = 'valid' | 'invalid' | 'none' | 'unknown';

/** The license facts a snapshot keeps: the verdict's outline, never the license itself. */
export interface LicenseSummary {
  state: LicenseState;
  /** ISO date the license stops being valid; null when open-ended or unknown. */
  validUntil: string | null;
  /** Plan tags, e.g. `Enterprise`. */
  plan: string[];
  /** The verifier's reasons when the license is not valid. */
  reasons: string[];
}

/** One day's snapshot of the workspace. */
export interface DailySnapshot {
  day: string;
  takenAt: Date;
  numbers: DailyNumbers;
  /** Rocket.Chat's version that day. */
  version: string | null;
  license: LicenseSummary;
  /** What could not be computed that day. */
  failed: string[];
  /** Counts the day's source does not give at all (REST-only mode: those of the last 24 hours, history/collect.ts). */
  notCounted?: Metric[];
  /** Who recorded the day: the bot's own daily run (the default), or Rocket.Chat's stored statistics. */
  source?: 'bot' | 'rocketchat';
}

/** A value of unknown shape as a count, or null. */
export function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
