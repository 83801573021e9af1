/**
 * The bot's own database (INFOBOT_MONGO_URL): claims, and whatever later features keep (history,
 * audit). Never Rocket.Chat's database. Opening it does not wait for the server: the driver connects
 * on first use, so the bot starts (and answers with an error card) while MongoDB is still away.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { type Claims, openClaims } from './claims.js';

/** The bot's own database and what is built on it. */
export interface Store {
  db: Db;
  claims: Claims;
  /** This process's name in claims: host, pid and a random suffix. */
  owner: string;
  close(): Promise<void>;
}

/** How long a failed store call may wait for the server before the bot carries on without it. */
const SERVER_SELECTION_MS = 2_000;

/** Opens the store; the claims' index is prepared in the background and retried on first use. */
export function openStore(url: string, options: { now?: () => Date } = {}): Store {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: SERVER_SELECTION_MS, appName: 'infobot-store' });
  const db = client.db();
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let claims: Promise<Claims> | undefined;
  const ready = () => {
    claims ??= openClaims(db, owner, options).catch((error: unknown) => {
      claims = undefined;
      throw error;
    });
    return claims;
  };
  void ready().catch(() => undefined);
  return {
    db,
    owner,
    claims: {
      claim: async (key, ttlMs, at) => (await ready()).claim(key, ttlMs, at),
      claimOnce: async (key, ttlMs, at) => (await ready()).claimOnce(key, ttlMs, at),
      renew: async (key, ttlMs, at) => (await ready()).renew(key, ttlMs, at),
      release: async (key, at) => (await ready()).release(key, at),
    },
    close: () => client.close(),
  };
}
