/**
 * The Info-page numbers computed in plain TypeScript from the raw documents, with Rocket.Chat's meaning per version
 * (reference rocketchat-info.md §1.3) and the engine's documented choice for rooms without a `msgs` counter (they add
 * nothing). Never uses the database's query operators: both test engines have silent wrong answers.
 */
import type { Db, Document } from 'mongodb';

/** The raw documents the expectations are computed from. */
export interface RawWorkspace {
  users: Document[];
  rooms: Document[];
  messages: Document[];
  uploads: Document[];
  settings: Document[];
  migrations: Document[];
  federationServers: Document[];
}

/** Reads every document the Info-page numbers depend on. */
export async function readRawWorkspace(db: Db): Promise<RawWorkspace> {
  const all = (name: string) => db.collection(name).find({}).toArray();
  const [users, rooms, messages, uploads, settings, migrations, federationServers] = await Promise.all([
    all('users'),
    all('rocketchat_room'),
    all('rocketchat_message'),
    all('rocketchat_uploads'),
    all('rocketchat_settings'),
    all('migrations'),
    all('rocketchat_federation_servers'),
  ]);
  return { users, rooms, messages, uploads, settings, migrations, federationServers };
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

const count = <T>(list: T[], predicate: (item: T) => boolean) => list.filter(predicate).length;
const onlyGuest = (roles: unknown) => Array.isArray(roles) && roles.length === 1 && roles[0] === 'guest';
const msgs = (room: Document) => (typeof room.msgs === 'number' ? room.msgs : 0);
const sumMsgs = (rooms: Document[]) => rooms.reduce((total, room) => total + msgs(room), 0);

/** Every Info-page number by its IStats name, for a Rocket.Chat version. */
export function expectedInfoNumbers(raw: RawWorkspace, version: string): Record<string, number> {
  const { users, rooms } = raw;
  // Bots stopped counting as active users in 6.4.0 (apps/meteor/CHANGELOG.md 6.4.0, 5321e87363 / PR #30216).
  const nonSeat = atLeast(version, 6, 4) ? ['app', 'bot'] : ['app'];
  const split = atLeast(version, 6, 5);
  const ofType = (t: string) => rooms.filter((room) => room.t === t);
  const discussions = (t: string) => ofType(t).filter((room) => Boolean(room.prid));
  const online = count(users, (u) => u.status === 'online');
  const away = count(users, (u) => u.status === 'away');
  const busy = count(users, (u) => u.status === 'busy');
  const channelMessages = sumMsgs(ofType('c')) - (split ? sumMsgs(discussions('c')) : 0);
  const groupMessages = sumMsgs(ofType('p')) - (split ? sumMsgs(discussions('p')) : 0);
  const discussionMessages = sumMsgs(discussions('c')) + sumMsgs(discussions('p'));
  const directMessages = sumMsgs(ofType('d'));
  const livechatMessages = sumMsgs(ofType('l'));
  return {
    totalUsers: users.length,
    onlineUsers: online,
    awayUsers: away,
    busyUsers: busy,
    totalConnectedUsers: online + away,
    offlineUsers: users.length - online - away - busy,
    activeUsers: count(
      users,
      (u) => u.active === true && !onlyGuest(u.roles) && !nonSeat.includes(u.type) && u.federated !== true && u.isRemote !== true,
    ),
    activeGuests: count(users, (u) => u.active === true && u.type !== 'app' && onlyGuest(u.roles) && u.isRemote !== true),
    nonActiveUsers: count(users, (u) => u.active === false),
    appUsers: count(users, (u) => u.type === 'app'),
    uploadsTotal: raw.uploads.length,
    uploadsTotalSize: raw.uploads.reduce((total, upload) => total + (typeof upload.size === 'number' ? upload.size : 0), 0),
    totalRooms: rooms.length,
    totalChannels: ofType('c').length,
    totalPrivateGroups: ofType('p').length,
    totalDirect: ofType('d').length,
    totalLivechat: ofType('l').length,
    totalDiscussions: count(rooms, (room) => 'prid' in room),
    totalThreads: count(raw.messages, (m) => 'tcount' in m),
    totalChannelMessages: channelMessages,
    totalPrivateGroupMessages: groupMessages,
    totalDiscussionsMessages: discussionMessages,
    totalDirectMessages: directMessages,
    totalLivechatMessages: livechatMessages,
    totalMessages: channelMessages + groupMessages + (split ? discussionMessages : 0) + directMessages + livechatMessages,
    federatedUsers: count(users, (u) => u.isRemote === true),
    federatedServers: raw.federationServers.length,
  };
}

/** Whether some room of the types Rocket.Chat sums lacks a numeric `msgs` (Rocket.Chat's total is then null). */
export function hasRoomWithoutMsgs(raw: RawWorkspace, types: string[]): boolean {
  return raw.rooms.some((room) => types.includes(room.t) && typeof room.msgs !== 'number');
}
