/**
 * Claims: "do this once" across every replica of the bot. Each holding of a key is a document of its own,
 * `_id` = `<key>#<generation>`, so every change of hands is an insert that the unique `_id` lets exactly one
 * replica win. A conditional update ("take it if expired") would be simpler, but FerretDB does not apply it
 * atomically: several replicas racing on one expired claim were all told they had won. Inserts are atomic
 * on every engine and on MongoDB.
 *
 * A holder working longer than its lease renews it (the daily post does, right before it sends). A holder renewing
 * just as its lease runs out and a replica taking the key over each write first and read the other's document
 * second, so at least one of them sees the other and steps back: at most one of them goes on.
 */
import type { Collection, Db } from 'mongodb';

/** One holding of a claim, as stored. */
export interface ClaimDoc {
  _id: string;
  key: string;
  generation: number;
  owner: string;
  claimedAt: Date;
  /** After this the claim is free again (a lease); set to the release time when its owner gives it back. */
  expiresAt: Date;
  /** Set when this holding gave way to an earlier holder that renewed in time: it holds nothing. */
  steppedBack?: boolean;
}

/** Claims over one collection of the bot's own database. */
export interface Claims {
  /**
   * True when this owner now holds `key` (it was free or its previous claim expired), false when another does.
   * `at` is the time to judge by (default the claims' clock).
   */
  claim(key: string, ttlMs: number, at?: Date): Promise<boolean>;
  /**
   * `claim` for a key that is claimed once and never taken over (a message: its redelivery is refused, never done
   * again): one insert, without `claim`'s look at earlier holdings. It writes the holding `claim` would write for a
   * new key, so replicas using either on the same key still let exactly one win.
   */
  claimOnce(key: string, ttlMs: number, at?: Date): Promise<boolean>;
  /** Extends this owner's claim on `key` to `ttlMs` from `at`; false when it holds it no more (another took it over). */
  renew(key: string, ttlMs: number, at?: Date): Promise<boolean>;
  /** Gives a claim back early (e.g. a lease whose work finished), free from `at` (default the claims' clock). */
  release(key: string, at?: Date): Promise<void>;
}

const DUPLICATE_KEY = 11000;

/** Prepares the collection's indexes and returns claims made under `owner`. */
export async function openClaims(db: Db, owner: string, options: { collection?: string; now?: () => Date } = {}): Promise<Claims> {
  const now = options.now ?? (() => new Date());
  const collection: Collection<ClaimDoc> = db.collection<ClaimDoc>(options.collection ?? 'claims');
  await collection.createIndex({ key: 1, generation: -1 }, { name: 'key_generation' });
  // Old holdings are removed by a TTL index where the server has them (FerretDB does not: there they stay,
  // small and harmless, and each takeover deletes the generations before it).
  await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 3600, name: 'expiresAt_ttl' }).catch(() => undefined);

  const holdings = (key: string) => collection.find({ key }).sort({ generation: -1 }).toArray();
  const live = (doc: ClaimDoc, at: Date) => !doc.steppedBack && doc.expiresAt > at;
  const stepBack = (id: string, at: Date) => collection.updateOne({ _id: id, owner }, { $set: { expiresAt: at, steppedBack: true } });
  /** This owner's latest holding of `key`, if it still counts. */
  const mine = async (key: string) => {
    const doc = await collection.find({ key, owner }).sort({ generation: -1 }).limit(1).next();
    return doc && !doc.steppedBack ? doc : null;
  };

  return {
    async claim(key, ttlMs, at) {
      const claimedAt = at ?? now();
      const before = await holdings(key);
      if (before.some((doc) => live(doc, claimedAt))) return false;
      const generation = (before[0]?.generation ?? -1) + 1;
      const id = `${key}#${generation}`;
      try {
        await collection.insertOne({ _id: id, key, generation, owner, claimedAt, expiresAt: new Date(claimedAt.getTime() + ttlMs) });
      } catch (error) {
        if ((error as { code?: unknown }).code === DUPLICATE_KEY) return false;
        throw error;
      }
      if (generation === 0) return true;
      // An earlier holder may have renewed since we looked: then it goes on and we step back.
      const earlier = (await holdings(key)).filter((doc) => doc.generation < generation);
      if (earlier.some((doc) => live(doc, claimedAt))) {
        await stepBack(id, claimedAt);
        return false;
      }
      await collection.deleteMany({ key, generation: { $lt: generation } }).catch(() => undefined);
      return true;
    },
    async claimOnce(key, ttlMs, at) {
      const claimedAt = at ?? now();
      try {
        await collection.insertOne({ _id: `${key}#0`, key, generation: 0, owner, claimedAt, expiresAt: new Date(claimedAt.getTime() + ttlMs) });
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === DUPLICATE_KEY) return false;
        throw error;
      }
    },
    async renew(key, ttlMs, at) {
      const renewedAt = at ?? now();
      const held = await mine(key);
      if (!held) return false;
      const extended = await collection.updateOne(
        { _id: held._id, owner, steppedBack: { $ne: true } },
        { $set: { expiresAt: new Date(renewedAt.getTime() + ttlMs) } },
      );
      if (extended.matchedCount !== 1) return false;
      const newer = await collection.findOne({ key, generation: { $gt: held.generation }, steppedBack: { $ne: true } }, { projection: { _id: 1 } });
      if (newer === null) return true;
      await stepBack(held._id, renewedAt);
      return false;
    },
    async release(key, at) {
      const held = await mine(key);
      if (!held) return;
      // Only the holder ever updates its own document, so this needs no atomic compare.
      await collection.updateOne({ _id: held._id, owner }, { $set: { expiresAt: at ?? now() } });
    },
  };
}
