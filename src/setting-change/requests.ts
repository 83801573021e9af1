/**
 * Setting changes waiting for their proposer's confirmation (the shared confirm/requests.ts, collection
 * `setting_change_requests`), under a one-time code valid for a few minutes.
 */
import type { Db } from 'mongodb';
import { openPendingRequests, type PendingRequest, type PendingRequests } from '../confirm/requests.js';
import type { Claims } from '../store/claims.js';
import type { SettingChange } from './change.js';

/** A proposed change and its confirmation state. */
export interface ChangeRequest extends PendingRequest {
  change: SettingChange;
  /** The value when the change was proposed: the before → after the proposer saw. */
  from: unknown;
}

/** The pending changes; a new request supersedes its proposer's earlier pending ones for the same setting. */
export type ChangeRequests = PendingRequests<ChangeRequest>;

/** Opens the requests collection; `ttlMs` is how long a code stays valid. */
export function openChangeRequests(db: Db, claims: Claims, options: { ttlMs: number; now: () => Date; collection?: string }): ChangeRequests {
  return openPendingRequests<ChangeRequest>(db, claims, {
    collection: options.collection ?? 'setting_change_requests',
    claimPrefix: 'setting-change',
    ttlMs: options.ttlMs,
    now: options.now,
    supersedes: (request) => ({ 'change.settingId': request.change.settingId }),
  });
}
