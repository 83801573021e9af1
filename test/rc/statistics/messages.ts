/** Message fields of Rocket.Chat's statistics: sums of `room.msgs`, and counts over `rocketchat_message`. */
import type { Db } from 'mongodb';
import type { StatsContext } from './context.js';

type RoomMsgs = { msgs?: number; prid?: string };

// Rocket.Chat's reducers: `num + room.msgs` — a room without `msgs` makes the sum NaN, serialised as null.
function sumMsgs(rooms: readonly RoomMsgs[], onlyDiscussions = false): number {
  return rooms.reduce((num, room) => num + (onlyDiscussions ? (room.prid ? (room.msgs as number) : 0) : (room.msgs as number)), 0);
}

/**
 * The message totals exactly as Rocket.Chat computes them: every room of a type is loaded into memory (projection
 * `{msgs, prid}`, one cursor per type, sequentially) and `msgs` summed in JavaScript. ≤6.4 counts discussions
 * inside channels/groups; 6.5+ splits them out into totalDiscussionsMessages.
 */
export async function collectMessageTotals(ctx: StatsContext): Promise<void> {
  const { db, stats, semantics } = ctx;
  const rooms = db.collection('rocketchat_room');
  const load = (t: string, projection: Record<string, 1>) => rooms.find<RoomMsgs>({ t }, { projection }).toArray();
  const channels = await load('c', { msgs: 1, prid: 1 });
  const groups = await load('p', { msgs: 1, prid: 1 });
  const direct = await load('d', { msgs: 1 });
  const livechat = await load('l', { msgs: 1 });
  if (semantics.discussionMessagesSplit) {
    const channelDiscussions = sumMsgs(channels, true);
    const groupDiscussions = sumMsgs(groups, true);
    stats.totalChannelMessages = sumMsgs(channels) - channelDiscussions;
    stats.totalPrivateGroupMessages = sumMsgs(groups) - groupDiscussions;
    stats.totalDiscussionsMessages = groupDiscussions + channelDiscussions;
  } else {
    stats.totalChannelMessages = sumMsgs(channels);
    stats.totalPrivateGroupMessages = sumMsgs(groups);
  }
  stats.totalDirectMessages = sumMsgs(direct);
  stats.totalLivechatMessages = sumMsgs(livechat);
  stats.totalMessages =
    (stats.totalChannelMessages as number) +
    (stats.totalPrivateGroupMessages as number) +
    (semantics.discussionMessagesSplit ? (stats.totalDiscussionsMessages as number) : 0) +
    (stats.totalDirectMessages as number) +
    (stats.totalLivechatMessages as number);
}

/** Messages.countThreads: thread parents (hidden edit-history copies keep `tcount` and count too). */
export function countThreads(db: Db): Promise<number> {
  return db.collection('rocketchat_message').countDocuments({ tcount: { $exists: true } });
}

/** Messages.getLastTimestamp: the newest `ts`, system messages included. */
export async function lastMessageTimestamp(db: Db): Promise<Date | undefined> {
  const [message] = await db
    .collection('rocketchat_message')
    .find<{ ts?: Date }>({}, { sort: { ts: -1 }, limit: 1, projection: { ts: 1 } })
    .toArray();
  return message?.ts;
}

/** Messages.countRoomsWithMessageType and friends: distinct rooms of matching messages. */
export async function countRoomsWithMessages(db: Db, filter: Record<string, unknown>): Promise<number> {
  const [result] = await db
    .collection('rocketchat_message')
    .aggregate<{ total: number }>([{ $match: filter }, { $group: { _id: '$rid' } }, { $group: { _id: null, total: { $sum: 1 } } }])
    .toArray();
  return result?.total ?? 0;
}

/** Messages.countByType. */
export function countMessagesByType(db: Db, t: string): Promise<number> {
  return db.collection('rocketchat_message').countDocuments({ t });
}

/** Messages.countPinned. */
export function countPinned(db: Db): Promise<number> {
  return db.collection('rocketchat_message').countDocuments({ t: { $ne: 'rm' }, _hidden: { $ne: true }, pinned: true });
}

/** Messages.countStarred: messages starred by anyone (not the number of stars). */
export function countStarred(db: Db): Promise<number> {
  return db.collection('rocketchat_message').countDocuments({ _hidden: { $ne: true }, 'starred._id': { $exists: true } });
}
