/**
 * Smaller collections the statistics read: integrations, invite links, the push/e-mail queue, old
 * federation peers, the seat-request counter, video conferences, and the SAU monitor's
 * `user_daily` sessions.
 */
import type { SeedContext, UserRef } from './context.js';
import { DAY, HOUR, MINUTE, ago } from './context.js';
import type { CollectionDocs } from './omnichannel.js';
import { type Rng, rngFor } from './random.js';
import type { SeedUser } from './users.js';

function byName(users: readonly SeedUser[], username: string): UserRef {
  const user = users.find((u) => u.ref.username === username);
  if (!user) throw new Error(`core user "${username}" is not defined in users.ts`);
  return user.ref;
}

export function extraDocs(ctx: SeedContext, users: readonly SeedUser[], rooms: { general: string; adminRoom: string }): CollectionDocs {
  const rng = rngFor(ctx.seed, 'extras');
  const admin = byName(users, 'admin');
  const user = byName(users, 'user');
  const cat = byName(users, 'rocket.cat');
  const by = { _id: admin._id, username: admin.username };
  const at = ago(ctx, 90 * DAY);
  const integration = (type: 'webhook-incoming' | 'webhook-outgoing', name: string, enabled: boolean, scriptEnabled: boolean) => {
    const doc: Record<string, unknown> = {
      _id: rng.id(),
      type,
      name,
      enabled,
      username: 'rocket.cat',
      alias: name,
      avatar: '',
      emoji: ':robot:',
      channel: ['#general'],
      scriptEnabled,
      script: scriptEnabled ? 'class Script { process_incoming_request({ request }) { return { content: { text: request.content.text } }; } }' : '',
      userId: cat._id,
      _createdAt: at,
      _createdBy: by,
      _updatedAt: at,
    };
    if (type === 'webhook-incoming') doc.token = rng.id(48);
    else Object.assign(doc, { event: 'sendMessage', urls: ['https://hooks.example.com/rocket'], triggerWords: ['!deploy'], retryFailedCalls: true, retryCount: 6, retryDelay: 'powers-of-ten', runOnEdits: false, impersonateUser: false });
    return doc;
  };
  const invite = (uses: number, days: number, maxUses: number) => {
    const createdAt = ago(ctx, rng.int(1, 30) * DAY);
    const _id = rng.id(6);
    return { _id, days, maxUses, rid: rooms.general, userId: admin._id, createdAt, expires: days > 0 ? new Date(createdAt.getTime() + days * DAY) : null, uses, url: `${ctx.siteUrl.replace(/\/$/, '')}/invite/${_id}`, _updatedAt: createdAt };
  };
  const push = (to: UserRef, mid: string) => ({
    _id: rng.id(),
    uid: to._id,
    rid: rooms.adminRoom,
    mid,
    ts: ago(ctx, rng.int(1, 50) * MINUTE),
    items: [
      {
        type: 'push',
        data: { payload: { sender: { _id: admin._id, username: admin.username, name: admin.name }, type: 'c', name: 'infobot-admin', messageType: '' }, roomName: '#infobot-admin', username: admin.username, message: 'New message', badge: 1, category: 'MESSAGE' },
      },
    ],
  });
  const conference = (type: 'videoconference' | 'direct' | 'livechat', status: number, rid: string, minutesAgo: number) => {
    const createdAt = ago(ctx, minutesAgo * MINUTE);
    const doc: Record<string, unknown> = {
      _id: rng.id(),
      type,
      status,
      rid,
      users: [{ _id: admin._id, username: admin.username, name: admin.name, ts: createdAt }],
      messages: { started: rng.id() },
      providerName: 'jitsi',
      createdBy: { _id: admin._id, username: admin.username, name: admin.name },
      createdAt,
      anonymousUsers: 0,
      _updatedAt: createdAt,
    };
    if (status === 3) doc.endedAt = new Date(createdAt.getTime() + 30 * MINUTE);
    return doc;
  };
  return {
    rocketchat_integrations: [
      integration('webhook-incoming', 'CI builds', true, true),
      integration('webhook-incoming', 'Old monitoring', false, false),
      integration('webhook-outgoing', 'Deploy trigger', true, false),
      integration('webhook-outgoing', 'Archived relay', false, true),
    ],
    rocketchat_invites: [invite(0, 1, 1), invite(5, 7, 10), invite(2, 0, 0)],
    rocketchat_notification_queue: [
      push(user, rng.id()),
      push(admin, rng.id()),
      {
        _id: rng.id(),
        uid: user._id,
        rid: rooms.adminRoom,
        mid: rng.id(),
        ts: ago(ctx, 2 * HOUR),
        schedule: ago(ctx, HOUR),
        items: [{ type: 'email', data: { to: 'user@example.com', from: 'Rocket.Chat <no-reply@example.com>', subject: '[Rocket.Chat] You have a new message', html: '<p>New message</p>' } }],
      },
    ],
    rocketchat_federation_servers: [
      { _id: rng.id(), domain: 'remote.example.com', _updatedAt: at },
      { _id: rng.id(), domain: 'chat.partner.example', _updatedAt: at },
    ],
    rocketchat_analytics: [{ _id: rng.id(), type: 'seat-request', count: 3, _updatedAt: ago(ctx, DAY) }],
    rocketchat_video_conference: [
      conference('videoconference', 1, rooms.general, 20),
      conference('videoconference', 3, rooms.general, 3000),
      conference('direct', 0, rooms.adminRoom, 2),
      conference('livechat', 3, rooms.general, 9000),
    ],
  };
}

const DEVICES: readonly Record<string, unknown>[] = [
  { type: 'browser', name: 'Chrome', longVersion: '131.0.6778.86', os: { name: 'Windows', version: '10' }, version: '131.0.6778' },
  { type: 'browser', name: 'Firefox', longVersion: '133.0', os: { name: 'Linux', version: '' }, version: '133.0.0' },
  { type: 'mobile-app', name: 'RC Mobile', longVersion: '4.56.0', os: { name: 'iOS', version: '18.1' }, version: '4.56.0' },
  { type: 'desktop-app', name: 'Electron', longVersion: '4.1.2', os: { name: 'Mac OS', version: '14.6' }, version: '4.1.2' },
];

function mostImportantRole(roles: readonly string[]): string {
  for (const role of ['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent', 'user', 'guest', 'bot', 'app']) {
    if (roles.includes(role)) return role;
  }
  return roles[0] ?? 'user';
}

/** `user_daily` documents of one user over the last 35 days (the SAU monitor's daily roll-up). */
export function sessionDocs(ctx: SeedContext, rng: Rng, user: SeedUser, activity: number): Record<string, unknown>[] {
  const roles = (user.doc.roles as string[] | undefined) ?? [];
  const out: Record<string, unknown>[] = [];
  for (let daysAgo = 1; daysAgo <= 35; daysAgo++) {
    if (!rng.chance(activity)) continue;
    const date = ago(ctx, daysAgo * DAY);
    if (date < user.createdAt) continue;
    const devices = [rng.pick(DEVICES)];
    if (rng.chance(0.2)) devices.push(rng.pick(DEVICES));
    const rows = devices.map((device) => ({ sessions: rng.int(1, 6), time: rng.int(60, 6 * 3600), device }));
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    out.push({
      _id: `${user.ref._id}-${year}-${month}-${day}`,
      type: 'user_daily',
      _computedAt: new Date(Date.UTC(year, month - 1, day + 1, 0, 5)),
      day,
      month,
      year,
      userId: user.ref._id,
      mostImportantRole: mostImportantRole(roles),
      sessions: rows.reduce((sum, r) => sum + r.sessions, 0),
      time: rows.reduce((sum, r) => sum + r.time, 0),
      devices: rows,
    });
  }
  return out;
}
