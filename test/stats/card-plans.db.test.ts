/**
 * Per-card plans: each card alone asks only the collections its fields need (seen through the driver's command
 * monitoring) and its numbers equal those computed in plain TypeScript from the raw documents.
 */
import { type CommandStartedEvent, type Db, type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStats } from '../../src/stats/compute.js';
import type { InfoSection, PartialStatsResult } from '../../src/stats/result.js';
import { openFileDb, withDbName } from '../support/db.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { expectedInfoNumbers, type RawWorkspace, readRawWorkspace } from './raw-expectations.js';

const NOW = DEFAULT_NOW;
const VERSION = '7.10.2';
const keys = generateLicenseKeys();

/** A client that records the collection and filter of every query command. */
async function watched(serverUrl: string, dbName: string): Promise<{ db: Db; take(): { collection: string; command: Document }[] }> {
  const client = await MongoClient.connect(withDbName(serverUrl, dbName), { monitorCommands: true });
  afterAll(() => client.close());
  let seen: { collection: string; command: Document }[] = [];
  client.on('commandStarted', (event: CommandStartedEvent) => {
    if (!['find', 'aggregate', 'count', 'distinct'].includes(event.commandName)) return;
    seen.push({ collection: String(event.command[event.commandName]), command: event.command });
  });
  return {
    db: client.db(dbName),
    take() {
      const taken = seen;
      seen = [];
      return taken;
    },
  };
}

function compute(db: Db, parts: InfoSection[], licensePublicKey = keys.publicKeyPem): Promise<PartialStatsResult> {
  return computeStats({ db, parts, licensePublicKey, queryTimeoutMs: 20_000, concurrency: 2, now: NOW });
}

/** Active local users as Rocket.Chat's seat counter sees them, from the raw documents. */
function seats(raw: RawWorkspace): number {
  return expectedInfoNumbers(raw, VERSION).activeUsers ?? Number.NaN;
}

const aliveInstances = (raw: Document[]) => raw.filter((doc) => NOW.getTime() - (doc._updatedAt as Date).getTime() <= 60_000).length;
/**
 * Rocket.Chat's instanceCount (statistics.ts): instances updated since the server process started (less 2 s), that
 * start being the last snapshot's createdAt minus its process.uptime.
 */
const rcInstanceCount = (raw: Document[], snapshot: Document) => {
  const started = (snapshot.createdAt as Date).getTime() - (snapshot.process as { uptime: number }).uptime * 1000 - 2000;
  return raw.filter((doc) => (doc._updatedAt as Date).getTime() > started).length;
};

describe('the Deployment card alone', () => {
  let serverUrl: string;
  let raw: RawWorkspace;
  let instances: Document[];

  async function seeded(label: string, license?: string): Promise<{ db: Db; take(): { collection: string; command: Document }[] }> {
    const file = await openFileDb(label);
    serverUrl = file.serverUrl;
    await seedWorkspace(file.db, { size: 'tiny', rcVersion: VERSION, now: NOW, license });
    raw = await readRawWorkspace(file.db);
    instances = await file.db.collection('instances').find({}).toArray();
    return watched(serverUrl, file.dbName);
  }

  it('judges a Community workspace without reading users', async () => {
    const { db, take } = await seeded('plans_community');
    expect(aliveInstances(instances)).toBeGreaterThan(1); // the case where the card asks for the license at all
    const result = await compute(db, ['deployment']);
    expect(result.deployment?.enterprise).toBe(false);
    const [snapshot] = await db.collection('rocketchat_statistics').find({}).sort({ createdAt: -1 }).limit(1).toArray();
    expect(result.deployment?.instanceCount.value).toBe(rcInstanceCount(instances, snapshot as Document));
    expect(take().map((q) => q.collection)).not.toContain('users');
  });

  it('judges a license without invalidating limits valid without reading users', async () => {
    const license = signLicenseV3(makeLicenseV3({}, NOW), keys.privateKeyPem);
    const { db, take } = await seeded('plans_licensed', license);
    const result = await compute(db, ['deployment']);
    expect(result.deployment?.enterprise).toBe(true);
    expect(take().map((q) => q.collection)).not.toContain('users');
  });

  it.each([
    ['over', -1, false],
    ['at', 0, true],
  ] as const)('counts seats when a seat limit invalidates the license (seats %s the limit)', async (label, offset, valid) => {
    const { db, take } = await seeded(`plans_seats_${label}`);
    const max = seats(raw) + offset;
    const license = signLicenseV3(makeLicenseV3({ limits: { activeUsers: [{ max, behavior: 'invalidate_license' }] } }, NOW), keys.privateKeyPem);
    await db.collection('rocketchat_settings').updateOne({ _id: 'Enterprise_License' as never }, { $set: { value: license } });
    take();
    const result = await compute(db, ['deployment']);
    expect(result.deployment?.enterprise).toBe(valid);
    expect(take().map((q) => q.collection)).toContain('users');
  });
});

describe('the Federation card alone', () => {
  let db: Db;
  let take: () => { collection: string; command: Document }[];
  let raw: RawWorkspace;
  let result: PartialStatsResult;

  beforeAll(async () => {
    const file = await openFileDb('plans_federation');
    await seedWorkspace(file.db, { size: 'tiny', rcVersion: VERSION, now: NOW });
    raw = await readRawWorkspace(file.db);
    ({ db, take } = await watched(file.serverUrl, file.dbName));
    result = await compute(db, ['federation']);
  });

  it('counts federated users, external users and federated rooms as the raw documents say', () => {
    const federation = result.federation;
    // The seeded workspace has each kind, so a count that always answered 0 would fail.
    expect(raw.users.some((u) => u.isRemote === true) && raw.users.some((u) => u.federated === true)).toBe(true);
    expect(raw.rooms.some((r) => r.federated === true)).toBe(true);
    expect(federation?.federatedUsers.value).toBe(raw.users.filter((u) => u.isRemote === true).length);
    expect(federation?.federatedServers.value).toBe(raw.federationServers.length);
    expect(federation?.matrix.value?.amountOfExternalUsers).toBe(raw.users.filter((u) => u.federated === true).length);
    expect(federation?.matrix.value?.amountOfFederatedRooms).toBe(raw.rooms.filter((r) => r.federated === true).length);
  });

  it('reads users and rooms only through filters on the federation flags', () => {
    const broad = take().filter(({ collection, command }) => {
      if (collection !== 'users' && collection !== 'rocketchat_room') return false;
      const filter = command.query ?? command.filter ?? (command.pipeline as Document[] | undefined)?.[0]?.$match;
      return !filter || !/"(federated|isRemote)":true/.test(JSON.stringify(filter));
    });
    expect(broad).toEqual([]);
  });
});

describe('the Usage card alone', () => {
  let take: () => { collection: string; command: Document }[];
  let raw: RawWorkspace;
  let result: PartialStatsResult;
  let queries: { collection: string; command: Document }[];

  beforeAll(async () => {
    const file = await openFileDb('plans_usage');
    await seedWorkspace(file.db, { size: 'small', rcVersion: VERSION, now: NOW });
    // Users in every overlap of the seat exclusions (guest roles, federation flags, non-seat types).
    const edge = (id: string, fields: Document) => ({ _id: id, username: id, createdAt: NOW, ...fields });
    await file.db.collection('users').insertMany([
      edge('edge-remote-guest', { active: true, type: 'user', roles: ['guest'], isRemote: true, status: 'online' }),
      edge('edge-federated-guest', { active: true, type: 'user', roles: ['guest'], federated: true, status: 'away' }),
      edge('edge-both-flags', { active: true, type: 'user', roles: ['user'], federated: true, isRemote: true, status: 'busy' }),
      edge('edge-federated-bot', { active: true, type: 'bot', roles: ['bot'], federated: true }),
      edge('edge-remote-app-guest', { active: true, type: 'app', roles: ['guest'], isRemote: true }),
      edge('edge-inactive-remote', { active: false, type: 'user', roles: ['user'], isRemote: true }),
    ] as never[]);
    raw = await readRawWorkspace(file.db);
    let watchedDb: Db;
    ({ db: watchedDb, take } = await watched(file.serverUrl, file.dbName));
    result = await compute(watchedDb, ['usage']);
    queries = take();
  });

  it.each(['totalUsers', 'activeUsers', 'activeGuests', 'nonActiveUsers', 'appUsers', 'onlineUsers', 'awayUsers', 'busyUsers', 'offlineUsers', 'totalConnectedUsers', 'totalRooms', 'totalChannels', 'totalPrivateGroups', 'totalDirect', 'totalLivechat', 'totalDiscussions', 'totalThreads', 'totalMessages', 'totalChannelMessages', 'totalPrivateGroupMessages', 'totalDiscussionsMessages', 'totalDirectMessages', 'totalLivechatMessages', 'uploadsTotal', 'uploadsTotalSize'] as const)(
    '%s is what the raw documents say',
    (field) => {
      expect(result.usage?.[field]).toEqual({ value: expectedInfoNumbers(raw, VERSION)[field], source: 'live' });
    },
  );

  it('reads every user and every room once, everything else through narrow filters', () => {
    const broad = (collection: string) =>
      queries.filter((q) => q.collection === collection && q.command.aggregate !== undefined && !('$match' in ((q.command.pipeline as Document[])[0] ?? {})));
    expect(broad('users')).toHaveLength(1);
    expect(broad('rocketchat_room')).toHaveLength(1);
    // Σ msgs by room type filters on the four types, which is every room but VoIP ones: the second and last wide read.
    const roomReads = queries.filter((q) => q.collection === 'rocketchat_room');
    expect(roomReads).toHaveLength(4);
    expect(queries.filter((q) => q.collection === 'users')).toHaveLength(3);
    expect(queries.filter((q) => q.collection === 'rocketchat_message').map((q) => q.command.query)).toEqual([{ tcount: { $exists: true } }]);
  });
});

describe('the License card alone', () => {
  let raw: RawWorkspace;
  let result: PartialStatsResult;
  let queries: { collection: string; command: Document }[];

  beforeAll(async () => {
    const file = await openFileDb('plans_license');
    await seedWorkspace(file.db, { size: 'tiny', rcVersion: VERSION, now: NOW });
    // Users in every overlap of the seat exclusions (guest roles, federation flags, non-seat types, inactive).
    const edge = (id: string, fields: Document) => ({ _id: id, username: id, createdAt: NOW, ...fields });
    await file.db.collection('users').insertMany([
      edge('edge-remote-guest', { active: true, type: 'user', roles: ['guest'], isRemote: true }),
      edge('edge-federated-guest', { active: true, type: 'user', roles: ['guest'], federated: true }),
      edge('edge-guest-and-user', { active: true, type: 'user', roles: ['guest', 'user'] }),
      edge('edge-both-flags', { active: true, type: 'user', roles: ['user'], federated: true, isRemote: true }),
      edge('edge-federated-bot', { active: true, type: 'bot', roles: ['bot'], federated: true }),
      edge('edge-app-guest', { active: true, type: 'app', roles: ['guest'] }),
      edge('edge-inactive-guest', { active: false, type: 'user', roles: ['guest'] }),
      edge('edge-no-type', { active: true, roles: ['user'] }),
    ] as never[]);
    raw = await readRawWorkspace(file.db);
    const { db, take } = await watched(file.serverUrl, file.dbName);
    result = await compute(db, ['license']);
    queries = take();
  });

  it.each(['activeUsers', 'activeGuests'] as const)('%s (a seat counter) is what the raw documents say', (field) => {
    expect(result.license?.[field]).toEqual({ value: expectedInfoNumbers(raw, VERSION)[field], source: 'live' });
  });

  it('reads users only through filters (counts on the active and type indexes, the guest and federation passes), never all of them', () => {
    const users = queries.filter((q) => q.collection === 'users');
    const filterOf = (command: Document) => command.query ?? command.filter ?? (command.pipeline as Document[] | undefined)?.[0]?.$match;
    expect(users.length).toBeGreaterThan(0);
    for (const { command } of users) expect(Object.keys(filterOf(command) ?? {}).length, JSON.stringify(command)).toBeGreaterThan(0);
  });
});

describe('statistics.json counts moved to narrow queries', () => {
  it('counts two-factor users, livechat staff, broadcast and encrypted rooms as the raw documents say', async () => {
    const file = await openFileDb('plans_document');
    await seedWorkspace(file.db, { size: 'tiny', rcVersion: VERSION, now: NOW });
    const raw = await readRawWorkspace(file.db);
    const result = await computeStats({ db: file.db, parts: ['document'], licensePublicKey: keys.publicKeyPem, queryTimeoutMs: 20_000, concurrency: 2, now: NOW });
    const doc = result.document;
    const active = raw.users.filter((u) => u.active === true);
    const services = (u: Document) => (u.services ?? {}) as Record<string, { enabled?: unknown }>;
    const withRole = (role: string) => raw.users.filter((u) => Array.isArray(u.roles) && u.roles.includes(role)).length;
    const expected = {
      totalUserTOTP: active.filter((u) => services(u).totp?.enabled === true).length,
      totalUserEmail2fa: active.filter((u) => services(u).email2fa?.enabled === true).length,
      totalLivechatAgents: withRole('livechat-agent'),
      totalLivechatManagers: withRole('livechat-manager'),
      totalBroadcastRooms: raw.rooms.filter((r) => r.broadcast === true).length,
      totalE2ERooms: raw.rooms.filter((r) => r.encrypted === true).length,
    };
    expect(Object.values(expected).every((n) => n > 0)).toBe(true); // the seed has each kind: a 0 proves nothing
    expect({
      totalUserTOTP: doc?.totalUserTOTP,
      totalUserEmail2fa: doc?.totalUserEmail2fa,
      totalLivechatAgents: doc?.totalLivechatAgents,
      totalLivechatManagers: doc?.totalLivechatManagers,
      totalBroadcastRooms: doc?.totalBroadcastRooms,
      totalE2ERooms: doc?.totalE2ERooms,
    }).toEqual(expected);
  });
});
