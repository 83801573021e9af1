/**
 * An audit log in the bot's own database: one record per thing a confirmed flow did or refused (who, when, where,
 * and the flow's own fields), listed newest first. Each flow (license, setting change) has its own collection.
 */
import type { Collection, Db } from 'mongodb';
import type { CommandContext } from '../dispatch/command.js';

/** Who did it, where and when: the part every record shares. */
export interface AuditOrigin {
  at: Date;
  user: { id: string; username: string };
  roomId: string;
  /** The message that carried the command (or what it acted on). */
  messageId: string;
}

/** One flow's audit log. */
export interface AuditLog<E extends AuditOrigin> {
  record(entry: E): Promise<void>;
  /** The last `limit` entries, newest first. */
  recent(limit: number): Promise<E[]>;
}

/** The origin of a record made for a command. */
export function auditOrigin(ctx: CommandContext<unknown>, at: Date): AuditOrigin {
  return { at, user: { id: ctx.sender.id, username: ctx.sender.username }, roomId: ctx.room.id, messageId: ctx.messageId };
}

/** The audit over a collection of the bot's database. */
export function openAuditLog<E extends AuditOrigin>(db: Db, collectionName: string): AuditLog<E> {
  const collection: Collection<AuditOrigin> = db.collection<AuditOrigin>(collectionName);
  let indexed: Promise<unknown> | undefined;
  const ensureIndex = () => {
    indexed ??= collection.createIndex({ at: -1 }, { name: 'at_desc' }).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    });
    return indexed;
  };
  return {
    async record(entry) {
      await ensureIndex().catch(() => undefined);
      // A copy: insertOne adds `_id` to the object it is given.
      await collection.insertOne({ ...entry });
    },
    async recent(limit) {
      const docs = await collection.find({}, { projection: { _id: 0 } }).sort({ at: -1, _id: -1 }).limit(limit).toArray();
      return docs as E[];
    },
  };
}
