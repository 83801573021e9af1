/**
 * What happened in Rocket.Chat's database since its last statistics snapshot: the records created after it, the
 * evidence a comparison uses to tell "time passed" from counter drift. Each figure is one indexed count.
 */
import type { Db } from 'mongodb';
import type { StatisticsSnapshot } from '../stats/snapshot.js';

/** Records newer than the snapshot, by the date Rocket.Chat stamps on them. */
export interface SinceSnapshot {
  /** users.createdAt */
  users: number;
  /** rocketchat_room.ts, per room type (c, p, d, l) and discussions (prid set). */
  rooms: { total: number; c: number; p: number; d: number; l: number; discussions: number };
  /** rocketchat_message.ts: every stored message, whatever its room. */
  messages: number;
  /** rocketchat_uploads.uploadedAt */
  uploads: number;
}

/** The newest snapshot in rocketchat_statistics (Statistics.findLast(): sort createdAt -1), read whole. */
export async function readNewestSnapshot(db: Db): Promise<StatisticsSnapshot | undefined> {
  const [doc] = await db.collection('rocketchat_statistics').find({}, { sort: { createdAt: -1 }, limit: 1 }).toArray();
  if (!doc) return undefined;
  const createdAt = doc.createdAt instanceof Date ? doc.createdAt : new Date(String(doc.createdAt));
  return { id: String(doc._id), createdAt, doc };
}

/** Counts what was created after `at`. */
export async function countSince(db: Db, at: Date): Promise<SinceSnapshot> {
  const after = { $gt: at };
  const rooms = db.collection('rocketchat_room');
  const countRooms = (filter: Record<string, unknown>) => rooms.countDocuments({ ts: after, ...filter });
  // One count per figure: FerretDB answers a multi-accumulator $group wrongly (test/rc/statistics/sessions.ts).
  const [users, c, p, d, l, total, discussions, messages, uploads] = await Promise.all([
    db.collection('users').countDocuments({ createdAt: after }),
    countRooms({ t: 'c' }),
    countRooms({ t: 'p' }),
    countRooms({ t: 'd' }),
    countRooms({ t: 'l' }),
    countRooms({}),
    countRooms({ prid: { $exists: true } }),
    db.collection('rocketchat_message').countDocuments({ ts: after }),
    db.collection('rocketchat_uploads').countDocuments({ uploadedAt: after }),
  ]);
  return { users, rooms: { total, c, p, d, l, discussions }, messages, uploads };
}
