/**
 * Room counts and message totals computed by the server. Rocket.Chat loads every room of a type into memory to add
 * up `msgs`; here `$group` sums them, one accumulator per stage (FerretDB answers a second accumulator with 0).
 * `$sum` skips a room without a numeric `msgs`, where Rocket.Chat's `total + undefined` turns the whole total into
 * NaN (null in JSON): we give the sum of the rooms that have a counter.
 */
import type { Outcome, QueryRunner } from '../query-runner.js';
import { countCommand } from './collections.js';

/** Rooms of one type. */
export interface RoomGroup {
  t?: unknown;
  count: number;
}

/**
 * The rooms collection counted by type: the Usage card's one broad count over rooms, grouped on the one field it
 * needs (flags such as broadcast or encrypted are narrow counts of the document, on Rocket.Chat's sparse indexes).
 */
export async function roomGroups(runner: QueryRunner): Promise<Outcome<RoomGroup[]>> {
  return runner.run('roomTypeCounts', async (options) => {
    const rows = await runner.db
      .collection('rocketchat_room')
      .aggregate<{ _id: unknown; n: number }>([{ $group: { _id: '$t', n: { $sum: 1 } } }], options)
      .toArray();
    return rows.map((row) => ({ t: row._id, count: row.n }));
  });
}

/** Room numbers by their IStats names. */
export interface RoomCounts {
  totalRooms: number;
  totalChannels: number;
  totalPrivateGroups: number;
  totalDirect: number;
  totalLivechat: number;
  voipCalls: number;
}

/** The room counts from the groups. */
export function deriveRoomCounts(groups: RoomGroup[]): RoomCounts {
  const sum = (predicate: (group: RoomGroup) => boolean) => groups.reduce((total, g) => (predicate(g) ? total + g.count : total), 0);
  return {
    totalRooms: sum(() => true),
    totalChannels: sum((g) => g.t === 'c'),
    totalPrivateGroups: sum((g) => g.t === 'p'),
    totalDirect: sum((g) => g.t === 'd'),
    totalLivechat: sum((g) => g.t === 'l'),
    voipCalls: sum((g) => g.t === 'v'),
  };
}

/** `totalDiscussions`: rooms with a `prid` (Rooms.countDiscussions). */
export function discussionCount(runner: QueryRunner): Promise<Outcome<number>> {
  return runner.run('discussionCount', (options) => countCommand(runner.db, 'rocketchat_room', { prid: { $exists: true } }, options));
}

/** Sum of `msgs` per room type, over the given rooms. */
async function msgsByType(runner: QueryRunner, key: string, match: Record<string, unknown>): Promise<Outcome<Record<string, number>>> {
  return runner.run(key, async (options) => {
    const rows = await runner.db
      .collection('rocketchat_room')
      .aggregate<{ _id: unknown; s: number }>([{ $match: match }, { $group: { _id: '$t', s: { $sum: '$msgs' } } }], options)
      .toArray();
    return Object.fromEntries(rows.map((row) => [String(row._id), Number(row.s) || 0]));
  });
}

/** Σ msgs of channels, private groups, DMs and omnichannel rooms, per type (discussions included). */
export function messageSumsByType(runner: QueryRunner): Promise<Outcome<Record<string, number>>> {
  return msgsByType(runner, 'msgsByType', { t: { $in: ['c', 'p', 'd', 'l'] } });
}

/**
 * Σ msgs of discussions in channels and private groups, per type. Rocket.Chat tests `room.prid` for truthiness, so a
 * null or empty `prid` is not a discussion here either.
 */
export function discussionMessageSums(runner: QueryRunner): Promise<Outcome<Record<string, number>>> {
  return msgsByType(runner, 'msgsOfDiscussions', { t: { $in: ['c', 'p'] }, prid: { $exists: true, $nin: [null, ''] } });
}

/** Message totals by their IStats names. */
export interface MessageTotals {
  totalChannelMessages: number;
  totalPrivateGroupMessages: number;
  totalDirectMessages: number;
  totalDiscussionsMessages: number;
  totalLivechatMessages: number;
  totalMessages: number;
}

/**
 * The message totals; with `splitDiscussions` (6.5+) discussion messages are taken out of their type's total.
 * `totalMessages` is the same in both eras.
 */
export function deriveMessageTotals(byType: Record<string, number>, discussions: Record<string, number>, splitDiscussions: boolean): MessageTotals {
  const of = (record: Record<string, number>, t: string) => record[t] ?? 0;
  const inChannelDiscussions = of(discussions, 'c');
  const inGroupDiscussions = of(discussions, 'p');
  const totals = {
    totalChannelMessages: of(byType, 'c') - (splitDiscussions ? inChannelDiscussions : 0),
    totalPrivateGroupMessages: of(byType, 'p') - (splitDiscussions ? inGroupDiscussions : 0),
    totalDiscussionsMessages: inChannelDiscussions + inGroupDiscussions,
    totalDirectMessages: of(byType, 'd'),
    totalLivechatMessages: of(byType, 'l'),
  };
  return {
    ...totals,
    totalMessages: of(byType, 'c') + of(byType, 'p') + totals.totalDirectMessages + totals.totalLivechatMessages,
  };
}

/** Rooms inside teams, and default rooms inside teams (Team.getStatistics). */
export function roomsInsideTeams(runner: QueryRunner, defaultOnly: boolean): Promise<Outcome<number>> {
  const filter: Record<string, unknown> = { teamId: { $exists: true }, teamMain: { $exists: false } };
  if (defaultOnly) filter.teamDefault = true;
  return runner.run(defaultOnly ? 'defaultRoomsInsideTeams' : 'roomsInsideTeams', (options) => countCommand(runner.db, 'rocketchat_room', filter, options));
}
