/**
 * The ledger of daily posts in the bot's own database. Each attempt at a (room, day) is a document of its own,
 * numbered by generation, and taking the day is inserting the next generation: the `_id` is unique by nature, so of
 * the replicas racing for a day exactly one insert succeeds. Holding is a lease: a holder that dies lets it run out,
 * and the next generation takes over; a failed attempt hands the day back with a retry time (the backoff). `sent`
 * and `failed` are final.
 *
 * Why inserts and not a conditional update of one document: on FerretDB, replicas racing with
 * `updateOne`/`findOneAndUpdate({ _id, leaseUntil: { $lte: now } }, …)` were nearly always all told they had
 * won (39 and 40 races of 40 in our tests), while an insert of a duplicate `_id` fails on every engine. Only an
 * attempt's owner ever updates its document. A slow holder renewing its lease and a replica taking over each write
 * first and read the other's document second, so at least one of them sees the other and steps back: at most one
 * sends.
 * Nothing here expires by TTL (FerretDB has no TTL indexes): documents are small and pruned with the history.
 */
import type { Collection, Db } from 'mongodb';
import type { DayKey } from './zoned-time.js';

/** Where an attempt stands. */
export type PostState = 'claimed' | 'sent' | 'failed';

/** One attempt at one day's post in one room, as stored. */
export interface DailyPostDoc {
  _id: string;
  room: string;
  day: DayKey;
  /** 0 for the first attempt, one more for each takeover or retry. */
  generation: number;
  state: PostState;
  /** The replica that made this attempt. */
  owner: string;
  /** Until when the holder may work undisturbed; after a failure, when the next attempt may start. */
  leaseUntil: Date;
  /** Failed attempts before and including this one. */
  attempts: number;
  claimedAt: Date;
  /** Set when this attempt gave way to an earlier holder that was still working: it never sends. */
  steppedBack?: boolean;
  lastError?: string;
  /** When the post went out (for `failed`: when the day was given up and the error notice posted). */
  sentAt?: Date;
  messageIds?: string[];
}

/** A day this replica holds; every method acts on this attempt only. */
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
export type ClaimResult =
  | { kind: 'claimed'; hold: Hold }
  | { kind: 'busy'; owner: string; until: Date; attempts: number }
  | { kind: 'done'; state: 'sent' | 'failed'; doc: DailyPostDoc };

/** The ledger, as one replica (`owner`) sees it. */
export interface DailyPosts {
  /** Takes the day when nobody holds it (first attempt, expired lease, or retry time reached). */
  claim(room: string, day: DayKey, now: Date, leaseMs: number): Promise<ClaimResult>;
  /** The finished attempt at the day, else the latest one, if any. */
  find(room: string, day: DayKey): Promise<DailyPostDoc | undefined>;
  /** Deletes the attempts of days before `day`. */
  pruneBefore(day: DayKey): Promise<number>;
}

/** The collection's name in the bot's database. */
export const DAILY_POSTS_COLLECTION = 'daily_posts';
const DUPLICATE_KEY = 11000;

function attemptId(room: string, day: DayKey, generation: number): string {
  return `${day}|${room}|${generation}`;
}

function isDuplicate(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/** Opens the ledger for one replica. */
export function openDailyPosts(db: Db, owner: string): DailyPosts {
  const collection: Collection<DailyPostDoc> = db.collection<DailyPostDoc>(DAILY_POSTS_COLLECTION);
  const allOf = (room: string, day: DayKey) => collection.find({ room, day }, { sort: { generation: -1 } }).toArray();
  const isLive = (doc: DailyPostDoc, now: Date) => doc.state === 'claimed' && !doc.steppedBack && doc.leaseUntil.getTime() > now.getTime();

  function holdOf(doc: DailyPostDoc): Hold {
    const mine = { _id: doc._id, owner, state: 'claimed' as const, steppedBack: { $ne: true } };
    return {
      attempts: doc.attempts,
      async renew(now, leaseMs) {
        const renewed = await collection.updateOne(mine, { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } });
        if (renewed.matchedCount !== 1) return false;
        const newer = await collection.findOne(
          { room: doc.room, day: doc.day, generation: { $gt: doc.generation }, steppedBack: { $ne: true } },
          { projection: { _id: 1 } },
        );
        if (newer === null) return true;
        await collection.updateOne(mine, { $set: { leaseUntil: now, steppedBack: true } });
        return false;
      },
      async markSent(now, messageIds) {
        await collection.updateOne(mine, { $set: { state: 'sent', sentAt: now, messageIds } });
      },
      async release(retryAt, error, count) {
        await collection.updateOne(mine, { $set: { leaseUntil: retryAt, lastError: error, attempts: count } });
      },
      async markFailed(now, error, count) {
        await collection.updateOne(mine, { $set: { state: 'failed', lastError: error, attempts: count, sentAt: now } });
      },
    };
  }

  async function insert(doc: DailyPostDoc): Promise<boolean> {
    try {
      await collection.insertOne(doc);
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  /** What blocks a new attempt: a finished one, or one whose lease (or retry wait) is still running. */
  function blocker(docs: DailyPostDoc[], now: Date): ClaimResult | undefined {
    const final = docs.find((doc): doc is DailyPostDoc & { state: 'sent' | 'failed' } => doc.state !== 'claimed');
    if (final) return { kind: 'done', state: final.state, doc: final };
    const live = docs.find((doc) => isLive(doc, now));
    return live ? { kind: 'busy', owner: live.owner, until: live.leaseUntil, attempts: live.attempts } : undefined;
  }

  return {
    async claim(room, day, now, leaseMs) {
      const before = await allOf(room, day);
      const blocked = blocker(before, now);
      if (blocked) return blocked;
      const generation = (before[0]?.generation ?? -1) + 1;
      const doc: DailyPostDoc = {
        _id: attemptId(room, day, generation),
        room,
        day,
        generation,
        state: 'claimed',
        owner,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: Math.max(0, ...before.map((d) => d.attempts)),
        claimedAt: now,
      };
      if (!(await insert(doc))) return blocker(await allOf(room, day), now) ?? { kind: 'busy', owner: '', until: now, attempts: doc.attempts };
      if (before.length > 0) {
        // An earlier holder may have renewed its lease (or finished) since we looked: then it goes on and we step back.
        const earlier = (await allOf(room, day)).filter((d) => d.generation < generation);
        const stillBlocked = blocker(earlier, now);
        if (stillBlocked) {
          await collection.updateOne({ _id: doc._id, owner }, { $set: { leaseUntil: now, steppedBack: true } });
          return stillBlocked;
        }
      }
      return { kind: 'claimed', hold: holdOf(doc) };
    },
    async find(room, day) {
      const docs = await allOf(room, day);
      return docs.find((doc) => doc.state !== 'claimed') ?? docs[0];
    },
    async pruneBefore(day) {
      const result = await collection.deleteMany({ day: { $lt: day } });
      return result.deletedCount;
    },
  };
}
