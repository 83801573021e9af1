/**
 * The setting-change audit: every proposal, application and refused confirmation, in the bot's own database
 * (collection `setting_audit`, the shared confirm/audit.ts): who, when, where, which setting, the value before and
 * after, what Rocket.Chat read back, and the outcome in a few words.
 */
import type { Db } from 'mongodb';
import { type AuditLog, type AuditOrigin, openAuditLog } from '../confirm/audit.js';

/** What happened. */
export type SettingAuditAction = 'propose' | 'apply' | 'refused';

/** One audit record. */
export interface SettingAuditEntry extends AuditOrigin {
  action: SettingAuditAction;
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
export type SettingAudit = AuditLog<SettingAuditEntry>;

/** The audit over a collection of the bot's database. */
export function openSettingAudit(db: Db, collectionName = 'setting_audit'): SettingAudit {
  return openAuditLog<SettingAuditEntry>(db, collectionName);
}
