/** Small queries on the other collections: estimated counts, upload sizes, the last seen subscription. */
import type { Db } from 'mongodb';
import type { Outcome, QueryOptions, QueryRunner, RunOptions } from '../query-runner.js';

/** `estimatedDocumentCount()` of a collection (collection metadata: O(1)). */
export function estimatedCount(runner: QueryRunner, collection: string): Promise<Outcome<number>> {
  return runner.run(`estimated:${collection}`, (options) => runner.db.collection(collection).estimatedDocumentCount(options));
}

/**
 * An exact count with the `count` command and a filter, where the driver's countDocuments sends an aggregation
 * ($match + $group): one step that MongoDB answers from an index alone (COUNT_SCAN) where one covers the filter, and
 * about twice as fast on the in-memory test engine. Exact on replica sets and standalone servers (on a sharded
 * cluster it may count orphaned documents during a chunk migration), which is where Rocket.Chat runs.
 */
export async function countCommand(db: Db, collection: string, filter: Record<string, unknown>, options: QueryOptions): Promise<number> {
  const reply = await db.command({ count: collection, query: filter, maxTimeMS: options.maxTimeMS }, { readPreference: options.readPreference, signal: options.signal });
  return Number(reply.n) || 0;
}

/** An exact count. */
export function exactCount(runner: QueryRunner, collection: string, filter: Record<string, unknown>): Promise<Outcome<number>> {
  return runner.run(`count:${collection}:${JSON.stringify(filter)}`, (options) => countCommand(runner.db, collection, filter, options));
}

/** Σ of a numeric field over a collection (`uploadsTotalSize`, `totalLinkInvitationUses`). */
export function fieldSum(runner: QueryRunner, collection: string, field: string): Promise<Outcome<number>> {
  return runner.run(`sum:${collection}.${field}`, async (options) => {
    const [row] = await runner.db
      .collection(collection)
      .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: `$${field}` } } }], options)
      .toArray();
    return Number(row?.total) || 0;
  });
}

/**
 * The newest value of a date field in a collection. With a lower bound (the value the last snapshot saw) it first
 * looks only at documents from then on: an index range on MongoDB, and no sort of the whole collection on engines
 * without indexes; only when nothing is that new (the newest was deleted) does it look at everything.
 */
export function newestDate(runner: QueryRunner, collection: string, field: string, lowerBound?: Date, run: RunOptions = {}): Promise<Outcome<Date | undefined>> {
  return runner.run(`newest:${collection}.${field}`, async (options) => {
    const newest = async (filter: Record<string, unknown>) => {
      const [doc] = await runner.db
        .collection(collection)
        .find(filter, { ...options, sort: { [field]: -1 }, limit: 1, projection: { [field]: 1 } })
        .toArray();
      const value = doc?.[field];
      return value instanceof Date ? value : undefined;
    };
    const bounded = lowerBound && !Number.isNaN(lowerBound.getTime()) ? await newest({ [field]: { $gte: lowerBound } }) : undefined;
    return bounded ?? newest({ [field]: { $exists: true } });
  }, run);
}

/** The newest `ls` (last seen) of any subscription. */
export function lastSeenSubscription(runner: QueryRunner, lowerBound?: Date): Promise<Outcome<Date | undefined>> {
  return newestDate(runner, 'rocketchat_subscription', 'ls', lowerBound);
}
