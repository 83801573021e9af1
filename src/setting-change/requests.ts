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

/** Where a setting change request is kept (a collection of the bot's database or of the file store) and its claims' prefix. */
export const CHANGE_REQUESTS = { collection: 'setting_change_requests', claimPrefix: 'setting-change' };

/** A new proposal supersedes its proposer's pending ones for the same setting. */
export const CHANGE_SUPERSEDES = { path: 'change.settingId', value: (request: { change: SettingChange }) => request.change.settingId };

/** Opens the requests collection; `ttlMs` is how long a code stays valid. */
export function openChangeRequests(db: Db, claims: Claims, options: { ttlMs: number; now: () => Date; collection?: string }): ChangeRequests {
  return openPendingRequests<ChangeRequest>(db, claims, {
    collection: options.collection ?? CHANGE_REQUESTS.collection,
    claimPrefix: CHANGE_REQUESTS.claimPrefix,
    ttlMs: options.ttlMs,
    now: options.now,
    supersedes: CHANGE_SUPERSEDES,
  });
}
