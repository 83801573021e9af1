/**
 * The statistics service: concurrent requests share one computation, results are reused for the TTL, `refresh`
 * recomputes, and the engine never writes to Rocket.Chat's database. Counted with the driver's command monitoring.
 */
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { StatsUnavailableError } from '../../src/stats/compute.js';
import { createStatsService } from '../../src/stats/create-service.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'create', 'createIndexes', 'drop', 'dropDatabase']);

describe('the statistics service', () => {
  let client: MongoClient;
  let dbName: string;
  const commands: CommandStartedEvent[] = [];
  const computations = () => commands.filter((c) => c.commandName === 'find' && c.command.find === 'rocketchat_statistics').length;

  beforeAll(async () => {
    const t = await openFileDb('service');
    dbName = t.dbName;
    await seedWorkspace(t.db, { size: 'tiny', now: DEFAULT_NOW });
    client = await MongoClient.connect(t.serverUrl, { monitorCommands: true });
    client.on('commandStarted', (event) => commands.push(event));
    return () => client.close();
  });

  function service(clock: { now: Date }) {
    return createStatsService({
      db: client.db(dbName),
      ttlMs: 60_000,
      now: () => clock.now,
      licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
      timeZone: 'UTC',
    });
  }

  it('answers concurrent requests with one computation', async () => {
    const stats = service({ now: DEFAULT_NOW });
    const before = computations();
    const results = await Promise.all([stats.get(), stats.get(), stats.get({ refresh: true }), stats.get()]);
    expect(computations() - before).toBe(1);
    for (const result of results) expect(result).toBe(results[0]);
  });

  it('reuses a computation until its TTL passes, and recomputes on refresh', async () => {
    const clock = { now: DEFAULT_NOW };
    const stats = service(clock);
    const first = await stats.get();
    const before = computations();
    clock.now = new Date(DEFAULT_NOW.getTime() + 59_000);
    expect(await stats.get()).toBe(first);
    expect(computations()).toBe(before);
    const refreshed = await stats.get({ refresh: true });
    expect(refreshed).not.toBe(first);
    expect(computations()).toBe(before + 1);
    clock.now = new Date(DEFAULT_NOW.getTime() + 59_000 + 60_001);
    const expired = await stats.get();
    expect(expired).not.toBe(refreshed);
    expect(computations()).toBe(before + 2);
  });

  it("never writes to Rocket.Chat's database", () => {
    const writes = commands.filter((c) => WRITE_COMMANDS.has(c.commandName));
    expect(commands.length).toBeGreaterThan(20);
    expect(writes.map((c) => c.commandName)).toEqual([]);
  });

  it('reads with secondary preference and a time limit on every query', () => {
    const queries = commands.filter((c) => ['find', 'aggregate', 'count'].includes(c.commandName));
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(query.command.maxTimeMS).toBe(10_000);
  });

  it('fails with one clear line when the database does not answer', async () => {
    const closed = await MongoClient.connect(client.options.hosts.map((h) => `mongodb://${h.toString()}/`)[0] as string);
    await closed.close();
    const stats = createStatsService({ db: closed.db(dbName), licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY });
    const error = await stats.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatsUnavailableError);
    expect((error as Error).message).toMatch(/^Rocket.Chat's database is not answering \(.+\): check that MongoDB is running and reachable\.$/);
  });
});
