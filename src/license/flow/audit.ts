/**
 * The license audit: every check, application, cancellation, refused confirmation and license posted in a room,
 * recorded in the bot's own database (the shared confirm/audit.ts). A license is named by its SHA-256 fingerprint;
 * its text is never stored.
 */
import type { Db } from 'mongodb';
import { type AuditLog, type AuditOrigin, openAuditLog } from '../../confirm/audit.js';
import type { LicenseVerdict, VerdictCode } from '../types.js';

/** What happened. */
export type AuditAction = 'check' | 'apply' | 'cancel' | 'refused' | 'channel-post';

/** One audit record. */
export interface AuditEntry extends AuditOrigin {
  action: AuditAction;
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
export type LicenseAudit = AuditLog<AuditEntry>;

/** The audit's summary of a verdict. */
export function auditVerdict(verdict: LicenseVerdict): NonNullable<AuditEntry['verdict']> {
  return { valid: verdict.valid, version: verdict.version, reasons: [...new Set(verdict.reasons.map((r) => r.code))] };
}

/** The audit over a collection of the bot's database (default `license_audit`). */
export function openLicenseAudit(db: Db, collectionName = 'license_audit'): LicenseAudit {
  return openAuditLog<AuditEntry>(db, collectionName);
}
