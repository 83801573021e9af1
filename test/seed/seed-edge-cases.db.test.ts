/**
 * Every edge case of the statistics (reference rocketchat-info.md §1.3) is present in the smallest
 * workspace, so that fidelity tests on `tiny` exercise all of them. Each case is found in the raw
 * documents with plain TypeScript.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, DEFAULT_RC_VERSION, seedWorkspace } from '../support/seed/index.js';
import { openFileDb } from '../support/db.js';
import { type Doc, type Workspace, byRoomName, docsOf, isVisible, readWorkspace } from './workspace-docs.js';

const roles = (u: Doc) => (u.roles as string[]) ?? [];
const exactlyGuest = (u: Doc) => roles(u).length === 1 && roles(u)[0] === 'guest';
const services = (u: Doc) => (u.services ?? {}) as Record<string, { enabled?: boolean } | undefined>;
const settingOf = (ws: Workspace, id: string) => docsOf(ws, 'rocketchat_settings').find((s) => s._id === id);

type Case = [edge: string, present: (ws: Workspace) => boolean];

const USERS: Case[] = [
  ['an active user of type user with the user role', (ws) => docsOf(ws, 'users').some((u) => u.active === true && u.type === 'user' && roles(u).includes('user'))],
  ['an active guest whose roles are exactly [guest]', (ws) => docsOf(ws, 'users').some((u) => u.active === true && exactlyGuest(u) && !u.isRemote && !u.federated)],
  ['an active guest with another role too (not a guest for activeUsers)', (ws) => docsOf(ws, 'users').some((u) => u.active === true && roles(u).includes('guest') && roles(u).length > 1)],
  ['a deactivated guest', (ws) => docsOf(ws, 'users').some((u) => u.active === false && exactlyGuest(u))],
  ['a remote guest (left out of activeGuests)', (ws) => docsOf(ws, 'users').some((u) => u.active === true && exactlyGuest(u) && u.isRemote === true)],
  ['a federated guest (in activeGuests, out of activeUsers)', (ws) => docsOf(ws, 'users').some((u) => u.active === true && exactlyGuest(u) && u.federated === true)],
  ['an app user', (ws) => docsOf(ws, 'users').some((u) => u.type === 'app' && roles(u).includes('app'))],
  ['bots of type bot, active and not', (ws) => docsOf(ws, 'users').filter((u) => u.type === 'bot').length >= 2],
  ['a bot account of type user (counted by activeUsers)', (ws) => docsOf(ws, 'users').some((u) => u.type === 'user' && roles(u).includes('bot') && u.active === true)],
  ['users with active:false', (ws) => docsOf(ws, 'users').filter((u) => u.active === false).length >= 3],
  ['a user without an active field (neither active nor deactivated)', (ws) => docsOf(ws, 'users').some((u) => !('active' in u))],
  ['a deactivated user still marked online', (ws) => docsOf(ws, 'users').some((u) => u.active === false && u.status === 'online')],
  ['each presence status, and a user without status', (ws) => ['online', 'away', 'busy', 'offline', 'disabled'].every((s) => docsOf(ws, 'users').some((u) => u.status === s)) && docsOf(ws, 'users').some((u) => !('status' in u))],
  ['languages set, empty and absent', (ws) => docsOf(ws, 'users').some((u) => typeof u.language === 'string' && u.language !== '') && docsOf(ws, 'users').some((u) => u.language === '') && docsOf(ws, 'users').some((u) => !('language' in u))],
  ['users with and without lastLogin', (ws) => docsOf(ws, 'users').some((u) => u.lastLogin instanceof Date) && docsOf(ws, 'users').some((u) => !('lastLogin' in u))],
  ['TOTP enabled on an active user, on a deactivated one, and disabled', (ws) => {
    const users = docsOf(ws, 'users');
    return users.some((u) => u.active === true && services(u).totp?.enabled === true) && users.some((u) => u.active === false && services(u).totp?.enabled === true) && users.some((u) => services(u).totp?.enabled === false);
  }],
  ['e-mail 2FA enabled on an active user, on a deactivated one, and disabled', (ws) => {
    const users = docsOf(ws, 'users');
    return users.some((u) => u.active === true && services(u).email2fa?.enabled === true) && users.some((u) => u.active === false && services(u).email2fa?.enabled === true) && users.some((u) => services(u).email2fa?.enabled === false);
  }],
  ['livechat agents, managers and monitors, an admin agent among them', (ws) => ['livechat-agent', 'livechat-manager', 'livechat-monitor'].every((r) => docsOf(ws, 'users').some((u) => roles(u).includes(r))) && docsOf(ws, 'users').some((u) => roles(u).includes('admin') && roles(u).includes('livechat-agent'))],
  ['federated (Matrix) and remote (old federation) users', (ws) => docsOf(ws, 'users').some((u) => u.federated === true && !exactlyGuest(u)) && docsOf(ws, 'users').some((u) => u.isRemote === true && !exactlyGuest(u))],
  ['an LDAP user, an LDAP guest (left out of services counts), OAuth and SAML users', (ws) => {
    const users = docsOf(ws, 'users');
    return users.some((u) => services(u).ldap && !exactlyGuest(u)) && users.some((u) => services(u).ldap && exactlyGuest(u)) && users.some((u) => services(u).google && services(u).github) && users.some((u) => services(u).saml && u.active === false);
  }],
  ['a VoIP extension', (ws) => docsOf(ws, 'users').some((u) => typeof u.extension === 'string')],
  ['a user holding a custom role', (ws) => {
    const custom = docsOf(ws, 'rocketchat_roles').filter((r) => r.protected === false).map((r) => r._id);
    return custom.length > 0 && docsOf(ws, 'users').some((u) => roles(u).some((r) => custom.includes(r)));
  }],
];

const ROOMS: Case[] = [
  ['rooms of every type c, p, d, l and v', (ws) => ['c', 'p', 'd', 'l', 'v'].every((t) => docsOf(ws, 'rocketchat_room').some((r) => r.t === t))],
  ['discussions in a channel and in a group', (ws) => ['c', 'p'].every((t) => docsOf(ws, 'rocketchat_room').some((r) => r.t === t && typeof r.prid === 'string'))],
  ['public and private team main rooms with their team records', (ws) => ['c', 'p'].every((t) => docsOf(ws, 'rocketchat_room').some((r) => r.t === t && r.teamMain === true && docsOf(ws, 'rocketchat_team').some((team) => team.roomId === r._id && team._id === r.teamId)))],
  ['rooms inside teams: default, not default, explicitly not default', (ws) => {
    const inside = docsOf(ws, 'rocketchat_room').filter((r) => typeof r.teamId === 'string' && !('teamMain' in r));
    return inside.some((r) => r.teamDefault === true) && inside.some((r) => !('teamDefault' in r)) && inside.some((r) => r.teamDefault === false);
  }],
  ['a broadcast room and an encrypted room', (ws) => docsOf(ws, 'rocketchat_room').some((r) => r.broadcast === true) && docsOf(ws, 'rocketchat_room').some((r) => r.encrypted === true)],
  ['an OTR direct room, a group DM and a self DM', (ws) => {
    const direct = docsOf(ws, 'rocketchat_room').filter((r) => r.t === 'd');
    return direct.some((r) => r.createdOTR === true) && direct.some((r) => (r.uids as string[]).length > 2) && direct.some((r) => (r.uids as string[]).length === 1);
  }],
  ['federated rooms of different sizes', (ws) => new Set(docsOf(ws, 'rocketchat_room').filter((r) => r.federated === true).map((r) => r.usersCount)).size >= 2],
  ['omnichannel rooms with and without source alias, department, priority, SLA, transcript, WebRTC call', (ws) => {
    const l = docsOf(ws, 'rocketchat_room').filter((r) => r.t === 'l');
    const has = (key: string) => l.some((r) => key in r);
    return l.some((r) => (r.source as Doc).alias) && l.some((r) => !(r.source as Doc).alias) && has('departmentId') && l.some((r) => !('departmentId' in r)) && has('priorityId') && has('slaId') && has('pdfTranscriptFileId') && has('callStatus');
  }],
  ['omnichannel activity this month and last month', (ws) => {
    const months = docsOf(ws, 'rocketchat_room').filter((r) => r.t === 'l').flatMap((r) => (r.v as { activity?: string[] }).activity ?? []);
    return new Set(months).size >= 2;
  }],
  ['open, closed and queued omnichannel rooms, one on hold', (ws) => {
    const l = docsOf(ws, 'rocketchat_room').filter((r) => r.t === 'l');
    return l.some((r) => r.open === true && r.servedBy) && l.some((r) => r.closedAt instanceof Date) && l.some((r) => !r.servedBy) && l.some((r) => r.onHold === true);
  }],
  ['ABAC rooms, archived and not', (ws) => docsOf(ws, 'rocketchat_room').some((r) => r.abacAttributes && r.archived === true) && docsOf(ws, 'rocketchat_room').some((r) => r.abacAttributes && r.archived !== true)],
  ['a room without msgs and rooms whose msgs exceed their stored messages', (ws) => {
    const rooms = docsOf(ws, 'rocketchat_room');
    const visible = (rid: string) => docsOf(ws, 'rocketchat_message').filter((m) => m.rid === rid && isVisible(m)).length;
    return rooms.some((r) => !('msgs' in r)) && rooms.filter((r) => typeof r.msgs === 'number' && r.msgs > visible(r._id)).length >= 2;
  }],
  ['subscriptions with and without ls', (ws) => docsOf(ws, 'rocketchat_subscription').some((s) => s.ls instanceof Date) && docsOf(ws, 'rocketchat_subscription').some((s) => !('ls' in s))],
];

const MESSAGES: Case[] = [
  ['a thread parent and its replies', (ws) => docsOf(ws, 'rocketchat_message').some((m) => isVisible(m) && typeof m.tcount === 'number' && m.tcount > 0)],
  ['a hidden edit copy that keeps tcount (counted by totalThreads)', (ws) => docsOf(ws, 'rocketchat_message').some((m) => m._hidden === true && typeof m.tcount === 'number')],
  ['a pinned removal marker (t:rm, left out of totalPinned)', (ws) => docsOf(ws, 'rocketchat_message').some((m) => m.t === 'rm' && m.pinned === true)],
  ['a room whose only pinned message is a hidden copy', (ws) => {
    const pinned = docsOf(ws, 'rocketchat_message').filter((m) => m.pinned === true);
    const rooms = new Set(pinned.map((m) => m.rid));
    return [...rooms].some((rid) => pinned.filter((m) => m.rid === rid).every((m) => m._hidden === true));
  }],
  ['a room whose only starred message is a hidden copy, and an unstarred message left with starred: []', (ws) => {
    const starred = docsOf(ws, 'rocketchat_message').filter((m) => Array.isArray(m.starred) && m.starred.length > 0);
    const rooms = new Set(starred.map((m) => m.rid));
    return [...rooms].some((rid) => starred.filter((m) => m.rid === rid).every((m) => m._hidden === true)) && docsOf(ws, 'rocketchat_message').some((m) => Array.isArray(m.starred) && m.starred.length === 0);
  }],
  ['a message starred by two users (counted once by totalStarred)', (ws) => docsOf(ws, 'rocketchat_message').some((m) => isVisible(m) && Array.isArray(m.starred) && m.starred.length === 2)],
  ['encrypted messages, visible and as a hidden copy', (ws) => docsOf(ws, 'rocketchat_message').some((m) => m.t === 'e2e' && isVisible(m)) && docsOf(ws, 'rocketchat_message').some((m) => m.t === 'e2e' && m._hidden === true)],
  ['system messages uj, ru, discussion-created and message_pinned', (ws) => ['uj', 'ru', 'discussion-created', 'message_pinned'].every((t) => docsOf(ws, 'rocketchat_message').some((m) => m.t === t))],
  ['omnichannel on-hold and VoIP notices', (ws) => ['omnichannel_placed_chat_on_hold', 'voip-call-wrapup', 'voip-call-ended-unexpectedly', 'voip-call-on-hold'].every((t) => docsOf(ws, 'rocketchat_message').some((m) => m.t === t))],
  ['a system message as the newest message of the workspace', (ws) => {
    const newest = docsOf(ws, 'rocketchat_message').reduce((a, m) => ((m.ts as Date) > (a.ts as Date) ? m : a));
    return newest.t === 'uj' && newest.rid === byRoomName(ws, 'infobot-admin')._id;
  }],
];

const OTHERS: Case[] = [
  ['uploads complete and incomplete, with and without size, type and name', (ws) => {
    const uploads = docsOf(ws, 'rocketchat_uploads');
    return uploads.some((u) => u.complete === true) && uploads.some((u) => u.complete === false && u.uploading === true) && uploads.some((u) => !('size' in u)) && uploads.some((u) => !('type' in u)) && uploads.some((u) => !('name' in u));
  }],
  ['incoming and outgoing integrations, enabled or not, with and without scripts', (ws) => {
    const all = docsOf(ws, 'rocketchat_integrations');
    return ['webhook-incoming', 'webhook-outgoing'].every((type) => all.some((i) => i.type === type && i.enabled === true) && all.some((i) => i.type === type && i.enabled === false)) && all.some((i) => i.scriptEnabled === true) && all.some((i) => i.scriptEnabled === false);
  }],
  ['invites used and unused', (ws) => docsOf(ws, 'rocketchat_invites').some((i) => i.uses === 0) && docsOf(ws, 'rocketchat_invites').some((i) => (i.uses as number) > 0)],
  ['roles of both scopes, protected and custom', (ws) => ['Users', 'Subscriptions'].every((s) => docsOf(ws, 'rocketchat_roles').some((r) => r.scope === s)) && docsOf(ws, 'rocketchat_roles').some((r) => r.protected === false)],
  ['settings changed from their package value, as the customisation flags read them', (ws) => ['Layout_Home_Title', 'Custom_Script_Logged_In'].every((id) => settingOf(ws, id)?.value !== settingOf(ws, id)?.packageValue) && ['Layout_Home_Body', 'theme-custom-css'].every((id) => settingOf(ws, id)?.value === settingOf(ws, id)?.packageValue)],
  ['a replaced logo (Assets_logo with a url)', (ws) => typeof (settingOf(ws, 'Assets_logo')?.value as { url?: unknown } | undefined)?.url === 'string'],
  ['uniqueID with its createdAt (installedAt)', (ws) => settingOf(ws, 'uniqueID')?.createdAt instanceof Date],
  ['user_daily sessions for yesterday, and older ones within the last month', (ws) => {
    const yesterday = new Date(DEFAULT_NOW.getTime() - 86_400_000);
    const sessions = docsOf(ws, 'rocketchat_sessions');
    return sessions.some((s) => s.year === yesterday.getUTCFullYear() && s.month === yesterday.getUTCMonth() + 1 && s.day === yesterday.getUTCDate()) && sessions.length > 10;
  }],
  ['departments active, archived, and a business unit', (ws) => {
    const departments = docsOf(ws, 'rocketchat_livechat_department');
    return departments.some((d) => d.archived === true) && departments.some((d) => d.type === 'u') && departments.some((d) => d.enabled === true && d.type !== 'u');
  }],
  ['public and private omnichannel custom fields, triggers, business hours, an e-mail inbox', (ws) => docsOf(ws, 'rocketchat_livechat_custom_field').some((f) => f.public === true) && docsOf(ws, 'rocketchat_livechat_custom_field').some((f) => f.public === false) && docsOf(ws, 'rocketchat_livechat_trigger').length > 0 && docsOf(ws, 'rocketchat_livechat_business_hours').length > 0 && docsOf(ws, 'rocketchat_email_inbox').length > 0],
  ['contacts verified, blocked fully and partly, unknown, conflicting, without channels', (ws) => {
    const contacts = docsOf(ws, 'rocketchat_livechat_contact');
    const channels = (c: Doc) => (c.channels as { blocked: boolean; verified: boolean }[]) ?? [];
    return contacts.some((c) => channels(c).some((ch) => ch.verified)) && contacts.some((c) => channels(c).length > 0 && channels(c).every((ch) => ch.blocked)) && contacts.some((c) => channels(c).some((ch) => ch.blocked) && channels(c).some((ch) => !ch.blocked)) && contacts.some((c) => c.unknown === true) && contacts.some((c) => (c.conflictingFields as unknown[]).length > 0) && contacts.some((c) => channels(c).length === 0);
  }],
  ['video conferences of every type, a Matrix bridged room on another server, a seat-request counter', (ws) => ['videoconference', 'direct', 'livechat'].every((t) => docsOf(ws, 'rocketchat_video_conference').some((v) => v.type === t)) && docsOf(ws, 'rocketchat_matrix_bridged_rooms').some((m) => m.fromServer !== settingOf(ws, 'Federation_Matrix_homeserver_domain')?.value) && docsOf(ws, 'rocketchat_analytics').some((a) => a.type === 'seat-request')],
  ['live instances and one whose heartbeat stopped minutes ago', (ws) => {
    const instances = docsOf(ws, 'instances');
    return instances.filter((i) => (i._updatedAt as Date).getTime() >= DEFAULT_NOW.getTime() - 10_000).length === 2 && instances.some((i) => (i._updatedAt as Date).getTime() < DEFAULT_NOW.getTime() - 5 * 60_000);
  }],
  ['daily statistics snapshots, the latest on the current version and older ones from before the upgrade', (ws) => {
    const snapshots = docsOf(ws, 'rocketchat_statistics').sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime());
    return snapshots.length >= 5 && snapshots[0]?.version === DEFAULT_RC_VERSION && snapshots.some((s) => s.version !== DEFAULT_RC_VERSION);
  }],
];

describe('the tiny workspace holds every statistics edge case', () => {
  let ws: Workspace;
  beforeAll(async () => {
    const { db } = await openFileDb();
    await seedWorkspace(db, { size: 'tiny' });
    ws = await readWorkspace(db);
  });

  describe.each([
    ['users', USERS],
    ['rooms and subscriptions', ROOMS],
    ['messages', MESSAGES],
    ['the other collections', OTHERS],
  ] as const)('%s', (_group, cases) => {
    it.each(cases)('%s', (_edge, present) => {
      expect(present(ws)).toBe(true);
    });
  });

  it('keeps to about a dozen documents per collection, apart from the fixed tables (settings, permissions) and messages', () => {
    const large = Object.entries(ws)
      .filter(([name, docs]) => docs.length > 60 && !['rocketchat_settings', 'rocketchat_permissions', 'rocketchat_message', 'rocketchat_subscription'].includes(name))
      .map(([name]) => name);
    expect(large).toEqual([]);
  });
});
