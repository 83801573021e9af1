/**
 * Setting changes waiting for their proposer's confirmation, in the bot's own database (collection
 * `setting_change_requests`) so whichever replica sees the confirmation can act on it. The `_id` is a one-time code
 * made like the license flow's (license/flow/requests.ts): short, unambiguous, valid for a few minutes.
 */
import type { Collection, Db } from 'mongodb';
import { newCode, normaliseCode } from '../license/flow/requests.js';
import type { Claims } from '../store/claims.js';
import type { SettingChange } from './change.js';

/** Where a request stands. */
export type ChangeState = 'pending' | 'applying' | 'applied' | 'failed' | 'superseded' | 'expired';

/** A proposed change and its confirmation state. */
export interface ChangeRequest {
  _id: string;
  userId: string;
  username: string;
  change: SettingChange;
  /** The value when the change was proposed: the before → after the proposer saw. */
  from: unknown;
  createdAt: Date;
  expiresAt: Date;
  state: ChangeState;
  applyingSince?: Date;
  /** Removal by the TTL index, well after expiry, so a late confirmation still gets a precise answer. */
  purgeAt: Date;
}

/** The pending changes. */
export interface ChangeRequests {
  /** Stores a new request; the user's earlier pending requests for the same setting are superseded. */
  create(userId: string, username: string, change: SettingChange, from: unknown): Promise<ChangeRequest>;
  find(code: string): Promise<ChangeRequest | null>;
  /** Moves a pending, unexpired request to `applying`: true for exactly one caller across replicas. */
  begin(code: string): Promise<boolean>;
  settle(code: string, state: 'applied' | 'failed' | 'pending'): Promise<void>;
  expire(code: string): Promise<void>;
}

const DUPLICATE_KEY = 11000;
const PURGE_AFTER_MS = 24 * 60 * 60_000;
/** An application still `applying` after this long was cut short (the replica stopped): it may be retried. */
const STALE_APPLYING_MS = 5 * 60_000;
const claimKey = (code: string) => `setting-change:${code}`;

/** Opens the requests collection; `ttlMs` is how long a code stays valid. */
export function openChangeRequests(db: Db, claims: Claims, options: { ttlMs: number; now: () => Date; collection?: string }): ChangeRequests {
  const collection: Collection<ChangeRequest> = db.collection<ChangeRequest>(options.collection ?? 'setting_change_requests');
  let indexed: Promise<unknown> | undefined;
  const ensureIndexes = () => {
    indexed ??= Promise.all([
      // FerretDB has no TTL indexes: there old requests stay, which changes no answer.
      collection.createIndex({ purgeAt: 1 }, { expireAfterSeconds: 0, name: 'purgeAt_ttl' }).catch(() => collection.createIndex({ purgeAt: 1 }, { name: 'purgeAt' })),
      collection.createIndex({ userId: 1, state: 1 }, { name: 'user_state' }),
    ]).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    });
    return indexed;
  };

  return {
    async create(userId, username, change, from) {
      await ensureIndexes().catch(() => undefined);
      const createdAt = options.now();
      const expiresAt = new Date(createdAt.getTime() + options.ttlMs);
      for (let attempt = 0; ; attempt++) {
        const doc: ChangeRequest = {
          _id: newCode(),
          userId,
          username,
          change,
          from,
          createdAt,
          expiresAt,
          state: 'pending',
          purgeAt: new Date(expiresAt.getTime() + PURGE_AFTER_MS),
        };
        try {
          await collection.insertOne(doc);
        } catch (error) {
          if ((error as { code?: unknown }).code === DUPLICATE_KEY && attempt < 5) continue;
          throw error;
        }
        await collection.updateMany(
          { userId, state: 'pending', 'change.settingId': change.settingId, _id: { $ne: doc._id } },
          { $set: { state: 'superseded' } },
        );
        return doc;
      }
    },
    find: (code) => collection.findOne({ _id: normaliseCode(code) }),
    async begin(code) {
      const id = normaliseCode(code);
      const at = options.now();
      const request = await collection.findOne({ _id: id });
      if (!request || request.expiresAt <= at) return false;
      const stale = request.state === 'applying' && (request.applyingSince?.getTime() ?? 0) < at.getTime() - STALE_APPLYING_MS;
      if (request.state !== 'pending' && !stale) return false;
      // FerretDB runs a conditional update without isolation; a claim (a unique insert) has one winner everywhere.
      if (!(await claims.claim(claimKey(id), STALE_APPLYING_MS))) return false;
      await collection.updateOne({ _id: id }, { $set: { state: 'applying', applyingSince: at } });
      return true;
    },
    async settle(code, state) {
      const id = normaliseCode(code);
      await collection.updateOne({ _id: id, state: 'applying' }, { $set: { state }, $unset: { applyingSince: '' } });
      if (state === 'pending') await claims.release(claimKey(id));
    },
    async expire(code) {
      await collection.updateOne({ _id: normaliseCode(code), state: 'pending' }, { $set: { state: 'expired' } });
    },
  };
}
