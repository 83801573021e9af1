/**
 * The setting-change audit: every proposal, application and refused confirmation, in the bot's own database
 * (collection `setting_audit`): who, when, where, which setting, the value before and after, what Rocket.Chat
 * read back, and the outcome in a few words.
 */
import type { Collection, Db } from 'mongodb';

/** What happened. */
export type SettingAuditAction = 'propose' | 'apply' | 'refused';

/** One audit record. */
export interface SettingAuditEntry {
  at: Date;
  action: SettingAuditAction;
  user: { id: string; username: string };
  roomId: string;
  messageId: string;
  settingId: string;
  /** The confirmation code concerned, when there is one. */
  code: string | null;
  from: unknown;
  to: unknown;
  /** The value read back from Rocket.Chat's database after the change. */
  readBack?: unknown;
  outcome: string;
}

/** The audit log. */
export interface SettingAudit {
  record(entry: SettingAuditEntry): Promise<void>;
  /** The last `limit` entries, newest first. */
  recent(limit: number): Promise<SettingAuditEntry[]>;
}

/** The audit over a collection of the bot's database. */
export function openSettingAudit(db: Db, collectionName = 'setting_audit'): SettingAudit {
  const collection: Collection<SettingAuditEntry> = db.collection<SettingAuditEntry>(collectionName);
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
      return docs as SettingAuditEntry[];
    },
  };
}
