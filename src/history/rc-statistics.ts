/**
 * Rocket.Chat's own past: the statistics snapshots it stores in `rocketchat_statistics`, read (never written) as
 * one snapshot per calendar day, the latest of the day winning.
 *
 * How often Rocket.Chat writes them (its source is the judge):
 * - `statistics.save()` (apps/meteor/app/statistics/server/lib/statistics.ts) computes every statistic, sets
 *   `createdAt = new Date()` and inserts one document.
 * - It runs at server start and then daily at minute 12 of the hour the server started (`12 <hour> * * *`), from
 *   apps/meteor/server/cron/statistics.ts (older releases) and apps/meteor/server/cron/usageReport.ts (newer);
 *   in the newer ones `sendUsageReport` (apps/meteor/app/statistics/server/functions/sendUsageReport.ts) reuses
 *   a snapshot younger than 24 hours instead of saving another. Each admin "Refresh" on the Info page
 *   (`GET /api/v1/statistics?refresh=true`, functions/getLastStatistics.ts) saves one more, so a day can hold
 *   several, and a day the server was down holds none.
 * - Expiry: the model (packages/models/src/models/Statistics.ts) indexes `{ createdAt: -1 }` only, so a
 *   workspace keeps every snapshot since it was installed; Rocket.Chat PR #38568 (merged 2026-02) adds a TTL
 *   index `{ createdAt: 1 }, expireAfterSeconds: 31536000`, so releases carrying it keep 365 days.
 * So a real workspace typically holds a year of daily snapshots, or everything since installation on older ones.
 */
import type { Db } from 'mongodb';
import { addDays, type DayKey, dayOf, startOfDay } from '../schedule/zoned-time.js';
import { type DailyNumbers, type DailySnapshot, countOrNull } from './numbers.js';

/** Rocket.Chat's collection of statistics snapshots. */
export const RC_STATISTICS_COLLECTION = 'rocketchat_statistics';

/** The fields of Rocket.Chat's statistics document the history keeps, under the same names. */
const STORED_FIELDS = ['totalUsers', 'activeUsers', 'onlineUsers', 'totalRooms', 'totalMessages', 'uploadsTotal', 'uploadsTotalSize', 'instanceCount'] as const;

/** A bound on the documents read per day asked (a day holds one, plus one per Refresh click and restart); past it the oldest days go unread. */
const MAX_DOCS_PER_DAY = 50;

type StoredDoc = { createdAt?: unknown; version?: unknown } & Partial<Record<(typeof STORED_FIELDS)[number], unknown>>;

/** Reads Rocket.Chat's stored snapshots as daily ones. */
export interface RcStatistics {
  /** One snapshot per day from `from` to `to` (inclusive) in `timeZone`, oldest first; days without any are absent. */
  days(from: DayKey, to: DayKey): Promise<DailySnapshot[]>;
  /** The day of the oldest stored snapshot, if any. */
  oldestDay(): Promise<DayKey | undefined>;
  /** Whether any snapshot was stored before `day` began. */
  anyBefore(day: DayKey): Promise<boolean>;
}

/** A stored Rocket.Chat snapshot as a day of the history; what it does not record is null. */
export function dailyFromRcDoc(doc: StoredDoc, day: DayKey): DailySnapshot {
  const numbers: DailyNumbers = {
    totalUsers: countOrNull(doc.totalUsers),
    activeUsers: countOrNull(doc.activeUsers),
    onlineUsers: countOrNull(doc.onlineUsers),
    totalRooms: countOrNull(doc.totalRooms),
    roomsLast24h: null,
    totalMessages: countOrNull(doc.totalMessages),
    messagesLast24h: null,
    uploadsTotal: countOrNull(doc.uploadsTotal),
    uploadsTotalSize: countOrNull(doc.uploadsTotalSize),
    seatsUsed: null,
    seatsMax: null,
    licenseDaysLeft: null,
    instanceCount: countOrNull(doc.instanceCount),
  };
  return {
    day,
    takenAt: doc.createdAt as Date,
    numbers,
    version: typeof doc.version === 'string' && doc.version ? doc.version : null,
    license: { state: 'unknown', validUntil: null, plan: [], reasons: [] },
    failed: [],
    source: 'rocketchat',
  };
}

/** Rocket.Chat's stored snapshots in `db` (Rocket.Chat's database, read only), days counted in `timeZone`. */
export function openRcStatistics(db: Db, timeZone: string): RcStatistics {
  const collection = db.collection<StoredDoc>(RC_STATISTICS_COLLECTION);
  const projection = Object.fromEntries([['createdAt', 1], ['version', 1], ...STORED_FIELDS.map((f) => [f, 1])]);
  return {
    async days(from, to) {
      if (to < from) return [];
      const range = { $gte: startOfDay(from, timeZone), $lt: startOfDay(addDays(to, 1), timeZone) };
      const span = Math.max(1, Math.round((range.$lt.getTime() - range.$gte.getTime()) / 86_400_000));
      const docs = await collection
        .find({ createdAt: range }, { projection, sort: { createdAt: -1 }, limit: span * MAX_DOCS_PER_DAY })
        .toArray();
      const byDay = new Map<DayKey, StoredDoc>();
      for (const doc of docs) {
        if (!(doc.createdAt instanceof Date)) continue;
        // Newest first: the first snapshot seen of a day is its latest, and it wins.
        const day = dayOf(doc.createdAt, timeZone);
        if (!byDay.has(day)) byDay.set(day, doc);
      }
      return [...byDay].reverse().map(([day, doc]) => dailyFromRcDoc(doc, day));
    },
    async oldestDay() {
      const oldest = await collection.findOne({ createdAt: { $type: 'date' } }, { sort: { createdAt: 1 }, projection: { createdAt: 1 } });
      return oldest?.createdAt instanceof Date ? dayOf(oldest.createdAt, timeZone) : undefined;
    },
    async anyBefore(day) {
      return (await collection.findOne({ createdAt: { $lt: startOfDay(day, timeZone) } }, { projection: { _id: 1 } })) !== null;
    },
  };
}
