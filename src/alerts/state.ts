/**
 * Alert state in the bot's own database: one document per condition that holds (`pending` while it must still
 * hold for a while, `firing` once posted). A condition that no longer holds has no document. Which replica
 * writes is decided before, by a claim per check (src/alerts/runner.ts), so plain writes suffice here.
 */
import type { Collection, Db } from 'mongodb';
import type { ActiveCondition } from './conditions.js';

/** The collection's name in the bot's database. */
export const ALERT_STATE_COLLECTION = 'alert_state';

/** One condition's state. */
export interface AlertStateDoc {
  _id: string;
  phase: 'pending' | 'firing';
  /** When the condition was first seen holding. */
  since: Date;
  /** When its start was posted. */
  firedAt?: Date;
  text: string;
}

/** What a check changes: the documents to write and delete, and the posts to make. */
export interface Advance {
  write: AlertStateDoc[];
  remove: string[];
  posts: { id: string; kind: 'start' | 'clear'; text: string }[];
}

/** Moves the stored states on by what holds now. Pure. */
export function advance(stored: readonly AlertStateDoc[], active: readonly ActiveCondition[], now: Date): Advance {
  const result: Advance = { write: [], remove: [], posts: [] };
  const holding = new Map(active.map((c) => [c.id, c]));
  for (const doc of stored) {
    if (holding.has(doc._id)) continue;
    result.remove.push(doc._id);
    if (doc.phase === 'firing') result.posts.push({ id: doc._id, kind: 'clear', text: doc.text });
  }
  const known = new Map(stored.map((d) => [d._id, d]));
  for (const condition of active) {
    const doc = known.get(condition.id);
    if (doc?.phase === 'firing') continue;
    const since = doc?.since ?? now;
    if (now.getTime() - since.getTime() >= condition.holdMs) {
      result.write.push({ _id: condition.id, phase: 'firing', since, firedAt: now, text: condition.text });
      result.posts.push({ id: condition.id, kind: 'start', text: condition.text });
    } else if (!doc) {
      result.write.push({ _id: condition.id, phase: 'pending', since, text: condition.text });
    }
  }
  return result;
}

/** The stored states. */
export interface AlertState {
  all(): Promise<AlertStateDoc[]>;
  apply(change: Advance): Promise<void>;
}

export function openAlertState(db: Db): AlertState {
  const collection: Collection<AlertStateDoc> = db.collection<AlertStateDoc>(ALERT_STATE_COLLECTION);
  return {
    all: () => collection.find({}, { sort: { _id: 1 } }).toArray(),
    async apply(change) {
      for (const doc of change.write) await collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
      if (change.remove.length) await collection.deleteMany({ _id: { $in: change.remove } });
    },
  };
}
