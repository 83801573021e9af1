/**
 * Licenses waiting for their admin's confirmation (the shared confirm/requests.ts, collection `license_requests`). A
 * request holds where the license was sent (room, message, file) and its fingerprint, never its text: the text is
 * read again from Rocket.Chat when the admin confirms.
 */
import type { Db } from 'mongodb';
import { type NewRequestOf, openPendingRequests, type PendingRequest, type PendingRequests } from '../../confirm/requests.js';
import type { Claims } from '../../store/claims.js';
import type { LicenseSource } from './source.js';

/** A license checked and waiting for (or past) its confirmation; `_id` is the one-time code. */
export interface LicenseRequest extends PendingRequest {
  source: LicenseSource;
  fingerprint: string;
  /** The license installed when this one was checked: the comparison the admin saw holds only while it stays. */
  installedFingerprint: string | null;
}

/** What a new request is made of. */
export type NewRequest = NewRequestOf<LicenseRequest>;

/** The pending confirmations; a new request supersedes all of its sender's earlier pending ones. */
export type LicenseRequests = PendingRequests<LicenseRequest>;

/** Where a license request is kept (a collection of the bot's database or of the file store) and its claims' prefix. */
export const LICENSE_REQUESTS = { collection: 'license_requests', claimPrefix: 'license-request' };

/** Opens the requests collection (default `license_requests`); `ttlMs` is how long a code stays valid. */
export function openLicenseRequests(db: Db, claims: Claims, options: { ttlMs: number; now?: () => Date; collection?: string }): LicenseRequests {
  return openPendingRequests<LicenseRequest>(db, claims, {
    collection: options.collection ?? LICENSE_REQUESTS.collection,
    claimPrefix: LICENSE_REQUESTS.claimPrefix,
    ttlMs: options.ttlMs,
    now: options.now ?? (() => new Date()),
  });
}
