/**
 * The statistics service: a request runs only the queries of the parts it names, each figure is shared while in
 * flight and reused while fresh (so `/info usage` after `/info download` asks nothing again), `refresh` asks anew,
 * the observer hears of every figure, and the engine never writes to Rocket.Chat's database. Counted with the
 * driver's command monitoring.
 */
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { StatsUnavailableError } from '../../src/stats/compute.js';
import { createStatsService } from '../../src/stats/create-service.js';
import type { FigureEvent } from '../../src/stats/figure-cache.js';
import { INFO_SECTIONS } from '../../src/stats/result.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'create', 'createIndexes', 'drop', 'dropDatabase']);
const QUERY_COMMANDS = new Set(['find', 'aggregate', 'count']);

/** The collection a query command reads. */
function collectionOf(event: CommandStartedEvent): string {
  const command = event.command as Record<string, unknown>;
  return String(command[event.commandName]);
}

describe('the statistics service', () => {
  let client: MongoClient;
  let dbName: string;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    const t = await openFileDb('service');
    dbName = t.dbName;
    await seedWorkspace(t.db, { size: 'tiny', now: DEFAULT_NOW });
    client = await MongoClient.connect(t.serverUrl, { monitorCommands: true });
    client.on('commandStarted', (event) => commands.push(event));
    return () => client.close();
  });

  function service(clock: { now: Date }, events: FigureEvent[] = []) {
    return createStatsService({
      db: client.db(dbName),
      ttlMs: 60_000,
      now: () => clock.now,
      licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
      observer: (event) => events.push(event),
    });
  }

  /** The query commands `run` sends, as `command:collection`. */
  async function queriesOf(run: () => Promise<unknown>): Promise<string[]> {
    const before = commands.length;
    await run();
    return commands
      .slice(before)
      .filter((c) => QUERY_COMMANDS.has(c.commandName))
      .map((c) => `${c.commandName}:${collectionOf(c)}`);
  }

  it('runs for a card only the queries of that card', async () => {
    const usage = await queriesOf(() => service({ now: DEFAULT_NOW }).get(['usage']));
    expect(usage).toEqual(expect.arrayContaining(['aggregate:users', 'aggregate:rocketchat_room', 'aggregate:rocketchat_uploads']));
    for (const other of ['instances', 'migrations', 'rocketchat_federation_servers', 'rocketchat_integrations', 'rocketchat_invites']) {
      expect(usage.join(' ')).not.toContain(`:${other}`);
    }
    const deployment = await queriesOf(() => service({ now: DEFAULT_NOW }).get(['deployment']));
    expect(deployment).toEqual(expect.arrayContaining(['find:instances', 'find:migrations']));
    // (users are read only for the license verdict, which the card needs while several instances run.)
    for (const other of ['rocketchat_message', 'rocketchat_uploads', 'rocketchat_subscription', 'rocketchat_room']) {
      expect(deployment.join(' ')).not.toContain(`:${other}`);
    }
  });

  it('shares a figure between concurrent requests', async () => {
    const stats = service({ now: DEFAULT_NOW });
    const queries = await queriesOf(() => Promise.all([stats.get(['usage']), stats.get(['usage']), stats.get(INFO_SECTIONS)]));
    const userGroupPasses = queries.filter((q) => q === 'aggregate:users').length;
    // Three user passes (every user, guests only, federated users: the last shared with the Federation card), once
    // each for all three requests.
    expect(userGroupPasses).toBe(3);
    expect(queries.filter((q) => q === 'find:rocketchat_statistics')).toHaveLength(1);
  });

  it('reuses fresh figures across requests: usage after the whole document sends nothing to the database, not even a ping', async () => {
    const clock = { now: DEFAULT_NOW };
    const events: FigureEvent[] = [];
    const stats = service(clock, events);
    const before = commands.length;
    const whole = await stats.get(['document']);
    // A request that queries pings first, so a database that is down is told apart from slow queries.
    expect(commands[before]?.commandName).toBe('ping');
    expect(commands.slice(before).filter((c) => c.commandName === 'ping')).toHaveLength(1);
    clock.now = new Date(DEFAULT_NOW.getTime() + 59_000);
    events.length = 0;
    const sentBefore = commands.length;
    const usage = await queriesOf(() => stats.get(['usage']));
    expect(usage).toEqual([]);
    expect(commands.slice(sentBefore).map((c) => c.commandName)).toEqual([]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === 'cache')).toBe(true);
    const again = await stats.get(['usage']);
    expect(again.usage.totalUsers.value).toBe(whole.usage.totalUsers.value);
    // The answer is as old as its oldest figure.
    expect(again.computedAt).toEqual(DEFAULT_NOW);
  });

  it('asks again once a figure is older than its TTL, and at once on refresh', async () => {
    const clock = { now: DEFAULT_NOW };
    const events: FigureEvent[] = [];
    const stats = service(clock, events);
    await stats.get(['usage']);
    clock.now = new Date(DEFAULT_NOW.getTime() + 10_000);
    expect(await queriesOf(() => stats.get(['usage'], { refresh: true }))).toContain('aggregate:users');
    clock.now = new Date(DEFAULT_NOW.getTime() + 69_000);
    expect(await queriesOf(() => stats.get(['usage']))).toEqual([]);
    clock.now = new Date(DEFAULT_NOW.getTime() + 70_001);
    events.length = 0;
    const expired = await queriesOf(() => stats.get(['usage']));
    expect(expired).toContain('aggregate:users');
    const userGroups = events.find((e) => e.key === 'userGroups');
    expect(userGroups).toMatchObject({ kind: 'query', outcome: 'ok' });
    expect(userGroups?.ms).toBeGreaterThanOrEqual(0);
  });

  it("never writes to Rocket.Chat's database", () => {
    const writes = commands.filter((c) => WRITE_COMMANDS.has(c.commandName));
    expect(commands.length).toBeGreaterThan(20);
    expect(writes.map((c) => c.commandName)).toEqual([]);
  });

  it('reads with secondary preference and a time limit on every query', () => {
    const queries = commands.filter((c) => QUERY_COMMANDS.has(c.commandName));
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(query.command.maxTimeMS).toBe(10_000);
  });

  it('fails with one clear line when the database does not answer', async () => {
    const closed = await MongoClient.connect(client.options.hosts.map((h) => `mongodb://${h.toString()}/`)[0] as string);
    await closed.close();
    const stats = createStatsService({ db: closed.db(dbName), licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY });
    const error = await stats.get(['usage']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatsUnavailableError);
    expect((error as Error).message).toMatch(/^Rocket.Chat's database is not answering \(.+\): check that MongoDB is running and reachable\.$/);
  });
});
