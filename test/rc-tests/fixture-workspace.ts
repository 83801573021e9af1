/**
 * A small Rocket.Chat-shaped workspace with the edge cases the statistics depend on (exact-guest roles, bots, apps,
 * federated and remote users, users without `active` or `status`, discussions in channels and groups, team rooms,
 * thread parents and hidden copies, pins and stars, omnichannel rooms with sources and activity, sessions, …).
 * Deterministic for a given `now`. Documents use the collections and shapes Rocket.Chat writes.
 */
import type { Db, Document } from 'mongodb';

const DAY = 24 * 60 * 60 * 1000;

/** Inserts the workspace; returns the documents per collection exactly as inserted. */
export async function insertFixtureWorkspace(db: Db, now: Date): Promise<Record<string, Document[]>> {
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const yesterday = new Date(now.getTime());
  yesterday.setDate(yesterday.getDate() - 1);
  const ymd = (d: Date) => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  const daysBefore = (n: number) => {
    const d = new Date(yesterday.getTime());
    d.setDate(d.getDate() - n);
    return ymd(d);
  };
  const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

  const users: Document[] = [
    { _id: 'admin', username: 'admin', type: 'user', active: true, roles: ['admin', 'user'], status: 'online', language: 'en', lastLogin: at(0.01), services: { totp: { enabled: true }, password: {} } },
    { _id: 'u1', username: 'alice', type: 'user', active: true, roles: ['user'], status: 'away', language: 'de', lastLogin: at(1), services: { ldap: { id: 'a' } } },
    { _id: 'u2', username: 'bob', type: 'user', active: true, roles: ['user', 'livechat-agent'], status: 'busy', language: '', lastLogin: at(2), services: { email2fa: { enabled: true } } },
    { _id: 'u3', username: 'carol', type: 'user', active: false, roles: ['user'], status: 'offline', language: 'de' },
    { _id: 'u4', username: 'dave', type: 'user', roles: ['user'], status: 'online' },
    { _id: 'g1', username: 'guest1', type: 'user', active: true, roles: ['guest'], status: 'offline' },
    { _id: 'g2', username: 'guest2', type: 'user', active: true, roles: ['guest', 'livechat-manager'], status: 'offline' },
    { _id: 'g3', username: 'guest3', type: 'user', active: true, roles: ['guest'], isRemote: true, status: 'offline' },
    { _id: 'g4', username: 'guest4', type: 'user', active: false, roles: ['guest'] },
    { _id: 'rocket.cat', username: 'rocket.cat', type: 'bot', active: true, roles: ['bot'], status: 'online' },
    { _id: 'bot2', username: 'infobot', type: 'bot', active: true, roles: ['bot', 'user'], status: 'online', language: 'en' },
    { _id: 'app1', username: 'poll.bot.app', type: 'app', active: true, roles: ['app'], status: 'online' },
    { _id: 'fed1', username: '@x:matrix.org', type: 'user', active: true, roles: ['user'], federated: true, status: 'offline' },
    { _id: 'rem1', username: 'remote@other', type: 'user', active: true, roles: ['user'], isRemote: true, status: 'away' },
    { _id: 'dis1', username: 'disabled', type: 'user', active: false, roles: ['user'], status: 'disabled' },
    { _id: 'ext1', username: 'voip', type: 'user', active: true, roles: ['user', 'livechat-agent'], extension: '100' },
  ];

  const rooms: Document[] = [
    { _id: 'GENERAL', t: 'c', name: 'general', msgs: 40, usersCount: 12, default: true },
    { _id: 'c2', t: 'c', name: 'random', msgs: 7, broadcast: true, usersCount: 3 },
    { _id: 'c3', t: 'c', name: 'team-main', msgs: 3, teamId: 't1', teamMain: true },
    { _id: 'c4', t: 'c', name: 'team-room', msgs: 2, teamId: 't1', teamDefault: true },
    { _id: 'c5', t: 'c', name: 'c-discussion', fname: 'A discussion', msgs: 5, prid: 'GENERAL' },
    { _id: 'c6', t: 'c', name: 'federated', fname: 'Fed room', msgs: 1, federated: true, usersCount: 8 },
    { _id: 'p1', t: 'p', name: 'secret', msgs: 11, encrypted: true, createdOTR: true },
    { _id: 'p2', t: 'p', name: 'p-discussion', msgs: 4, prid: 'p1', teamId: 't1' },
    { _id: 'p3', t: 'p', name: 'fed-private', msgs: 0, federated: true, usersCount: 2 },
    { _id: 'd1', t: 'd', msgs: 9, usernames: ['admin', 'alice'] },
    { _id: 'd2', t: 'd', msgs: 0, usernames: ['admin', 'bob'] },
    {
      _id: 'l1',
      t: 'l',
      msgs: 6,
      departmentId: 'dep1',
      v: { _id: 'vis1', activity: [period] },
      source: { type: 'widget', alias: 'site' },
      ts: at(2),
      priorityId: 'pr1',
      callStatus: 'ended',
    },
    { _id: 'l2', t: 'l', msgs: 3, v: { _id: 'vis1', activity: [period] }, source: { type: 'widget', alias: 'site' }, ts: at(10) },
    { _id: 'l3', t: 'l', msgs: 2, v: { _id: 'vis2', activity: ['2001-01'] }, source: { type: 'email' }, ts: at(0.5) },
    { _id: 'v1', t: 'v', msgs: 1 },
  ];

  const messages: Document[] = [
    { _id: 'm1', rid: 'GENERAL', ts: at(3), msg: 'hi', tcount: 2, pinned: true },
    { _id: 'm2', rid: 'GENERAL', ts: at(2.9), msg: 'reply', tmid: 'm1', starred: [{ _id: 'u1' }, { _id: 'u2' }] },
    { _id: 'm3', rid: 'GENERAL', ts: at(2.8), msg: 'old copy', tcount: 1, _hidden: true, pinned: true },
    { _id: 'm4', rid: 'c2', ts: at(1), msg: 'pin', pinned: true, starred: [{ _id: 'admin' }] },
    { _id: 'm5', rid: 'c2', ts: at(0.9), t: 'rm', msg: '', pinned: true },
    { _id: 'm6', rid: 'p1', ts: at(0.5), t: 'e2e', msg: 'cipher' },
    { _id: 'm7', rid: 'p1', ts: at(0.4), t: 'e2e', msg: 'cipher', _hidden: true },
    { _id: 'm8', rid: 'l1', ts: at(0.3), t: 'omnichannel_placed_chat_on_hold', msg: '' },
    { _id: 'm9', rid: 'l1', ts: at(0.2), t: 'omnichannel_placed_chat_on_hold', msg: '' },
    { _id: 'm10', rid: 'd1', ts: at(0.001), msg: 'newest', starred: [{ _id: 'u1' }], _hidden: true },
    { _id: 'm11', rid: 'v1', ts: at(4), t: 'voip-call-wrapup', msg: '' },
  ];

  const subscriptions: Document[] = [
    { _id: 's1', rid: 'GENERAL', u: { _id: 'admin' }, ls: at(0.05) },
    { _id: 's2', rid: 'GENERAL', u: { _id: 'u1' }, ls: at(1) },
    { _id: 's3', rid: 'd1', u: { _id: 'u1' } },
  ];

  const uploads: Document[] = [
    { _id: 'f1', rid: 'GENERAL', size: 1536, complete: true },
    { _id: 'f2', rid: 'GENERAL', size: 1_000_000, complete: true },
    { _id: 'f3', rid: 'p1', size: 42, complete: false, uploading: true },
  ];

  const settings: Document[] = [
    { _id: 'uniqueID', value: 'b6a1c0de-0000-4000-8000-000000000001', createdAt: at(400) },
    { _id: 'Site_Url', value: 'http://localhost:3000/', packageValue: 'http://localhost:3000' },
    { _id: 'Enterprise_License', value: '', packageValue: '' },
    { _id: 'Enterprise_License_Status', value: '', packageValue: '' },
    { _id: 'Organization_Type', value: 'community' },
    { _id: 'Country', value: 'germany' },
    { _id: 'Register_Server', value: false },
    { _id: 'Livechat_enabled', value: true },
    { _id: 'Livechat_Routing_Method', value: 'Auto_Selection' },
    { _id: 'Livechat_auto_transfer_chat_timeout', value: 0 },
    { _id: 'Message_Read_Receipt_Enabled', value: true },
    { _id: 'Push_enable', value: true, packageValue: true },
    { _id: 'Push_enable_gateway', value: true, packageValue: true },
    { _id: 'Push_gateway', value: 'https://gateway.rocket.chat', packageValue: 'https://gateway.rocket.chat' },
    { _id: 'Layout_Home_Title', value: 'Home', packageValue: 'Home' },
    { _id: 'Layout_Home_Body', value: '<p>changed</p>', packageValue: '<p>Welcome</p>' },
    { _id: 'Assets_logo', value: { url: 'assets/logo.png', defaultUrl: 'images/logo.svg' } },
    { _id: 'Engagement_Dashboard_Load_Count', value: 3 },
    { _id: 'E2E_Enable', value: false },
    { _id: 'Canned_Responses_Enable', value: true },
    { _id: 'Accounts_OAuth_Custom-Keycloak', value: true },
    { _id: 'Accounts_OAuth_Custom-Keycloak-merge_roles', value: false },
    { _id: 'FileUpload_Storage_Type', value: 'GridFS' },
    { _id: 'Federation_Matrix_enabled', value: false },
    { _id: 'Federation_Matrix_max_size_of_public_rooms_users', value: 100 },
  ];

  const sessionDoc = (user: string, role: string, date: { year: number; month: number; day: number }, sessions: number, time: number, os = 'Linux') => ({
    type: 'user_daily',
    userId: user,
    mostImportantRole: role,
    ...date,
    sessions,
    time,
    devices: [{ sessions, time, device: { type: 'browser', name: 'Firefox', version: '120', os: { name: os, version: '6' } } }],
  });
  const sessions: Document[] = [
    sessionDoc('admin', 'admin', ymd(yesterday), 2, 300),
    sessionDoc('u1', 'user', ymd(yesterday), 1, 100, 'Windows'),
    sessionDoc('u1', 'user', daysBefore(3), 4, 50),
    sessionDoc('u2', 'user', daysBefore(20), 1, 30),
    sessionDoc('u2', 'user', daysBefore(60), 9, 999),
  ].map((doc, i) => ({ _id: `ses${i}`, ...doc }));

  const all: Record<string, Document[]> = {
    users,
    rocketchat_room: rooms,
    rocketchat_message: messages,
    rocketchat_subscription: subscriptions,
    rocketchat_uploads: uploads,
    rocketchat_settings: settings,
    rocketchat_sessions: sessions,
    rocketchat_integrations: [
      { _id: 'i1', type: 'webhook-incoming', enabled: true, scriptEnabled: true },
      { _id: 'i2', type: 'webhook-incoming', enabled: false },
      { _id: 'i3', type: 'webhook-outgoing', enabled: true, scriptEnabled: false },
    ],
    rocketchat_invites: [
      { _id: 'inv1', uses: 3 },
      { _id: 'inv2', uses: 0 },
    ],
    rocketchat_roles: [
      { _id: 'admin', scope: 'Users', protected: true },
      { _id: 'user', scope: 'Users', protected: true },
      { _id: 'owner', scope: 'Subscriptions', protected: true },
      { _id: 'custom', scope: 'Users', protected: false },
    ],
    rocketchat_team: [{ _id: 't1', name: 'team', roomId: 'c3' }],
    instances: [
      { _id: 'inst-live', name: 'rocket.chat', pid: 4242, _createdAt: at(1), _updatedAt: new Date(now.getTime() - 1000) },
      { _id: 'inst-dead', name: 'rocket.chat', pid: 17, _createdAt: at(3), _updatedAt: at(2) },
    ],
    migrations: [{ _id: 'control', version: 316, locked: false, lockedAt: at(1), buildAt: at(30) }],
    rocketchat_livechat_visitor: [{ _id: 'vis1' }, { _id: 'vis2' }],
    rocketchat_livechat_department: [{ _id: 'dep1' }, { _id: 'dep2', archived: true }],
    rocketchat_livechat_custom_field: [{ _id: 'cf1', public: true }, { _id: 'cf2' }],
    rocketchat_livechat_contact: [
      { _id: 'ct1', activity: [period], channels: [{ blocked: true }], conflictingFields: [{ field: 'name' }] },
      { _id: 'ct2', channels: [{ verified: true }, { blocked: true }], unknown: true },
      { _id: 'ct3', channels: [] },
    ],
    rocketchat_video_conference: [
      { _id: 'vc1', type: 'videoconference', status: 1 },
      { _id: 'vc2', type: 'direct', status: 3 },
    ],
    rocketchat_statistics: [{ _id: '0123456789abcdef01234567', createdAt: at(5), dailyPeakConnections: 17 }],
  };
  for (const [name, docs] of Object.entries(all)) {
    await db.collection(name).insertMany(docs as Document[]);
  }
  return all;
}
