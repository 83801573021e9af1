/** Per-test-file access to the run's test database: each file works in a database of its own. */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, expect, inject } from 'vitest';

/** A database reserved for one test file, on the run's server. */
export interface FileDb {
  client: MongoClient;
  db: Db;
  dbName: string;
  /** Server URL without a database name. */
  serverUrl: string;
  /** Rocket.Chat-style URL whose path names this database, as MONGO_URL is given to the bot. */
  url: string;
  engine: string;
}

/** A fresh database name derived from the calling test file (readable in server logs). */
export function uniqueDbName(label?: string): string {
  const file = basename(expect.getState().testPath ?? 'test').replace(/\.test\.ts$/, '').replace(/\W+/g, '_');
  return `${label ?? file}_${randomBytes(4).toString('hex')}`.slice(0, 60);
}

/** Joins a server URL and a database name, keeping any query string. */
export function withDbName(serverUrl: string, dbName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** Opens the run's server with a database of this file's own; closed after the file's tests. */
export async function openFileDb(label?: string): Promise<FileDb> {
  const serverUrl = inject('mongoUrl');
  const dbName = uniqueDbName(label);
  const client = await MongoClient.connect(serverUrl);
  afterAll(async () => {
    await client.db(dbName).dropDatabase().catch(() => {});
    await client.close();
  });
  return { client, db: client.db(dbName), dbName, serverUrl, url: withDbName(serverUrl, dbName), engine: inject('mongoEngine') };
}
