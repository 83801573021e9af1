/**
 * The service's query gate: however many requests arrive at once, no more statistics queries are in flight on
 * Rocket.Chat's database than its width, and the long passes over the message collection start before the
 * other collections' queries (watched through the driver's command monitoring).
 */
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { createStatsService } from '../../src/stats/create-service.js';
import { INFO_SECTIONS } from '../../src/stats/result.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

const QUERY_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct']);

describe('the statistics query gate', () => {
  let client: MongoClient;
  let dbName: string;
  let inFlight = 0;
  let peak = 0;
  let started = 0;
  /** The collection of every query command, in the order they started. */
  const collections: unknown[] = [];

  beforeAll(async () => {
    const file = await openFileDb('query_gate');
    dbName = file.dbName;
    await seedWorkspace(file.db, { size: 'tiny', now: DEFAULT_NOW });
    client = await MongoClient.connect(file.serverUrl, { monitorCommands: true });
    const queries = new Set<number>();
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!QUERY_COMMANDS.has(event.commandName)) return;
      queries.add(event.requestId);
      collections.push(event.command[event.commandName]);
      started++;
      peak = Math.max(peak, ++inFlight);
    });
    const done = (event: { requestId: number }) => {
      if (queries.delete(event.requestId)) inFlight--;
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
    return () => client.close();
  });

  it.each([1, 2])('keeps at most %i queries in flight for concurrent requests of every card', async (width) => {
    peak = 0;
    started = 0;
    // No figure cache between the requests' queries: each request is a refresh, so all of them really query.
    const stats = createStatsService({ db: client.db(dbName), ttlMs: 0, concurrency: width, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY });
    await Promise.all([stats.get(['document']), stats.get(INFO_SECTIONS, { refresh: true }), stats.get(['usage'], { refresh: true })]);
    expect(started).toBeGreaterThan(width * 5);
    expect(peak).toBeLessThanOrEqual(width);
    expect(peak).toBe(width);
  });

  it('starts the Usage card\'s pass over the messages before its passes over users, rooms and uploads', async () => {
    const stats = createStatsService({ db: client.db(dbName), ttlMs: 0, concurrency: 1, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY });
    collections.length = 0;
    const result = await stats.get(['usage']);
    expect(result.usage?.totalThreads.value).toBeGreaterThan(0);
    const firstOf = (name: string) => collections.indexOf(name);
    expect(firstOf('rocketchat_message')).toBeGreaterThanOrEqual(0);
    for (const other of ['users', 'rocketchat_room', 'rocketchat_uploads']) {
      expect(firstOf(other), other).toBeGreaterThan(firstOf('rocketchat_message'));
    }
  });
});
