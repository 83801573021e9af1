/** User fields of Rocket.Chat's statistics (`users` collection), with Rocket.Chat's queries. */
import type { Db } from 'mongodb';
import type { RcSemantics } from '../version.js';
import type { StatsContext } from './context.js';

/**
 * Users.getActiveLocalUserCount(): active users minus active guests/apps/bots/federated, two counts in parallel.
 * Also the license's activeUsers seat counter. 6.x subtracts apps but not bots.
 */
export async function activeLocalUserCount(db: Db, semantics: RcSemantics): Promise<number> {
  const users = db.collection('users');
  const types = semantics.botsExcludedFromActiveUsers ? ['app', 'bot'] : ['app'];
  const [active, excluded] = await Promise.all([
    users.countDocuments({ active: true }),
    // { roles: ['guest'] } is exact array equality: a user with ['guest', 'x'] is not a guest here.
    users.countDocuments({ active: true, $or: [{ roles: ['guest'] }, { type: { $in: types } }, { federated: true }, { isRemote: true }] }),
  ]);
  return active - excluded;
}

/**
 * Users.getActiveLocalGuestCount(): also the license's guestUsers counter. Rocket.Chat filters
 * `roles: { $eq: 'guest', $size: 1 }`, which mongo-java-server never matches; `roles: ['guest']` selects the same
 * documents (arrays that are exactly ['guest']) on every engine.
 */
export async function activeLocalGuestCount(db: Db): Promise<number> {
  return db.collection('users').countDocuments({ active: true, type: { $nin: ['app'] }, roles: ['guest'], isRemote: { $ne: true } });
}

async function totalCount(db: Db, collection: string, semantics: RcSemantics): Promise<number> {
  const col = db.collection(collection);
  return semantics.estimatedTotals ? col.estimatedDocumentCount() : col.countDocuments({});
}

// Users.getUserLanguages + the statistics helper: { none: totalUsers − Σ, <language>: count }.
async function userLanguages(db: Db, totalUsers: number): Promise<Record<string, number>> {
  const rows = await db
    .collection('users')
    .aggregate<{ _id: string | null; total: number }>([{ $match: { language: { $exists: true, $ne: '' } } }, { $group: { _id: '$language', total: { $sum: 1 } } }])
    .toArray();
  const languages: Record<string, number> = { none: totalUsers };
  for (const { _id, total } of rows) {
    if (!_id) continue;
    languages[_id] = total;
    languages.none = (languages.none ?? 0) - total;
  }
  return languages;
}

/** totalUsers … offlineUsers, then userLanguages in the parallel group. */
export async function collectUserCounts(ctx: StatsContext): Promise<void> {
  const { db, stats, semantics } = ctx;
  const users = db.collection('users');
  const totalUsers = await totalCount(db, 'users', semantics);
  stats.totalUsers = totalUsers;
  stats.activeUsers = await activeLocalUserCount(db, semantics);
  stats.activeGuests = await activeLocalGuestCount(db);
  stats.nonActiveUsers = await users.countDocuments({ active: false });
  stats.appUsers = await users.countDocuments({ type: 'app' });
  const onlineUsers = await users.countDocuments({ status: 'online' });
  const awayUsers = await users.countDocuments({ status: 'away' });
  const busyUsers = await users.countDocuments({ status: 'busy' });
  stats.onlineUsers = onlineUsers;
  stats.awayUsers = awayUsers;
  stats.busyUsers = busyUsers;
  // Rocket.Chat's own arithmetic: "connected" leaves busy users out, "offline" is everything else.
  stats.totalConnectedUsers = onlineUsers + awayUsers;
  stats.offlineUsers = totalUsers - onlineUsers - awayUsers - busyUsers;
  ctx.parallel.push('userLanguages', async () => {
    stats.userLanguages = await userLanguages(db, totalUsers);
  });
}

/** totalLivechatAgents and totalLivechatManagers (any user holding the role). */
export async function collectLivechatStaff(ctx: StatsContext): Promise<void> {
  const users = ctx.db.collection('users');
  ctx.stats.totalLivechatAgents = await users.countDocuments({ roles: 'livechat-agent' });
  ctx.stats.totalLivechatManagers = await users.countDocuments({ roles: 'livechat-manager' });
}

/** Date.toString() of the most recent lastLogin, or '' (Rocket.Chat stores it in this format, not ISO). */
export async function lastLogin(db: Db): Promise<string> {
  const user = await db.collection('users').findOne<{ lastLogin?: Date }>({}, { sort: { lastLogin: -1 }, projection: { _id: 0, lastLogin: 1 } });
  return user?.lastLogin?.toString() || '';
}

/** Date.toString() of the most recent subscription `ls`, or ''. */
export async function lastSeenSubscription(db: Db): Promise<string> {
  const [sub] = await db
    .collection('rocketchat_subscription')
    .find<{ ls?: Date }>({}, { sort: { ls: -1 }, limit: 1, projection: { ls: 1 } })
    .toArray();
  return sub?.ls?.toString() || '';
}

/** Users.countActiveUsersByService: active, non-app, not exactly ['guest'], having services.<name>. */
export function countActiveUsersByService(db: Db, service: string): Promise<number> {
  return db
    .collection('users')
    .countDocuments({ active: true, type: { $nin: ['app'] }, roles: { $ne: ['guest'] }, [`services.${service}`]: { $exists: true } });
}

/** totalUserTOTP and totalUserEmail2fa. */
export async function collectTwoFactor(ctx: StatsContext): Promise<void> {
  const users = ctx.db.collection('users');
  ctx.stats.totalUserTOTP = await users.countDocuments({ active: true, 'services.totp.enabled': true });
  ctx.stats.totalUserEmail2fa = await users.countDocuments({ active: true, 'services.email2fa.enabled': true });
}
