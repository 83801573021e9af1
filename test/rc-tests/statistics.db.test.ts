import type { Db, Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { rcLastStatistics, rcSaveStatistics, rcStatistics } from '../rc/statistics.js';
import { openFileDb } from '../support/db.js';
import { insertFixtureWorkspace } from './fixture-workspace.js';

const NOW = new Date('2026-11-26T12:00:00Z');

type Raw = Record<string, Document[]>;

async function readBack(db: Db, names: string[]): Promise<Raw> {
  const raw: Raw = {};
  for (const name of names) raw[name] = await db.collection(name).find({}).toArray();
  return raw;
}

const isActive = (u: Document) => u.active === true;
const exactlyGuest = (u: Document) => Array.isArray(u.roles) && u.roles.length === 1 && u.roles[0] === 'guest';
const sum = (docs: Document[], pick: (d: Document) => number) => docs.reduce((n, d) => n + pick(d), 0);

// Expected values computed from the documents in plain TypeScript, with Rocket.Chat's meaning per version.
function expectedFor(raw: Raw, version: '6.3' | '7.0' | '7.6' | '8.3') {
  const users = raw.users ?? [];
  const rooms = raw.rocketchat_room ?? [];
  const messages = raw.rocketchat_message ?? [];
  const excludedTypes = version === '6.3' ? ['app'] : ['app', 'bot'];
  const active = users.filter(isActive);
  const activeUsers =
    active.length - active.filter((u) => exactlyGuest(u) || excludedTypes.includes(u.type) || u.federated === true || u.isRemote === true).length;
  const byStatus = (s: string) => users.filter((u) => u.status === s).length;
  const ofType = (t: string) => rooms.filter((r) => r.t === t);
  const msgs = (list: Document[]) => sum(list, (r) => r.msgs);
  const split = version !== '6.3';
  const disc = (t: string) => msgs(ofType(t).filter((r) => r.prid));
  const channelMessages = msgs(ofType('c')) - (split ? disc('c') : 0);
  const groupMessages = msgs(ofType('p')) - (split ? disc('p') : 0);
  const discussionsMessages = disc('c') + disc('p');
  const languages: Record<string, number> = { none: users.length };
  for (const u of users) {
    if (typeof u.language === 'string' && u.language !== '') {
      languages[u.language] = (languages[u.language] ?? 0) + 1;
      languages.none = (languages.none ?? 0) - 1;
    }
  }
  const roomsWith = (pred: (m: Document) => boolean) => new Set(messages.filter(pred).map((m) => m.rid)).size;
  const lastLoginUser = [...users].filter((u) => u.lastLogin).sort((a, b) => b.lastLogin - a.lastLogin)[0];
  const lastMessage = [...messages].sort((a, b) => b.ts - a.ts)[0];
  const lastSub = [...(raw.rocketchat_subscription ?? [])].filter((s) => s.ls).sort((a, b) => b.ls - a.ls)[0];
  const expected: Record<string, unknown> = {
    totalUsers: users.length,
    activeUsers,
    activeGuests: users.filter((u) => isActive(u) && u.type !== 'app' && exactlyGuest(u) && u.isRemote !== true).length,
    nonActiveUsers: users.filter((u) => u.active === false).length,
    appUsers: users.filter((u) => u.type === 'app').length,
    onlineUsers: byStatus('online'),
    awayUsers: byStatus('away'),
    busyUsers: byStatus('busy'),
    totalConnectedUsers: byStatus('online') + byStatus('away'),
    offlineUsers: users.length - byStatus('online') - byStatus('away') - byStatus('busy'),
    userLanguages: languages,
    totalRooms: rooms.length,
    totalChannels: ofType('c').length,
    totalPrivateGroups: ofType('p').length,
    totalDirect: ofType('d').length,
    totalLivechat: ofType('l').length,
    totalDiscussions: rooms.filter((r) => 'prid' in r).length,
    totalThreads: messages.filter((m) => 'tcount' in m).length,
    totalChannelMessages: channelMessages,
    totalPrivateGroupMessages: groupMessages,
    totalDirectMessages: msgs(ofType('d')),
    totalLivechatMessages: msgs(ofType('l')),
    totalMessages: channelMessages + groupMessages + (split ? discussionsMessages : 0) + msgs(ofType('d')) + msgs(ofType('l')),
    lastLogin: lastLoginUser ? lastLoginUser.lastLogin.toString() : '',
    lastSeenSubscription: lastSub ? lastSub.ls.toString() : '',
    lastMessageSentAt: lastMessage?.ts,
    uploadsTotal: (raw.rocketchat_uploads ?? []).length,
    uploadsTotalSize: sum(raw.rocketchat_uploads ?? [], (f) => f.size),
    totalPinned: messages.filter((m) => m.t !== 'rm' && m._hidden !== true && m.pinned === true).length,
    totalStarred: messages.filter((m) => m._hidden !== true && Array.isArray(m.starred) && m.starred.length > 0).length,
    totalRoomsWithPinned: roomsWith((m) => m.pinned === true),
    totalRoomsWithStarred: roomsWith((m) => Array.isArray(m.starred) && m.starred.length > 0),
    totalEncryptedMessages: messages.filter((m) => m.t === 'e2e').length,
    chatsOnHold: roomsWith((m) => m.t === 'omnichannel_placed_chat_on_hold'),
    totalBroadcastRooms: rooms.filter((r) => r.broadcast === true).length,
    totalE2ERooms: rooms.filter((r) => r.encrypted === true).length,
    totalLivechatAgents: users.filter((u) => u.roles?.includes('livechat-agent')).length,
    totalLivechatManagers: users.filter((u) => u.roles?.includes('livechat-manager')).length,
    totalUserTOTP: users.filter((u) => isActive(u) && u.services?.totp?.enabled === true).length,
    totalUserEmail2fa: users.filter((u) => isActive(u) && u.services?.email2fa?.enabled === true).length,
    totalLinkInvitation: (raw.rocketchat_invites ?? []).length,
    totalLinkInvitationUses: sum(raw.rocketchat_invites ?? [], (i) => i.uses ?? 0),
    totalSubscriptionRoles: (raw.rocketchat_roles ?? []).filter((r) => r.scope === 'Subscriptions').length,
    totalUserRoles: (raw.rocketchat_roles ?? []).filter((r) => r.scope === 'Users').length,
    totalCustomRoles: (raw.rocketchat_roles ?? []).filter((r) => r.protected === false).length,
    instanceCount: (raw.instances ?? []).filter((i) => i._updatedAt.getTime() > NOW.getTime() - 3600 * 1000 - 2000).length,
    teams: {
      totalTeams: (raw.rocketchat_team ?? []).length,
      totalRoomsInsideTeams: rooms.filter((r) => 'teamId' in r && !('teamMain' in r)).length,
      totalDefaultRoomsInsideTeams: rooms.filter((r) => 'teamId' in r && !('teamMain' in r) && r.teamDefault === true).length,
    },
    departments: (raw.rocketchat_livechat_department ?? []).length,
    archivedDepartments: (raw.rocketchat_livechat_department ?? []).filter((d) => d.archived === true).length,
    totalLivechatVisitors: (raw.rocketchat_livechat_visitor ?? []).length,
  };
  if (split) expected.totalDiscussionsMessages = discussionsMessages;
  if (version !== '8.3') {
    expected.federatedUsers = users.filter((u) => u.isRemote === true).length;
    expected.voipCalls = ofType('v').length;
    expected.voipExtensions = users.filter((u) => 'extension' in u).length;
    expected.voipSuccessfulCalls = messages.filter((m) => m.t === 'voip-call-wrapup').length;
    expected.omnichannelWebRTCCalls = rooms.filter((r) => 'callStatus' in r).length;
  }
  // Until OTR left in 8.0 (PR #36691): 7.x, estimated totals or not, still counts OTR rooms.
  if (version !== '8.3') expected.totalOTRRooms = rooms.filter((r) => r.createdOTR === true).length;
  if (version !== '6.3') expected.totalLivechatRoomsWithDepartment = rooms.filter((r) => 'departmentId' in r).length;
  return expected;
}

describe("Rocket.Chat's statistics plan on a workspace with every edge case", () => {
  let db: Db;
  let raw: Raw;
  beforeAll(async () => {
    const t = await openFileDb();
    db = t.db;
    await insertFixtureWorkspace(db, NOW);
    raw = await readBack(db, [
      'users',
      'rocketchat_room',
      'rocketchat_message',
      'rocketchat_subscription',
      'rocketchat_uploads',
      'rocketchat_invites',
      'rocketchat_roles',
      'instances',
      'rocketchat_team',
      'rocketchat_livechat_department',
      'rocketchat_livechat_visitor',
      'rocketchat_sessions',
    ]);
  });

  const run = (version: string) => rcStatistics(db, { version: `${version}.0`, now: NOW, uptimeSeconds: 3600, pid: 4242, nodeVersion: 'v22.11.0', env: {} });

  it.each(['6.3', '7.0', '7.6', '8.3'] as const)('gives the numbers Rocket.Chat %s would, computed from the raw documents', async (version) => {
    const stats = await run(version);
    const expected = expectedFor(raw, version);
    for (const [field, value] of Object.entries(expected)) {
      expect.soft(stats[field], field).toEqual(value);
    }
  });

  it('counts bots as active users before 6.4 and not from 6.4 on', async () => {
    const bots = raw.users?.filter((u) => u.type === 'bot' && u.active === true).length ?? 0;
    expect(bots).toBeGreaterThan(0);
    const [v63, v64] = [await run('6.3'), await run('6.4')];
    expect((v63.activeUsers as number) - (v64.activeUsers as number)).toBe(bots);
  });

  it('splits discussion messages out of channel and group messages from 6.5 on', async () => {
    const v63 = await run('6.3');
    const v65 = await run('6.5');
    expect(v63).not.toHaveProperty('totalDiscussionsMessages');
    expect(v65.totalDiscussionsMessages).toBeGreaterThan(0);
    expect(v65.totalMessages).toBe(v63.totalMessages);
    expect(
      (v65.totalChannelMessages as number) + (v65.totalPrivateGroupMessages as number) + (v65.totalDiscussionsMessages as number),
    ).toBe((v63.totalChannelMessages as number) + (v63.totalPrivateGroupMessages as number));
  });

  it('drops the fields 8.x removed and reports oplog as disabled in 8.x', async () => {
    const v8 = await run('8.3');
    const v7 = await rcStatistics(db, { version: '7.6.0', now: NOW, uptimeSeconds: 3600, oplogEnabled: true, env: {} });
    for (const field of ['federatedServers', 'federatedUsers', 'voipCalls', 'voipEnabled', 'webRTCEnabled', 'omnichannelWebRTCCalls', 'totalOTRRooms']) {
      expect(v8, field).not.toHaveProperty(field);
    }
    expect(v7.federatedUsers).toBeTypeOf('number');
    expect(v7.oplogEnabled).toBe(true);
    expect(v8.oplogEnabled).toBe(false);
    expect(v8.fileStoreType).toBe('GridFS');
    expect(v8.contactVerification).toMatchObject({ totalContacts: 3, totalUnknownContacts: 1, totalConflicts: 1, totalBlockedContacts: 2, totalFullyBlockedContacts: 1, totalPartiallyBlockedContacts: 1, totalVerifiedContacts: 1, totalContactsWithoutChannels: 1 });
    expect(v8.allowUnsafeQueryAndFieldsApiParamsEnabled).toBe(false);
  });

  it('reports the server process, deployment and migration as an instance of Rocket.Chat would', async () => {
    const stats = await rcStatistics(db, { version: '7.0.0', now: NOW, uptimeSeconds: 12.5, pid: 99, nodeVersion: 'v20.0.0', env: { DEPLOY_METHOD: 'docker' } });
    expect(stats.process).toEqual({ nodeVersion: 'v20.0.0', pid: 99, uptime: 12.5 });
    expect(stats.deploy).toEqual({ method: 'docker', platform: 'selfinstall' });
    expect(stats.migration).toMatchObject({ _id: 'control', version: 316, locked: false });
    expect(stats.mongoVersion).toMatch(/^\d+\.\d+/);
    // Neither test engine reports storageEngine in serverStatus: Rocket.Chat falls back to buildinfo and 'unknown'.
    expect(typeof stats.mongoStorageEngine).toBe('string');
    expect(stats.uniqueId).toBe('b6a1c0de-0000-4000-8000-000000000001');
    const uniqueID = await db.collection('rocketchat_settings').findOne({ _id: 'uniqueID' as never });
    expect(stats.installedAt).toBe(uniqueID?.createdAt.toISOString());
    expect(stats.version).toBe('7.0.0');
    expect(stats.os).toMatchObject({ platform: process.platform });
    expect(stats.maxMonthlyPeakConnections).toBe(17);
    expect(stats.dailyPeakConnections).toBe(0);
    expect(stats.apps).toEqual({ engineVersion: '1.47.0', totalInstalled: false, totalActive: false, totalFailed: false });
  });

  it('derives the settings-based fields as Rocket.Chat does', async () => {
    const stats = await run('7.0');
    expect(stats.wizard).toEqual({ organizationType: 'community', industry: undefined, size: undefined, country: 'germany', language: undefined, serverType: undefined, registerServer: false });
    const v63 = await run('6.3');
    expect(v63.wizard).toEqual({ organizationType: 'community', country: 'germany', registerServer: false });
    expect(stats.push).toBe(3);
    expect(stats.homeTitleChanged).toBe(false);
    expect(stats.homeBodyChanged).toBe(true);
    expect(stats.customCSSChanged).toBe(false);
    expect(stats.logoChange).toBe(true);
    expect(stats.routingAlgorithm).toBe('Auto_Selection');
    expect(stats.livechatAutomaticForwardingUnansweredChats).toBe(false);
    expect(stats.integrations).toEqual({ totalIntegrations: 3, totalIncoming: 2, totalIncomingActive: 1, totalOutgoing: 1, totalOutgoingActive: 1, totalWithScriptEnabled: 1 });
    expect(stats.settings).toMatchObject({ e2ee: { e2e: false }, cannedResponses: { cannedResponsesEnabled: true }, message: { readReceiptEnabled: true } });
    // rolesToSync is whether roles to sync are set (`!!`), userDataCustomFieldMap whether the map differs from its default.
    const services = stats.services as { oauth: Record<string, unknown>; saml: { userDataCustomFieldMap: unknown } };
    expect(services.oauth.custom).toEqual({ Keycloak: { enabled: true, mergeRoles: false, users: 0, rolesToSync: false } });
    expect(services.oauth).toHaveProperty('tokenpass');
    expect(services.saml.userDataCustomFieldMap).toBe(false);
    expect((stats.services as { ldap: { users: number } }).ldap.users).toBe(1);
    expect(stats.videoConf).toMatchObject({ videoConference: { started: 1, ended: 0 }, direct: { calling: 0, started: 0, ended: 1 } });
    expect(stats.enterprise).toEqual({ modules: [], tags: [], seatRequests: 0 });
  });

  it('groups omnichannel rooms by source and counts monthly active contacts per source', async () => {
    const stats = await run('7.0');
    expect(stats.omnichannelSources).toEqual(
      expect.arrayContaining([
        { id: undefined, alias: 'site', type: 'widget', count: 2 },
        { id: undefined, alias: undefined, type: 'email', count: 1 },
      ]),
    );
    expect(stats.omnichannelContactsBySource).toEqual({ contactsCount: 1, conversationsCount: 2, sources: [{ source: 'site', contactsCount: 1, conversationsCount: 2 }] });
    const week = stats.uniqueContactsOfLastWeek as { conversationsCount: number; sources: unknown[] };
    expect(week.conversationsCount).toBe(2);
    expect(week.sources).toEqual(expect.arrayContaining([{ source: 'site', contactsCount: 1, conversationsCount: 1 }, { source: 'email', contactsCount: 1, conversationsCount: 1 }]));
    expect(stats.uniqueContactsOfYesterday).toEqual({ contactsCount: 1, conversationsCount: 1, sources: [{ source: 'email', contactsCount: 1, conversationsCount: 1 }] });
  });

  it('summarises yesterday, last week and last month of user_daily sessions', async () => {
    const stats = await run('7.0');
    const yesterday = stats.uniqueUsersOfYesterday as { data: { count: number; sessions: number; time: number; roles: unknown[] }[] };
    expect(yesterday.data).toHaveLength(1);
    expect(yesterday.data[0]).toMatchObject({ count: 2, sessions: 3, time: 400 });
    const week = stats.uniqueUsersOfLastWeek as { data: { count: number; sessions: number; time: number; roles: { role: string }[] }[] };
    expect(week.data[0]).toMatchObject({ count: 2, sessions: 7, time: 450 });
    expect(week.data[0]?.roles.map((r) => r.role)).toEqual(['admin', 'user']);
    const month = stats.uniqueUsersOfLastMonth as { data: { count: number; sessions: number }[] };
    expect(month.data[0]).toMatchObject({ count: 3, sessions: 8 });
    const os = stats.uniqueOSOfYesterday as { data: { name: string; count: number; time: number }[] };
    expect(os.data).toEqual([
      { name: 'Linux', version: '6', count: 2, time: 300 },
      { name: 'Windows', version: '6', count: 1, time: 100 },
    ]);
    expect(stats.uniqueDevicesOfLastWeek).toMatchObject({ data: [{ type: 'browser', name: 'Firefox', version: '120', count: 7, time: 450 }] });
  });
});

describe("Rocket.Chat's message sums", () => {
  it('turn into NaN (null in JSON) when one room of the type has no msgs counter, as in Rocket.Chat', async () => {
    const { db } = await openFileDb('rc_nan');
    await db.collection('rocketchat_room').insertMany([
      { _id: 'a' as never, t: 'c', msgs: 3 },
      { _id: 'b' as never, t: 'c' },
      { _id: 'c' as never, t: 'd', msgs: 2 },
    ]);
    const stats = await rcStatistics(db, { version: '7.0.0', env: {} });
    const json = JSON.parse(JSON.stringify(stats));
    expect(json.totalChannelMessages).toBeNull();
    expect(json.totalMessages).toBeNull();
    expect(json.totalDirectMessages).toBe(2);
  });
});

describe('the parallel group', () => {
  it('leaves out the fields whose tasks had not finished when one task failed, and never throws', async () => {
    const { db } = await openFileDb('rc_parallel');
    await insertFixtureWorkspace(db, NOW);
    const stats = await rcStatistics(db, { version: '7.0.0', now: NOW, env: {}, failParallel: ['teams'] });
    expect(stats).not.toHaveProperty('teams');
    // Sequential fields are never affected.
    expect(stats.totalUsers).toBeTypeOf('number');
    expect(stats.totalMessages).toBeTypeOf('number');
    const complete = await rcStatistics(db, { version: '7.0.0', now: NOW, env: {} });
    expect(complete).toHaveProperty('teams');
  });

  it('refuses to inject a failure into a task it does not know, listing the known ones', async () => {
    const { db } = await openFileDb('rc_parallel_unknown');
    await expect(rcStatistics(db, { version: '7.0.0', env: {}, failParallel: ['nope'] })).rejects.toThrow(/unknown statistics task "nope": use one of userLanguages, /);
  });
});

describe('saving statistics', () => {
  it('inserts a snapshot with createdAt and a 24-hex string _id, and findLast returns the newest', async () => {
    const { db } = await openFileDb('rc_save');
    expect(await rcLastStatistics(db)).toBeUndefined();
    const first = await rcSaveStatistics(db, { version: '8.3.0', now: new Date('2026-01-01T00:00:00Z'), env: {} });
    const second = await rcSaveStatistics(db, { version: '8.3.0', now: new Date('2026-01-02T00:00:00Z'), env: {}, uptimeSeconds: 99 });
    expect(first._id).toMatch(/^[0-9a-f]{24}$/);
    expect(typeof first._id).toBe('string');
    const stored = await db.collection('rocketchat_statistics').find({}).toArray();
    expect(stored).toHaveLength(2);
    const last = (await rcLastStatistics(db)) ?? {};
    expect(last._id).toBe(second._id);
    expect(last.createdAt).toEqual(new Date('2026-01-02T00:00:00Z'));
    // Rocket.Chat's API test: a refresh computes a new snapshot whose process.uptime differs.
    expect((last.process as { uptime: number }).uptime).not.toBe((first.process as { uptime: number }).uptime);
  });
});

// The case the seeded workspaces carry (test/support/seed/core-rooms.ts: `legacy-import`, a private room an old importer
// wrote without `msgs`), added to the small fixture: seeding a whole workspace made this test run Rocket.Chat's plan
// for about 30 s on FerretDB, against a 30 s limit, to check five sums.
describe('saving statistics of a workspace with an imported room', () => {
  it('stores a message sum that is NaN (a private room without msgs) as null, and the other sums as numbers', async () => {
    const { db } = await openFileDb('rc_save_nan');
    await insertFixtureWorkspace(db, NOW);
    await db.collection('rocketchat_room').insertOne({ _id: 'legacy-import' as never, t: 'p', name: 'legacy-import', importIds: ['slack-C024BE91L'] });
    const rooms = await db.collection('rocketchat_room').find({}).toArray();
    const ofType = (t: string) => rooms.filter((r) => r.t === t);
    // Rocket.Chat's reducer in plain TypeScript: `num + room.msgs`, NaN as soon as one room lacks the counter.
    const jsSum = (list: Document[]) => list.reduce<number>((n, r) => n + r.msgs, 0);
    const disc = (t: string) => jsSum(ofType(t).filter((r) => r.prid));
    const totals: Record<string, number> = {
      totalChannelMessages: jsSum(ofType('c')) - disc('c'),
      totalPrivateGroupMessages: jsSum(ofType('p')) - disc('p'),
      totalDiscussionsMessages: disc('c') + disc('p'),
      totalDirectMessages: jsSum(ofType('d')),
      totalLivechatMessages: jsSum(ofType('l')),
    };
    totals.totalMessages = Object.values(totals).reduce((n, v) => n + v, 0);
    // The case FerretDB could not store: the private room without msgs makes these sums NaN.
    expect(Number.isNaN(totals.totalPrivateGroupMessages)).toBe(true);
    expect(Number.isNaN(totals.totalChannelMessages)).toBe(false);

    const saved = await rcSaveStatistics(db, { version: '7.10.2', now: NOW, env: {} });
    const stored = await db.collection<Document>('rocketchat_statistics').findOne({ _id: saved._id as never });
    const asStored = (v: number) => (Number.isNaN(v) ? null : v);
    for (const [field, value] of Object.entries(totals)) {
      expect(stored?.[field], field).toBe(asStored(value));
      expect(JSON.parse(JSON.stringify(saved))[field], field).toBe(asStored(value));
    }
    expect(stored?.totalRooms).toBe(rooms.length);
    expect((await rcLastStatistics(db))?._id).toBe(saved._id);
  });
});
