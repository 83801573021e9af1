/**
 * Opening Rocket.Chat's database. The bot only reads it (by convention: nothing in src/ writes to it), preferring
 * secondaries so statistics never load the primary of a replica set.
 */
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';
import { MongoUrlError, parseMongoUrl } from './mongo-url.js';

/** Rocket.Chat's database, opened. */
export interface RocketChatDb {
  client: MongoClient;
  db: Db;
  dbName: string;
  /** host[:port] list, for messages. */
  hosts: string;
  close(): Promise<void>;
}

/** How to open it. */
export interface OpenDbOptions {
  /** How long to look for a server before giving up; short for the CLI so a wrong URL fails fast. */
  serverSelectionTimeoutMS?: number;
  appName?: string;
  /** Extra driver options (e.g. `monitorCommands` for the benchmark). */
  driver?: MongoClientOptions;
}

/** The database could not be reached or refused us; the message is one line and says what to check. */
export class DatabaseUnreachableError extends Error {}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}

/** Connects and pings once, so a wrong host, port or credential fails here with one clear line. */
export async function openRocketChatDb(url: string | undefined, options: OpenDbOptions = {}): Promise<RocketChatDb> {
  const { url: mongoUrl, dbName, hosts } = parseMongoUrl(url);
  const timeout = options.serverSelectionTimeoutMS ?? 10_000;
  let client: MongoClient;
  try {
    client = new MongoClient(mongoUrl, {
      serverSelectionTimeoutMS: timeout,
      readPreference: 'secondaryPreferred',
      appName: options.appName ?? 'rocketchat-infobot',
      ...options.driver,
    });
  } catch (error) {
    throw new MongoUrlError(`MONGO_URL has an option the MongoDB driver refuses (${firstLine((error as Error).message)}): fix or remove it.`);
  }
  try {
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => {});
    const reason = firstLine((error as Error).message) || (error as Error).name;
    throw new DatabaseUnreachableError(
      `Cannot reach Rocket.Chat's MongoDB at ${hosts} (${reason}) within ${Math.round(timeout / 1000)} s: check MONGO_URL and that MongoDB is running and reachable.`,
    );
  }
  return { client, db: client.db(dbName), dbName, hosts, close: () => client.close() };
}
