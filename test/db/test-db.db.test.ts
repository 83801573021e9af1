import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { MissingToolchainError, startTestDb } from '../support/test-db.js';

describe('the test database', () => {
  it('is a MongoDB-wire server that the official driver reads and writes over TCP', async () => {
    const { db } = await openFileDb();
    await db.collection('probe').insertMany([{ _id: 'a' as never, n: 1 }, { _id: 'b' as never, n: 2 }]);
    const docs = await db.collection('probe').find({}).sort({ _id: 1 }).toArray();
    expect(docs.map((d) => d.n)).toEqual([1, 2]);
    const build = await db.admin().command({ buildInfo: 1 });
    expect(build.version).toMatch(/^\d+\.\d+/);
    expect(inject('mongoUrl')).toMatch(/^mongodb:\/\/[^/]+\//);
  });

  it('gives each test file a database of its own', async () => {
    const a = await openFileDb();
    const b = await openFileDb();
    expect(a.dbName).not.toBe(b.dbName);
    await a.db.collection('x').insertOne({ v: 1 });
    expect(await b.db.collection('x').find({}).toArray()).toEqual([]);
  });
});

describe('starting an engine', () => {
  it('uses the server in MONGO_URL and starts nothing', async () => {
    const url = inject('mongoUrl');
    const db = await startTestDb('ferretdb', { ...process.env, MONGO_URL: url });
    expect(db).toMatchObject({ engine: 'external', url });
    const client = await MongoClient.connect(db.url);
    await client.db('admin').command({ ping: 1 });
    await client.close();
    await db.stop();
  });

  it.each(['memory', 'ferretdb'] as const)('names the missing toolchain for %s and the MONGO_URL alternative, in one line', async (engine) => {
    const emptyCache = mkdtempSync(join(tmpdir(), 'infobot-cache-'));
    const env = { ...process.env, PATH: '/nonexistent', MONGO_URL: '', INFOBOT_TEST_DB_CACHE: emptyCache };
    const error = await startTestDb(engine, env).then(
      () => undefined,
      (e: unknown) => e,
    );
    rmSync(emptyCache, { recursive: true, force: true });
    expect(error).toBeInstanceOf(MissingToolchainError);
    const message = (error as Error).message;
    expect(message).toMatch(engine === 'memory' ? /java command is missing: install/ : /go command is missing: install/);
    expect(message).toContain('MONGO_URL');
    expect(message.split('\n')).toHaveLength(1);
  });
});
