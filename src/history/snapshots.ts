/**
 * The history: one snapshot of the numbers per day in the bot's own database, `_id` the day, so a retried run
 * replaces that day's snapshot instead of adding one. Retention is an explicit delete of days older than the
 * limit, which every engine does (FerretDB has no TTL indexes).
 */
import type { Collection, Db } from 'mongodb';
import { addDays, type DayKey } from '../schedule/zoned-time.js';
import { type Baseline, baselineDays } from './deltas.js';
import type { DailySnapshot } from './numbers.js';

/** The collection's name in the bot's database. */
export const HISTORY_COLLECTION = 'history';

type SnapshotDoc = DailySnapshot & { _id: DayKey };

/** Reading and writing the history. */
export interface History {
  /** Stores the day's snapshot, replacing one stored earlier that day. */
  save(snapshot: DailySnapshot): Promise<void>;
  /** The snapshots `day` is compared with. */
  baseline(day: DayKey): Promise<Baseline>;
  /** Up to `limit` snapshots up to and including `day`, newest first. */
  recent(day: DayKey, limit: number): Promise<DailySnapshot[]>;
  /** The oldest day and how many days the bot stored; with Rocket.Chat's past behind it, where that begins. */
  extent(): Promise<{ oldest: DayKey | undefined; days: number; rocketChatSince?: DayKey }>;
  /** Deletes snapshots of days more than `keepDays` before `today`; returns how many went. */
  prune(today: DayKey, keepDays: number): Promise<number>;
}

function fromDoc(doc: SnapshotDoc): DailySnapshot {
  const { _id, ...snapshot } = doc;
  return snapshot;
}

/** The history over the bot's database. */
export function openHistory(db: Db): History {
  const snapshots: Collection<SnapshotDoc> = db.collection<SnapshotDoc>(HISTORY_COLLECTION);
  return {
    async save(snapshot) {
      await snapshots.replaceOne({ _id: snapshot.day }, snapshot, { upsert: true });
    },
    async baseline(day) {
      const days = baselineDays(day);
      const [found, older] = await Promise.all([
        snapshots.find({ _id: { $in: [days.yesterday, days.weekAgo] } }).toArray(),
        snapshots.findOne({ _id: { $lt: day } }, { projection: { _id: 1 } }),
      ]);
      const byDay = new Map(found.map((doc) => [doc._id, fromDoc(doc)]));
      return { yesterday: byDay.get(days.yesterday), weekAgo: byDay.get(days.weekAgo), hasHistory: older !== null };
    },
    async recent(day, limit) {
      const docs = await snapshots.find({ _id: { $lte: day } }, { sort: { _id: -1 }, limit }).toArray();
      return docs.map(fromDoc);
    },
    async extent() {
      const [oldest, days] = await Promise.all([
        snapshots.findOne({}, { sort: { _id: 1 }, projection: { _id: 1 } }),
        snapshots.countDocuments({}),
      ]);
      return { oldest: oldest?._id, days };
    },
    async prune(today, keepDays) {
      const result = await snapshots.deleteMany({ _id: { $lt: addDays(today, -keepDays) } });
      return result.deletedCount;
    },
  };
}
