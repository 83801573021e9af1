/**
 * Claims: "do this once" across every replica of the bot. Each holding of a key is a document of its own,
 * `_id` = `<key>#<generation>`, so every change of hands is an insert that the unique `_id` lets exactly one
 * replica win. A conditional update ("take it if expired") would be simpler, but FerretDB does not apply it
 * atomically: several replicas racing on one expired claim were all told they had won. Inserts are atomic
 * on every engine and on MongoDB.
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
}

/** Claims over one collection of the bot's own database. */
export interface Claims {
  /** True when this owner now holds `key` (it was free or its previous claim expired), false when another does. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back early (e.g. a lease whose work finished). */
  release(key: string): Promise<void>;
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

  const current = (key: string) => collection.find({ key }).sort({ generation: -1 }).limit(1).next();

  return {
    async claim(key, ttlMs) {
      const claimedAt = now();
      const holder = await current(key);
      if (holder && holder.expiresAt > claimedAt) return false;
      const generation = holder ? holder.generation + 1 : 0;
      try {
        await collection.insertOne({
          _id: `${key}#${generation}`,
          key,
          generation,
          owner,
          claimedAt,
          expiresAt: new Date(claimedAt.getTime() + ttlMs),
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === DUPLICATE_KEY) return false;
        throw error;
      }
      if (generation > 0) await collection.deleteMany({ key, generation: { $lt: generation } }).catch(() => undefined);
      return true;
    },
    async release(key) {
      const holder = await current(key);
      if (holder?.owner !== owner) return;
      // Only the holder ever updates its own document, so this needs no atomic compare.
      await collection.updateOne({ _id: holder._id }, { $set: { expiresAt: now() } });
    },
  };
}
