/**
 * Requests waiting for their requester's confirmation, in the bot's own database so that whichever replica sees the
 * confirmation can act on it. The `_id` is the one-time code. Each flow (license, setting change) stores its own
 * fields beside the common ones, in a collection of its own, and says which earlier requests a new one supersedes.
 */
import type { Collection, Db } from 'mongodb';
import type { Claims } from '../store/claims.js';
import { newCode, normaliseCode } from './codes.js';

/** Where a request stands. */
export type RequestState = 'pending' | 'applying' | 'applied' | 'failed' | 'cancelled' | 'superseded' | 'expired';

/** What every request holds, whatever it asks for. */
export interface PendingRequest {
  _id: string;
  userId: string;
  username: string;
  createdAt: Date;
  expiresAt: Date;
  state: RequestState;
  /** When the application began; an application that never finished (a crash) may be retried after a while. */
  applyingSince?: Date;
  /** The code of the request that replaced this one. */
  supersededBy?: string;
  /** Removal by the TTL index, well after expiry, so a late confirmation still gets a precise answer. */
  purgeAt: Date;
}

/** What a new request is made of: the requester and the flow's own fields. */
export type NewRequestOf<R extends PendingRequest> = Omit<R, Exclude<keyof PendingRequest, 'userId' | 'username'>>;

/** The pending confirmations of one flow. */
export interface PendingRequests<R extends PendingRequest> {
  /** Stores a new request under a fresh code; the earlier pending requests it supersedes become superseded. */
  create(request: NewRequestOf<R>): Promise<R>;
  find(code: string): Promise<R | null>;
  /**
   * Moves a pending, unexpired request to `applying`; true for exactly one caller, however many replicas race (a claim
   * on the code, held until the application ends; given back only when the request returns to pending).
   */
  begin(code: string): Promise<boolean>;
  /** Ends an application: applied, failed, or back to pending when nothing happened and it may be retried. */
  settle(code: string, state: 'applied' | 'failed' | 'pending'): Promise<void>;
  expire(code: string): Promise<void>;
  /** Cancels the user's pending requests and returns them. */
  cancelPending(userId: string): Promise<R[]>;
}

/** How a flow's confirmation codes live: how long each is valid, on which clock. */
export interface CodeOptions {
  ttlMs: number;
  now: () => Date;
}

/** How one flow keeps its requests. */
export interface PendingRequestsOptions<R extends PendingRequest> {
  collection: string;
  /** Prefix of the claim keys, one flow's codes apart from another's. */
  claimPrefix: string;
  /** How long a code stays valid. */
  ttlMs: number;
  now: () => Date;
  /**
   * Which of the requester's pending requests a new one supersedes, beyond `userId` (default: all of them): those whose
   * field at `path` (a dotted path) holds what `value` gives for the new one.
   */
  supersedes?: { path: string; value(request: NewRequestOf<R>): unknown };
}

const DUPLICATE_KEY = 11000;
/** How long a request is kept after it expires, so a late confirmation still gets a precise answer. */
const PURGE_AFTER_MS = 24 * 60 * 60_000;
/** An application still `applying` after this long was cut short (the replica stopped): it may be retried. */
const STALE_APPLYING_MS = 5 * 60_000;

/** A new request's document under `code`, made at `createdAt`: the flow's fields and the common ones. */
export function requestDocument<R extends PendingRequest>(request: NewRequestOf<R>, code: string, createdAt: Date, ttlMs: number): R {
  const expiresAt = new Date(createdAt.getTime() + ttlMs);
  const common: PendingRequest = {
    _id: code,
    userId: request.userId,
    username: request.username,
    createdAt,
    expiresAt,
    state: 'pending',
    purgeAt: new Date(expiresAt.getTime() + PURGE_AFTER_MS),
  };
  return { ...request, ...common } as R;
}

/** Whether an application may begin at `at`: the request is pending and unexpired, or its application was cut short. */
export function mayBegin(request: PendingRequest | null | undefined, at: Date): request is PendingRequest {
  if (!request || request.expiresAt <= at) return false;
  const stale = request.state === 'applying' && (request.applyingSince?.getTime() ?? 0) < at.getTime() - STALE_APPLYING_MS;
  return request.state === 'pending' || stale;
}

/** Opens one flow's requests. */
export function openPendingRequests<R extends PendingRequest>(db: Db, claims: Claims, options: PendingRequestsOptions<R>): PendingRequests<R> {
  const { now, supersedes } = options;
  const collection: Collection<PendingRequest> = db.collection<PendingRequest>(options.collection);
  const claimKey = (code: string) => `${options.claimPrefix}:${code}`;
  let indexed: Promise<unknown> | undefined;
  const ensureIndexes = () => {
    indexed ??= Promise.all([
      // FerretDB has no TTL indexes: there old requests simply stay, which changes no answer.
      collection.createIndex({ purgeAt: 1 }, { expireAfterSeconds: 0, name: 'purgeAt_ttl' }).catch(() => collection.createIndex({ purgeAt: 1 }, { name: 'purgeAt' })),
      collection.createIndex({ userId: 1, state: 1 }, { name: 'user_state' }),
    ]).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    });
    return indexed;
  };

  return {
    async create(request) {
      await ensureIndexes().catch(() => undefined);
      const createdAt = now();
      for (let attempt = 0; ; attempt++) {
        const doc = requestDocument(request, newCode(), createdAt, options.ttlMs);
        try {
          await collection.insertOne(doc);
        } catch (error) {
          if ((error as { code?: unknown }).code === DUPLICATE_KEY && attempt < 5) continue;
          throw error;
        }
        await collection.updateMany(
          { ...(supersedes ? { [supersedes.path]: supersedes.value(request) } : {}), userId: request.userId, state: 'pending', _id: { $ne: doc._id } },
          { $set: { state: 'superseded', supersededBy: doc._id } },
        );
        return doc;
      }
    },
    find: async (code) => (await collection.findOne({ _id: normaliseCode(code) })) as R | null,
    async begin(code) {
      const id = normaliseCode(code);
      const at = now();
      if (!mayBegin(await collection.findOne({ _id: id }), at)) return false;
      // A conditional update alone is not enough: FerretDB evaluates its filter and write without isolation, so racing
      // replicas would all succeed. The claim is a unique insert, which every engine settles for one winner.
      if (!(await claims.claim(claimKey(id), STALE_APPLYING_MS))) return false;
      await collection.updateOne({ _id: id }, { $set: { state: 'applying', applyingSince: at } });
      return true;
    },
    async settle(code, state) {
      const id = normaliseCode(code);
      await collection.updateOne({ _id: id, state: 'applying' }, { $set: { state }, $unset: { applyingSince: '' } });
      // Back to pending means nothing happened and the requester may retry: the code must be claimable again.
      if (state === 'pending') await claims.release(claimKey(id));
    },
    async expire(code) {
      await collection.updateOne({ _id: normaliseCode(code), state: 'pending' }, { $set: { state: 'expired' } });
    },
    async cancelPending(userId) {
      const pending = await collection.find({ userId, state: 'pending' }).toArray();
      if (pending.length === 0) return [];
      await collection.updateMany({ userId, state: 'pending', _id: { $in: pending.map((r) => r._id) } }, { $set: { state: 'cancelled' } });
      return pending as R[];
    },
  };
}
