/**
 * Licenses waiting for their admin's confirmation, in the bot's own database so that whichever replica sees the
 * `apply <code>` can act on it. A request holds where the license was sent (room, message, file) and its fingerprint,
 * never its text: the text is read again from Rocket.Chat when the admin confirms.
 */
import { randomInt } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Claims } from '../../store/claims.js';
import type { LicenseSource } from './source.js';

/** Where a request stands. */
export type RequestState = 'pending' | 'applying' | 'applied' | 'failed' | 'cancelled' | 'superseded' | 'expired';

/** A license checked and waiting for (or past) its confirmation; `_id` is the one-time code. */
export interface LicenseRequest {
  _id: string;
  userId: string;
  username: string;
  source: LicenseSource;
  fingerprint: string;
  /** The license installed when this one was checked: the comparison the admin saw holds only while it stays. */
  installedFingerprint: string | null;
  createdAt: Date;
  expiresAt: Date;
  state: RequestState;
  /** When the application began; an application that never finished (a crash) may be retried after a while. */
  applyingSince?: Date;
  /** The code of the request that replaced this one. */
  supersededBy?: string;
  /** Removal by the TTL index, well after expiry, so a late `apply` still gets a precise answer. */
  purgeAt: Date;
}

/** What a new request is made of. */
export type NewRequest = Pick<LicenseRequest, 'userId' | 'username' | 'source' | 'fingerprint' | 'installedFingerprint'>;

/** The pending confirmations. */
export interface LicenseRequests {
  /** Stores a new request under a fresh code; the user's earlier pending requests become superseded. */
  create(request: NewRequest): Promise<LicenseRequest>;
  find(code: string): Promise<LicenseRequest | null>;
  /**
   * Moves a pending, unexpired request to `applying`; true for exactly one caller, however many replicas race (a claim
   * on the code, held until the application ends; given back only when the request returns to pending).
   */
  begin(code: string): Promise<boolean>;
  /** Ends an application: applied, failed, or back to pending when nothing happened and it may be retried. */
  settle(code: string, state: 'applied' | 'failed' | 'pending'): Promise<void>;
  expire(code: string): Promise<void>;
  /** Cancels the user's pending requests and returns them. */
  cancelPending(userId: string): Promise<LicenseRequest[]>;
}

/** Codes are short and unambiguous to read and type: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
const DUPLICATE_KEY = 11000;
const PURGE_AFTER_MS = 24 * 60 * 60_000;
/** An application still `applying` after this long was cut short (the replica stopped): it may be retried. */
const STALE_APPLYING_MS = 5 * 60_000;

const claimKey = (code: string) => `license-request:${code}`;

/** A fresh one-time code. */
export function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** True for a string shaped like a code (after normaliseCode). */
export function isCode(text: string): boolean {
  return text.length === CODE_LENGTH && [...text].every((c) => CODE_ALPHABET.includes(c));
}

/** A code as typed (any case, in backticks as the card shows it, words after it) in the stored form. */
export function normaliseCode(typed: string): string {
  return (typed.trim().split(/\s+/)[0] ?? '').replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** Opens the requests collection (default `license_requests`); `ttlMs` is how long a code stays valid. */
export function openLicenseRequests(db: Db, claims: Claims, options: { ttlMs: number; now?: () => Date; collection?: string }): LicenseRequests {
  const now = options.now ?? (() => new Date());
  const collection: Collection<LicenseRequest> = db.collection<LicenseRequest>(options.collection ?? 'license_requests');
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
      const expiresAt = new Date(createdAt.getTime() + options.ttlMs);
      for (let attempt = 0; ; attempt++) {
        const doc: LicenseRequest = {
          _id: newCode(),
          ...request,
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
          { userId: request.userId, state: 'pending', _id: { $ne: doc._id } },
          { $set: { state: 'superseded', supersededBy: doc._id } },
        );
        return doc;
      }
    },
    find: (code) => collection.findOne({ _id: normaliseCode(code) }),
    async begin(code) {
      const id = normaliseCode(code);
      const at = now();
      const request = await collection.findOne({ _id: id });
      if (!request || request.expiresAt <= at) return false;
      const stale = request.state === 'applying' && (request.applyingSince?.getTime() ?? 0) < at.getTime() - STALE_APPLYING_MS;
      if (request.state !== 'pending' && !stale) return false;
      // A conditional update alone is not enough: FerretDB evaluates its filter and write without isolation, so racing
      // replicas would all succeed. The claim is a unique insert, which every engine settles for one winner.
      if (!(await claims.claim(claimKey(id), STALE_APPLYING_MS))) return false;
      await collection.updateOne({ _id: id }, { $set: { state: 'applying', applyingSince: at } });
      return true;
    },
    async settle(code, state) {
      const id = normaliseCode(code);
      await collection.updateOne({ _id: id, state: 'applying' }, { $set: { state }, $unset: { applyingSince: '' } });
      // Back to pending means nothing happened and the admin may retry: the code must be claimable again.
      if (state === 'pending') await claims.release(claimKey(id));
    },
    async expire(code) {
      await collection.updateOne({ _id: normaliseCode(code), state: 'pending' }, { $set: { state: 'expired' } });
    },
    async cancelPending(userId) {
      const pending = await collection.find({ userId, state: 'pending' }).toArray();
      if (pending.length === 0) return [];
      await collection.updateMany({ userId, state: 'pending', _id: { $in: pending.map((r) => r._id) } }, { $set: { state: 'cancelled' } });
      return pending;
    },
  };
}
