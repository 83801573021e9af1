/**
 * The license audit: every check, application, cancellation, refused confirmation and license posted in a room,
 * recorded in the bot's own database. A license is named by its SHA-256 fingerprint; its text is never stored.
 */
import type { Collection, Db } from 'mongodb';
import type { CommandContext } from '../../dispatch/command.js';
import type { LicenseVerdict, VerdictCode } from '../types.js';

/** What happened. */
export type AuditAction = 'check' | 'apply' | 'cancel' | 'refused' | 'channel-post';

/** One audit record. */
export interface AuditEntry {
  at: Date;
  action: AuditAction;
  user: { id: string; username: string };
  roomId: string;
  /** The message that carried the license or the command. */
  messageId: string;
  /** SHA-256 of the license concerned; null when there was none (e.g. a cancel with nothing pending). */
  fingerprint: string | null;
  /** The verifier's verdict, without anything of the license but its version and the reason codes. */
  verdict?: { valid: boolean; version: 2 | 3 | null; reasons: VerdictCode[] };
  /** The result in a few words, e.g. `applied, valid` or Rocket.Chat's refusal. */
  outcome: string;
  /** SHA-256 of the license installed at that moment, if any. */
  previousFingerprint: string | null;
}

/** The audit log. */
export interface LicenseAudit {
  record(entry: AuditEntry): Promise<void>;
  /** The last `limit` entries, newest first. */
  recent(limit: number): Promise<AuditEntry[]>;
}

/** The audit's summary of a verdict. */
export function auditVerdict(verdict: LicenseVerdict): NonNullable<AuditEntry['verdict']> {
  return { valid: verdict.valid, version: verdict.version, reasons: [...new Set(verdict.reasons.map((r) => r.code))] };
}

/** Who did it, where and when: the part of a record every action shares. */
export function auditOrigin(ctx: CommandContext<unknown>, at: Date): Pick<AuditEntry, 'at' | 'user' | 'roomId' | 'messageId'> {
  return { at, user: { id: ctx.sender.id, username: ctx.sender.username }, roomId: ctx.room.id, messageId: ctx.messageId };
}

/** The audit over a collection of the bot's database (default `license_audit`). */
export function openLicenseAudit(db: Db, collectionName = 'license_audit'): LicenseAudit {
  const collection: Collection<AuditEntry> = db.collection<AuditEntry>(collectionName);
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
      return docs as AuditEntry[];
    },
  };
}
