/**
 * User counts in three passes instead of Rocket.Chat's dozen countDocuments: a `$group` on the scalar fields every
 * user statistic filters on, the same for users whose roles are exactly `['guest']`, and users per livechat role.
 * The counts are then derived in TypeScript. Why these forms: FerretDB answers a second accumulator in a `$group`
 * with 0 and lacks `$cond`; mongo-java-server groups array values wrongly (['admin'] and ['admin','x'] become one
 * group) and matches nothing for Rocket.Chat's `{roles: {$eq: 'guest', $size: 1}}`, while `{roles: ['guest']}`
 * (exact array equality, the same meaning) is right on every engine.
 */
import type { Outcome, QueryRunner } from '../query-runner.js';
import type { IStatsFields } from '../statistics-types.js';
import { newestDate } from './collections.js';
import type { Semantics } from '../version.js';

/** Users sharing the same values of the scalar fields the statistics look at. */
export interface UserGroup {
  active?: unknown;
  type?: unknown;
  status?: unknown;
  federated?: unknown;
  isRemote?: unknown;
  totp?: unknown;
  email2fa?: unknown;
  count: number;
}

/** Users per livechat role. */
export type RoleCounts = Record<string, number>;

/** The raw material of every user count. */
export interface UserTallies {
  all: UserGroup[];
  /** Groups of the users whose roles are exactly ['guest']. */
  guestsOnly: UserGroup[];
  roles: RoleCounts;
}

const LIVECHAT_ROLES = ['livechat-agent', 'livechat-manager', 'livechat-monitor'];

async function groups(runner: QueryRunner, key: string, match: Record<string, unknown> | undefined): Promise<Outcome<UserGroup[]>> {
  return runner.run(key, async (options) => {
    const pipeline: Record<string, unknown>[] = match ? [{ $match: match }] : [];
    pipeline.push({
      $group: {
        _id: {
          active: '$active',
          type: '$type',
          status: '$status',
          federated: '$federated',
          isRemote: '$isRemote',
          totp: '$services.totp.enabled',
          email2fa: '$services.email2fa.enabled',
        },
        n: { $sum: 1 },
      },
    });
    const rows = await runner.db.collection('users').aggregate<{ _id: Omit<UserGroup, 'count'>; n: number }>(pipeline, options).toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  });
}

function roleCounts(runner: QueryRunner): Promise<Outcome<RoleCounts>> {
  return runner.run('livechatRoleCounts', async (options) => {
    const rows = await runner.db
      .collection('users')
      .aggregate<{ _id: unknown; n: number }>(
        [
          { $match: { roles: { $in: LIVECHAT_ROLES } } },
          { $unwind: '$roles' },
          { $match: { roles: { $in: LIVECHAT_ROLES } } },
          { $group: { _id: '$roles', n: { $sum: 1 } } },
        ],
        options,
      )
      .toArray();
    return Object.fromEntries(rows.map((row) => [String(row._id), row.n]));
  });
}

/** The three user queries (each run once per computation, shared by every collector). */
export async function userTallies(runner: QueryRunner): Promise<Outcome<UserTallies>> {
  const [all, guestsOnly, roles] = await Promise.all([
    groups(runner, 'userGroups', undefined),
    groups(runner, 'guestOnlyUserGroups', { roles: ['guest'] }),
    roleCounts(runner),
  ]);
  if (!all.ok) return all;
  if (!guestsOnly.ok) return guestsOnly;
  if (!roles.ok) return roles;
  return { ok: true, value: { all: all.value, guestsOnly: guestsOnly.value, roles: roles.value } };
}

/** The user numbers of the statistics: the IStats fields of these names, plus two that IStats nests elsewhere. */
export type UserCounts = Pick<
  IStatsFields,
  | 'totalUsers'
  | 'activeUsers'
  | 'activeGuests'
  | 'nonActiveUsers'
  | 'appUsers'
  | 'onlineUsers'
  | 'awayUsers'
  | 'busyUsers'
  | 'totalConnectedUsers'
  | 'offlineUsers'
  | 'totalUserTOTP'
  | 'totalUserEmail2fa'
  | 'totalLivechatAgents'
  | 'totalLivechatManagers'
> & {
  /** `enterprise.livechatMonitors`. */
  livechatMonitors: number;
  /** Legacy federation: users with `isRemote`. */
  federatedUsers: number;
  /** Matrix federation: users with `federated`. */
  externalUsers: number;
};

/** The counts Rocket.Chat computes with a dozen countDocuments, from the tallies. */
export function deriveUserCounts(tallies: UserTallies, semantics: Pick<Semantics, 'botsAreActiveUsers'>): UserCounts {
  const sum = (list: UserGroup[], predicate: (group: UserGroup) => boolean) =>
    list.reduce((total, g) => (predicate(g) ? total + g.count : total), 0);
  const all = (predicate: (group: UserGroup) => boolean) => sum(tallies.all, predicate);
  const nonSeatTypes = semantics.botsAreActiveUsers ? ['app'] : ['app', 'bot'];
  // Users.getActiveLocalUserCount(): active users minus guests, non-seat types, federated and remote users.
  const seat = (g: UserGroup) =>
    g.active === true && !nonSeatTypes.includes(g.type as string) && g.federated !== true && g.isRemote !== true;
  const onlineUsers = all((g) => g.status === 'online');
  const awayUsers = all((g) => g.status === 'away');
  const busyUsers = all((g) => g.status === 'busy');
  const totalUsers = all(() => true);
  return {
    totalUsers,
    activeUsers: all(seat) - sum(tallies.guestsOnly, seat),
    activeGuests: sum(tallies.guestsOnly, (g) => g.active === true && g.type !== 'app' && g.isRemote !== true),
    nonActiveUsers: all((g) => g.active === false),
    appUsers: all((g) => g.type === 'app'),
    onlineUsers,
    awayUsers,
    busyUsers,
    totalConnectedUsers: onlineUsers + awayUsers,
    offlineUsers: totalUsers - onlineUsers - awayUsers - busyUsers,
    totalUserTOTP: all((g) => g.active === true && g.totp === true),
    totalUserEmail2fa: all((g) => g.active === true && g.email2fa === true),
    totalLivechatAgents: tallies.roles['livechat-agent'] ?? 0,
    totalLivechatManagers: tallies.roles['livechat-manager'] ?? 0,
    livechatMonitors: tallies.roles['livechat-monitor'] ?? 0,
    federatedUsers: all((g) => g.isRemote === true),
    externalUsers: all((g) => g.federated === true),
  };
}

/** Users of the two federations: legacy (`isRemote`) and Matrix (`federated`). */
export interface FederationUserCounts {
  federatedUsers: number;
  externalUsers: number;
}

/**
 * Rocket.Chat's two counts (Users.countDocuments({isRemote: true}) of the federation dashboard, {federated: true} of
 * getMatrixFederationStatistics) in one query: only users with either flag, which Rocket.Chat's sparse `isRemote` and
 * `federated` indexes serve as an index union on MongoDB; grouped on both flags with one accumulator.
 */
export function federationUserCounts(runner: QueryRunner): Promise<Outcome<FederationUserCounts>> {
  return runner.run('federationUserCounts', async (options) => {
    const rows = await runner.db
      .collection('users')
      .aggregate<{ _id: { isRemote?: unknown; federated?: unknown }; n: number }>(
        [
          { $match: { $or: [{ isRemote: true }, { federated: true }] } },
          { $group: { _id: { isRemote: '$isRemote', federated: '$federated' }, n: { $sum: 1 } } },
        ],
        options,
      )
      .toArray();
    const sum = (flag: 'isRemote' | 'federated') => rows.reduce((total, row) => (row._id[flag] === true ? total + row.n : total), 0);
    return { federatedUsers: sum('isRemote'), externalUsers: sum('federated') };
  });
}

/** `userLanguages`: users per language, `none` for the rest (Rocket.Chat's getUserLanguages). */
export async function userLanguages(runner: QueryRunner): Promise<Outcome<{ language: string; total: number }[]>> {
  return runner.run('userLanguages', async (options) => {
    const rows = await runner.db
      .collection('users')
      .aggregate<{ _id: unknown; total: number }>(
        [{ $match: { language: { $exists: true, $ne: '' } } }, { $group: { _id: '$language', total: { $sum: 1 } } }],
        options,
      )
      .toArray();
    return rows.filter((row) => typeof row._id === 'string' && row._id).map((row) => ({ language: row._id as string, total: row.total }));
  });
}

/** The languages object of the statistics. */
export function languagesObject(totalUsers: number, rows: { language: string; total: number }[]): Record<string, number> {
  const languages: Record<string, number> = { none: totalUsers };
  for (const { language, total } of rows) {
    languages[language] = total;
    languages.none = (languages.none ?? 0) - total;
  }
  return languages;
}

/** The newest `lastLogin` of any user. */
export function lastLogin(runner: QueryRunner, lowerBound?: Date): Promise<Outcome<Date | undefined>> {
  return newestDate(runner, 'users', 'lastLogin', lowerBound);
}
