/**
 * Queries on `rocketchat_message`, the largest collection: counts only, each on an indexed field where Rocket.Chat has
 * one. Each is run as long (started before the other collections' queries) since on this collection even an indexed
 * pass can be the computation's longest.
 */
import type { Outcome, QueryRunner, RunOptions } from '../query-runner.js';
import { countCommand, newestDate } from './collections.js';

const LONG: RunOptions = { long: true };

function count(runner: QueryRunner, key: string, filter: Record<string, unknown>): Promise<Outcome<number>> {
  return runner.run(key, (options) => countCommand(runner.db, 'rocketchat_message', filter, options), LONG);
}

/** Messages sharing type, pin, hidden and thread state. */
export interface MessageGroup {
  t?: unknown;
  pinned?: unknown;
  hidden?: unknown;
  count: number;
}

/** Message types some statistic counts. */
export const COUNTED_MESSAGE_TYPES = ['e2e', 'voip-call-wrapup', 'voip-call-ended-unexpectedly'] as const;

/**
 * Pinned messages and messages of the counted types in one pass instead of one count each; the `$group` on scalar
 * fields (one accumulator) is right on both test engines. Only statistics.json needs it: Rocket.Chat has no index on
 * a message's `t`, so this is a collection scan on MongoDB, kept away from the cards (threads are counted apart).
 */
export function messageGroups(runner: QueryRunner): Promise<Outcome<MessageGroup[]>> {
  return runner.run('messageGroups', async (options) => {
    const rows = await runner.db
      .collection('rocketchat_message')
      .aggregate<{ _id: Omit<MessageGroup, 'count'>; n: number }>(
        [
          { $match: { $or: [{ t: { $in: [...COUNTED_MESSAGE_TYPES] } }, { pinned: true }] } },
          { $group: { _id: { t: '$t', pinned: '$pinned', hidden: '$_hidden' }, n: { $sum: 1 } } },
        ],
        options,
      )
      .toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  }, LONG);
}

/** The message counts of the statistics, by their IStats names. */
export interface MessageCounts {
  totalPinned: number;
  totalEncryptedMessages: number;
  voipSuccessfulCalls: number;
  voipErrorCalls: number;
}

/** The counts Rocket.Chat gets from four countDocuments. */
export function deriveMessageCounts(groups: MessageGroup[]): MessageCounts {
  const sum = (predicate: (group: MessageGroup) => boolean) => groups.reduce((total, g) => (predicate(g) ? total + g.count : total), 0);
  return {
    totalPinned: sum((g) => g.pinned === true && g.t !== 'rm' && g.hidden !== true),
    totalEncryptedMessages: sum((g) => g.t === 'e2e'),
    voipSuccessfulCalls: sum((g) => g.t === 'voip-call-wrapup'),
    voipErrorCalls: sum((g) => g.t === 'voip-call-ended-unexpectedly'),
  };
}

/**
 * `totalThreads`: thread parents, Rocket.Chat's Messages.countThreads (`{tcount: {$exists: true}}`, hidden
 * edit-history copies keep `tcount` and count too). Served by Rocket.Chat's sparse `{tcount: 1, tlm: 1}` index.
 */
export function threadCount(runner: QueryRunner): Promise<Outcome<number>> {
  return count(runner, 'threadCount', { tcount: { $exists: true } });
}

/** `totalStarred`: starred messages (not stars). */
export function starredCount(runner: QueryRunner): Promise<Outcome<number>> {
  return count(runner, 'starredCount', { _hidden: { $ne: true }, 'starred._id': { $exists: true } });
}

/** Distinct rooms with a matching message (group by room, then count the groups: one accumulator per stage). */
export function roomsWithMessages(runner: QueryRunner, key: string, filter: Record<string, unknown>): Promise<Outcome<number>> {
  return runner.run(key, async (options) => {
    const [row] = await runner.db
      .collection('rocketchat_message')
      .aggregate<{ total: number }>([{ $match: filter }, { $group: { _id: '$rid' } }, { $group: { _id: null, total: { $sum: 1 } } }], options)
      .toArray();
    return row?.total ?? 0;
  }, LONG);
}

/** Distinct rooms per message type, for several types in one pass (rooms with chats on hold, with VoIP calls on hold). */
export function roomsPerMessageType(runner: QueryRunner, types: readonly string[]): Promise<Outcome<Record<string, number>>> {
  return runner.run(`roomsPerMessageType:${types.join(',')}`, async (options) => {
    const rows = await runner.db
      .collection('rocketchat_message')
      .aggregate<{ _id: unknown; rooms: number }>(
        [
          { $match: { t: { $in: [...types] } } },
          { $group: { _id: { t: '$t', rid: '$rid' } } },
          { $group: { _id: '$_id.t', rooms: { $sum: 1 } } },
        ],
        options,
      )
      .toArray();
    return Object.fromEntries(types.map((type) => [type, rows.find((row) => row._id === type)?.rooms ?? 0]));
  }, LONG);
}

/** `lastMessageSentAt`: the newest message's `ts`, system messages included. */
export function lastMessageAt(runner: QueryRunner, lowerBound?: Date): Promise<Outcome<Date | undefined>> {
  return newestDate(runner, 'rocketchat_message', 'ts', lowerBound, LONG);
}
