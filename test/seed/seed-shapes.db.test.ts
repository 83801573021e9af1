/**
 * The seeder writes Rocket.Chat's shapes: collection names, field names and value types as Rocket.Chat
 * stores them, read back through the driver and checked field by field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/seed/index.js';
import { METEOR_ID_ALPHABET } from '../support/seed/random.js';
import { openFileDb } from '../support/db.js';
import { type Doc, type Workspace, byRoomName, byUsername, docsOf, readWorkspace } from './workspace-docs.js';

const meteorId = new RegExp(`^[${METEOR_ID_ALPHABET}]{17}$`);
const isDate = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());
const isStringArray = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');
const userRef = (value: unknown) => {
  const ref = value as Record<string, unknown> | undefined;
  return typeof ref?._id === 'string' && typeof ref.username === 'string';
};

/** Every document must satisfy `check`; the first failure is reported with its id. */
function everyDoc(docs: readonly Doc[], check: (doc: Doc) => string | undefined): void {
  expect(docs.length).toBeGreaterThan(0);
  for (const doc of docs) {
    const problem = check(doc);
    if (problem) expect.fail(`${String(doc._id)}: ${problem}`);
  }
}

describe('a seeded workspace, read back', () => {
  let ws: Workspace;
  let indexes: Record<string, string[]>;
  beforeAll(async () => {
    const { db } = await openFileDb();
    await seedWorkspace(db, { size: 'tiny' });
    ws = await readWorkspace(db);
    indexes = {};
    for (const name of ['users', 'rocketchat_room', 'rocketchat_message', 'rocketchat_subscription']) {
      indexes[name] = (await db.collection(name).listIndexes().toArray()).map((i) => Object.keys(i.key as object).join('+'));
    }
  });

  it('creates the indexes the statistics queries use', () => {
    expect(indexes.users).toEqual(expect.arrayContaining(['username', 'roles', 'status', 'active', 'type']));
    expect(indexes.rocketchat_room).toEqual(expect.arrayContaining(['t', 'prid', 'teamId+teamDefault']));
    expect(indexes.rocketchat_message).toEqual(expect.arrayContaining(['rid+ts+_updatedAt', 'ts', 'tcount+tlm', 'pinned', 'starred._id']));
    expect(indexes.rocketchat_subscription).toEqual(expect.arrayContaining(['rid+u._id', 'ls']));
  });

  it('uses Rocket.Chat collection names (users, instances and migrations unprefixed)', () => {
    for (const name of ['users', 'instances', 'migrations', 'rocketchat_room', 'rocketchat_message', 'rocketchat_subscription', 'rocketchat_uploads', 'rocketchat_settings', 'rocketchat_statistics', 'rocketchat_roles', 'rocketchat_permissions', 'rocketchat_team', 'rocketchat_integrations', 'rocketchat_invites', 'rocketchat_livechat_visitor', 'rocketchat_notification_queue', 'rocketchat_federation_servers', 'rocketchat_sessions']) {
      expect(docsOf(ws, name).length, name).toBeGreaterThan(0);
    }
    expect(Object.keys(ws).filter((n) => n !== 'users' && n !== 'instances' && n !== 'migrations' && !n.startsWith('rocketchat_'))).toEqual([]);
  });

  it('gives users Meteor ids, Date timestamps, string roles and optional presence fields of the right type', () => {
    everyDoc(docsOf(ws, 'users'), (u) => {
      if (u._id !== 'rocket.cat' && !meteorId.test(u._id)) return 'id is not a 17-character Meteor id';
      if (!isDate(u.createdAt) || !isDate(u._updatedAt)) return 'createdAt/_updatedAt not Dates';
      if (typeof u.username !== 'string' || typeof u.name !== 'string') return 'username/name not strings';
      if (!['user', 'bot', 'app'].includes(String(u.type))) return `type ${String(u.type)}`;
      if (!isStringArray(u.roles)) return 'roles not a string array';
      if ('active' in u && typeof u.active !== 'boolean') return 'active not boolean';
      if ('status' in u && !['online', 'away', 'busy', 'offline', 'disabled'].includes(String(u.status))) return `status ${String(u.status)}`;
      if ('lastLogin' in u && !isDate(u.lastLogin)) return 'lastLogin not a Date';
      if ('language' in u && typeof u.language !== 'string') return 'language not a string';
      if (typeof u.services !== 'object' || u.services === null) return 'services not an object';
      if ('emails' in u && !(Array.isArray(u.emails) && u.emails.every((e) => typeof (e as { address?: unknown }).address === 'string'))) return 'emails malformed';
      return undefined;
    });
    const rocketCat = byUsername(ws, 'rocket.cat');
    expect(rocketCat).toMatchObject({ _id: 'rocket.cat', type: 'bot', roles: ['bot'], active: true, status: 'online' });
    const totp = (byUsername(ws, 'totp.user').services as { totp: Record<string, unknown> }).totp;
    expect(totp.enabled).toBe(true);
    expect(typeof totp.secret).toBe('string');
    const email2fa = (byUsername(ws, 'email2fa.user').services as { email2fa: Record<string, unknown> }).email2fa;
    expect(email2fa.enabled).toBe(true);
    expect(isDate(email2fa.changedAt)).toBe(true);
  });

  it('writes rooms with their type-specific fields', () => {
    everyDoc(docsOf(ws, 'rocketchat_room'), (r) => {
      if (!['c', 'p', 'd', 'l', 'v'].includes(String(r.t))) return `t ${String(r.t)}`;
      if (!isDate(r.ts) || !isDate(r._updatedAt)) return 'ts/_updatedAt not Dates';
      if (typeof r.usersCount !== 'number') return 'usersCount not a number';
      if ('msgs' in r && !Number.isInteger(r.msgs)) return 'msgs not an integer';
      if ('lm' in r && !isDate(r.lm)) return 'lm not a Date';
      if ((r.t === 'c' || r.t === 'p') && typeof r.name !== 'string') return 'channel without name';
      if ((r.t === 'c' || r.t === 'p') && r._id !== 'GENERAL' && !userRef(r.u)) return 'channel without creator u';
      if (r.t === 'd' && !(isStringArray(r.uids) && isStringArray(r.usernames))) return 'DM without uids/usernames';
      if (r.t === 'l') {
        const v = r.v as Record<string, unknown> | undefined;
        if (typeof v?._id !== 'string' || typeof v.token !== 'string' || typeof v.username !== 'string') return 'livechat room without visitor';
        if (typeof (r.source as { type?: unknown } | undefined)?.type !== 'string') return 'livechat room without source.type';
      }
      if ('prid' in r && typeof r.prid !== 'string') return 'prid not a string';
      return undefined;
    });
    expect(byRoomName(ws, 'general')).toMatchObject({ _id: 'GENERAL', t: 'c', default: true });
  });

  it('writes messages with a sender, a room, Date timestamps and Rocket.Chat field types', () => {
    const ids = new Set(docsOf(ws, 'rocketchat_message').map((m) => m._id));
    const rooms = new Set(docsOf(ws, 'rocketchat_room').map((r) => r._id));
    everyDoc(docsOf(ws, 'rocketchat_message'), (m) => {
      if (!meteorId.test(m._id)) return 'id is not a Meteor id';
      if (!rooms.has(String(m.rid))) return 'rid points at no room';
      if (!isDate(m.ts) || !isDate(m._updatedAt)) return 'ts/_updatedAt not Dates';
      const u = m.u as Record<string, unknown>;
      if (!userRef(u) || typeof u.name !== 'string') return 'u is not {_id, username, name}';
      if (typeof m.msg !== 'string') return 'msg not a string';
      if ('t' in m && typeof m.t !== 'string') return 't not a string';
      if ('tmid' in m && !ids.has(String(m.tmid))) return 'tmid points at no message';
      if ('tcount' in m && !(Number.isInteger(m.tcount) && isDate(m.tlm) && isStringArray(m.replies))) return 'thread parent without tcount/tlm/replies';
      if ('starred' in m && !(Array.isArray(m.starred) && m.starred.every((s) => typeof (s as { _id?: unknown })._id === 'string'))) return 'starred is not [{_id}]';
      if ('pinned' in m && typeof m.pinned !== 'boolean') return 'pinned not boolean';
      if (m.pinned === true && !(isDate(m.pinnedAt) && userRef(m.pinnedBy))) return 'pinned without pinnedAt/pinnedBy';
      if (m._hidden === true && !ids.has(String(m.parent))) return 'hidden copy without parent';
      if ('editedAt' in m && !(isDate(m.editedAt) && userRef(m.editedBy))) return 'edited without editedBy';
      return undefined;
    });
  });

  it('writes a subscription per member with read state', () => {
    const rooms = new Map(docsOf(ws, 'rocketchat_room').map((r) => [r._id, r]));
    everyDoc(docsOf(ws, 'rocketchat_subscription'), (s) => {
      const room = rooms.get(String(s.rid));
      if (!room) return 'rid points at no room';
      if (s.t !== room.t) return 't differs from the room';
      if (!userRef(s.u)) return 'u malformed';
      if (typeof s.name !== 'string' || typeof s.open !== 'boolean' || typeof s.alert !== 'boolean' || !Number.isInteger(s.unread)) return 'name/open/alert/unread types';
      if (!isDate(s.ts) || !isDate(s._updatedAt)) return 'ts/_updatedAt not Dates';
      if ('ls' in s && !isDate(s.ls)) return 'ls not a Date';
      if (s.alert !== (s.unread as number) > 0) return 'alert does not follow unread';
      return undefined;
    });
  });

  it('writes uploads as UFS records, complete or not', () => {
    everyDoc(docsOf(ws, 'rocketchat_uploads'), (f) => {
      if (typeof f.complete !== 'boolean' || typeof f.uploading !== 'boolean') return 'complete/uploading not booleans';
      if ('size' in f && !Number.isInteger(f.size)) return 'size not an integer';
      if (typeof f.rid !== 'string' || typeof f.userId !== 'string' || typeof f.store !== 'string') return 'rid/userId/store';
      if (!isDate(f._updatedAt)) return '_updatedAt not a Date';
      if (f.complete === true && !(isDate(f.uploadedAt) && typeof f.name === 'string' && typeof f.type === 'string' && typeof f.extension === 'string')) return 'complete upload without uploadedAt/name/type/extension';
      return undefined;
    });
  });

  it('writes settings shaped like ISetting', () => {
    everyDoc(docsOf(ws, 'rocketchat_settings'), (s) => {
      for (const key of ['type', 'group', 'i18nLabel']) if (typeof s[key] !== 'string') return `${key} not a string`;
      for (const key of ['public', 'blocked', 'hidden']) if (typeof s[key] !== 'boolean') return `${key} not a boolean`;
      for (const key of ['ts', '_updatedAt', 'createdAt']) if (!isDate(s[key])) return `${key} not a Date`;
      if (!('value' in s) || !('packageValue' in s)) return 'value/packageValue missing';
      if (s.type === 'boolean' && typeof s.value !== 'boolean') return 'boolean setting with a non-boolean value';
      return undefined;
    });
    const byId = new Map(docsOf(ws, 'rocketchat_settings').map((s) => [s._id, s]));
    expect(byId.get('Site_Url')?.value).toBe('http://localhost:3000');
    expect(byId.get('Enterprise_License')?.value).toBe('');
    expect(byId.get('Enterprise_License_Status')?.value).toBe('');
    expect(typeof byId.get('uniqueID')?.value).toBe('string');
    for (const id of ['Cloud_Workspace_Id', 'FEDERATION_Enabled', 'FEDERATION_Domain', 'FEDERATION_Discovery_Method', 'FEDERATION_Public_Key', 'FEDERATION_Hub_URL', 'Federation_Matrix_enabled', 'Federation_Matrix_homeserver_domain', 'Message_AllowUnrecognizedSlashCommand', 'FileUpload_Storage_Type', 'Push_enable', 'Livechat_enabled']) {
      expect(byId.has(id), id).toBe(true);
    }
  });

  it('writes roles and permissions as Rocket.Chat stores them', () => {
    everyDoc(docsOf(ws, 'rocketchat_roles'), (r) =>
      typeof r.name === 'string' && ['Users', 'Subscriptions'].includes(String(r.scope)) && typeof r.protected === 'boolean' && isDate(r._updatedAt) ? undefined : 'malformed role',
    );
    everyDoc(docsOf(ws, 'rocketchat_permissions'), (p) => (isStringArray(p.roles) && isDate(p._updatedAt) ? undefined : 'malformed permission'));
  });

  it('writes the deployment records: migrations, instance heartbeats and statistics snapshots', () => {
    const control = docsOf(ws, 'migrations').find((m) => m._id === 'control');
    expect(control).toMatchObject({ locked: false });
    expect(Number.isInteger(control?.version)).toBe(true);
    expect(isDate(control?.lockedAt) && isDate(control?.buildAt)).toBe(true);
    expect(docsOf(ws, 'migrations').find((m) => m._id === 'upgrade')?.hash).toMatch(/^[0-9a-f]{40}$/);
    everyDoc(docsOf(ws, 'instances'), (i) => {
      const extra = i.extraInformation as Record<string, unknown>;
      return isDate(i._createdAt) && isDate(i._updatedAt) && Number.isInteger(i.pid) && typeof i.name === 'string' && typeof extra.host === 'string' && typeof extra.port === 'string' && Number.isInteger(extra.tcpPort) && typeof extra.nodeVersion === 'string' && typeof extra.os === 'object'
        ? undefined
        : 'malformed instance';
    });
    everyDoc(docsOf(ws, 'rocketchat_statistics'), (s) => {
      if (!/^[0-9a-f]{24}$/.test(s._id)) return 'id is not a 24-hex string';
      if (typeof s.version !== 'string' || !isDate(s.createdAt) || typeof s.installedAt !== 'string') return 'version/createdAt/installedAt';
      const process = s.process as Record<string, unknown>;
      if (typeof process.nodeVersion !== 'string' || !Number.isInteger(process.pid) || typeof process.uptime !== 'number') return 'process';
      const apps = s.apps as Record<string, unknown>;
      if (typeof apps.engineVersion !== 'string' || typeof apps.totalInstalled !== 'number') return 'apps';
      for (const key of ['totalUsers', 'activeUsers', 'totalRooms', 'totalMessages', 'instanceCount', 'uploadsTotal']) if (!Number.isInteger(s[key])) return `${key} not an integer`;
      if (typeof s.lastLogin !== 'string' || !isDate(s.lastMessageSentAt)) return 'lastLogin/lastMessageSentAt types';
      return undefined;
    });
  });

  it('writes the smaller collections with their key fields', () => {
    everyDoc(docsOf(ws, 'rocketchat_integrations'), (i) => (['webhook-incoming', 'webhook-outgoing'].includes(String(i.type)) && typeof i.enabled === 'boolean' && typeof i.scriptEnabled === 'boolean' ? undefined : 'integration'));
    everyDoc(docsOf(ws, 'rocketchat_invites'), (i) => (Number.isInteger(i.uses) && typeof i.rid === 'string' && isDate(i.createdAt) && (i.expires === null || isDate(i.expires)) ? undefined : 'invite'));
    everyDoc(docsOf(ws, 'rocketchat_livechat_visitor'), (v) => (typeof v.token === 'string' && typeof v.username === 'string' && isDate(v.ts) ? undefined : 'visitor'));
    everyDoc(docsOf(ws, 'rocketchat_notification_queue'), (n) => (typeof n.uid === 'string' && typeof n.rid === 'string' && typeof n.mid === 'string' && isDate(n.ts) && Array.isArray(n.items) ? undefined : 'notification'));
    everyDoc(docsOf(ws, 'rocketchat_federation_servers'), (f) => (typeof f.domain === 'string' ? undefined : 'federation server'));
    everyDoc(docsOf(ws, 'rocketchat_team'), (t) => ((t.type === 0 || t.type === 1) && typeof t.roomId === 'string' && isDate(t.createdAt) ? undefined : 'team'));
    everyDoc(docsOf(ws, 'rocketchat_sessions'), (s) => (s.type === 'user_daily' && Number.isInteger(s.year) && Number.isInteger(s.month) && Number.isInteger(s.day) && Array.isArray(s.devices) ? undefined : 'session'));
  });
});
