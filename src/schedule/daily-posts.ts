/**
 * The daily posts: who holds a (room, day) is a claim (src/store/claims.ts, key `daily:<room>|<day>`), the bot's one
 * mechanism for "once across replicas": exactly one replica wins a day, a holder that dies lets its lease run out,
 * and a slow holder renews it right before sending (a holder that was taken over learns it then and does not send).
 * What became of the day is a record of its own (collection `daily_posts`), written only by the day's holder: sent
 * and failed are final; a failed attempt records its retry time and attempts and gives the claim back. A replica
 * reads the record again after winning the claim, so it sees what the holder before it wrote before giving way.
 * Nothing here expires by TTL (FerretDB has no TTL indexes): records are small and pruned with the history.
 */
import type { Collection, Db } from 'mongodb';
import type { Claims } from '../store/claims.js';
import type { DayKey } from './zoned-time.js';

/** What became of a day. */
export type PostState = 'retrying' | 'sent' | 'failed';

/** One day's post in one room, as stored. */
export interface DailyPostDoc {
  _id: string;
  room: string;
  day: DayKey;
  state: PostState;
  /** The replica that wrote this record last. */
  owner: string;
  /** Failed attempts so far. */
  attempts: number;
  /** For `retrying`: no attempt before this. */
  retryAt?: Date;
  lastError?: string;
  /** When the post went out (for `failed`: when the day was given up and the error notice posted). */
  sentAt?: Date;
  messageIds?: string[];
}

/** A day this replica holds. */
export interface Hold {
  /** Failed attempts before this one. */
  attempts: number;
  /** Extends the lease; false when another replica has taken the day over (then do not send). */
  renew(now: Date, leaseMs: number): Promise<boolean>;
  markSent(now: Date, messageIds: string[]): Promise<void>;
  /** Hands the day back after a failed attempt; anyone may try again from `retryAt`. */
  release(retryAt: Date, error: string, attempts: number): Promise<void>;
  /** Gives the day up for good. */
  markFailed(now: Date, error: string, attempts: number): Promise<void>;
}

/** The outcome of asking for a day. */
export type ClaimResult = { kind: 'claimed'; hold: Hold } | { kind: 'busy' } | { kind: 'done'; state: 'sent' | 'failed'; doc: DailyPostDoc };

/** The daily posts, as one replica (`owner`, the name its claims are made under) sees them. */
export interface DailyPosts {
  /** Takes the day when nobody holds it and it is neither finished nor waiting for its retry time. */
  claim(room: string, day: DayKey, now: Date, leaseMs: number): Promise<ClaimResult>;
  /** The day's record, if any. */
  find(room: string, day: DayKey): Promise<DailyPostDoc | undefined>;
  /** Deletes the records of days before `day`. */
  pruneBefore(day: DayKey): Promise<number>;
}

/** The collection's name in the bot's database. */
export const DAILY_POSTS_COLLECTION = 'daily_posts';
const DUPLICATE_KEY = 11000;

/** Whether the day is over: posted, or given up. */
export const isFinal = (doc: DailyPostDoc | undefined): doc is DailyPostDoc & { state: 'sent' | 'failed' } => doc?.state === 'sent' || doc?.state === 'failed';

/** The claim key of a day. */
export function dailyClaimKey(room: string, day: DayKey): string {
  return `daily:${room}|${day}`;
}

/** The fields of a record its holder writes. */
export type RecordFields = Omit<DailyPostDoc, '_id' | 'room' | 'day' | 'owner'>;

/** Where the records are kept: the bot's database or the embedded store. */
export interface DailyRecords {
  /** The day's record, if any. */
  find(room: string, day: DayKey): Promise<DailyPostDoc | undefined>;
  /** Writes the day's record as `owner`, unless it is final already (a holder taken over never overwrites a sent day). */
  write(room: string, day: DayKey, owner: string, fields: RecordFields): Promise<void>;
  /** Deletes the records of days before `day`; returns how many went. */
  pruneBefore(day: DayKey): Promise<number>;
}

/** The id of a day's record. */
export const recordId = (room: string, day: DayKey) => `${day}|${room}`;

/** The records in the bot's database (collection `daily_posts`). */
export function mongoDailyRecords(db: Db): DailyRecords {
  const collection: Collection<DailyPostDoc> = db.collection<DailyPostDoc>(DAILY_POSTS_COLLECTION);
  return {
    // Before the claims, a day's attempts were documents `<day>|<room>|<generation>`: a final one of those still counts.
    async find(room, day) {
      const docs = await collection.find({ room, day }).toArray();
      return docs.find(isFinal) ?? docs.find((doc) => doc._id === recordId(room, day));
    },
    async write(room, day, owner, fields) {
      try {
        await collection.updateOne(
          { _id: recordId(room, day), state: { $nin: ['sent', 'failed'] } },
          { $set: { room, day, owner, ...fields }, ...(fields.state === 'retrying' ? {} : { $unset: { retryAt: '' } }) },
          { upsert: true },
        );
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      }
    },
    async pruneBefore(day) {
      const result = await collection.deleteMany({ day: { $lt: day } });
      return result.deletedCount;
    },
  };
}

/** Opens the daily posts for one replica over the bot's database. */
export function openDailyPosts(db: Db, claims: Claims, owner: string): DailyPosts {
  return dailyPostsOver(mongoDailyRecords(db), claims, owner);
}

/** The daily posts for one replica over its records and claims. */
export function dailyPostsOver(records: DailyRecords, claims: Claims, owner: string): DailyPosts {
  const find = (room: string, day: DayKey) => records.find(room, day);
  /** What blocks an attempt now: a finished day, or a retry time not reached. */
  function blocker(doc: DailyPostDoc | undefined, now: Date): ClaimResult | undefined {
    if (isFinal(doc)) return { kind: 'done', state: doc.state, doc };
    return doc?.retryAt && doc.retryAt > now ? { kind: 'busy' } : undefined;
  }

  function holdOf(room: string, day: DayKey, attempts: number): Hold {
    const key = dailyClaimKey(room, day);
    const write = (fields: RecordFields) => records.write(room, day, owner, fields);
    return {
      attempts,
      renew: (now, leaseMs) => claims.renew(key, leaseMs, now),
      async markSent(now, messageIds) {
        await write({ state: 'sent', attempts, sentAt: now, messageIds });
        await claims.release(key, now);
      },
      async release(retryAt, error, count) {
        await write({ state: 'retrying', attempts: count, retryAt, lastError: error });
        await claims.release(key, retryAt);
      },
      async markFailed(now, error, count) {
        await write({ state: 'failed', attempts: count, lastError: error, sentAt: now });
        await claims.release(key, now);
      },
    };
  }

  return {
    async claim(room, day, now, leaseMs) {
      const blocked = blocker(await find(room, day), now);
      if (blocked) return blocked;
      const key = dailyClaimKey(room, day);
      if (!(await claims.claim(key, leaseMs, now))) return { kind: 'busy' };
      // The holder before us writes its record before giving the claim back: read it again now that we hold the day.
      const record = await find(room, day);
      const stillBlocked = blocker(record, now);
      if (stillBlocked) {
        await claims.release(key, now);
        return stillBlocked;
      }
      return { kind: 'claimed', hold: holdOf(room, day, record?.attempts ?? 0) };
    },
    find,
    pruneBefore: (day) => records.pruneBefore(day),
  };
}
