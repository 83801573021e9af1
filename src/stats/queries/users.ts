/**
 * User counts in one pass over every user plus two narrow ones, instead of Rocket.Chat's dozen countDocuments:
 * - every user grouped on the three scalar fields the Usage card reads (active, type, status): the one broad pass,
 *   with the fewest group keys (its cost on the test engines grows with them);
 * - users whose roles are exactly `['guest']` (Rocket.Chat's `roles` index serves it on MongoDB);
 * - users with a federation flag (Rocket.Chat's sparse `isRemote` and `federated` indexes), shared with the
 *   Federation card.
 * The seat and guest counts are derived from the three in TypeScript. Why these forms: FerretDB answers a second
 * accumulator in a `$group` with 0 and lacks `$cond`; mongo-java-server groups array values wrongly (['admin'] and
 * ['admin','x'] become one group) and matches nothing for Rocket.Chat's `{roles: {$eq: 'guest', $size: 1}}`, while
 * `{roles: ['guest']}` (exact array equality, the same meaning) is right on every engine.
 */
import type { Outcome, QueryRunner } from '../query-runner.js';
import type { IStatsFields } from '../statistics-types.js';
import { countCommand, newestDate } from './collections.js';
import type { Semantics } from '../version.js';

/** Users sharing the same active flag, type and status. */
export interface UserGroup {
  active?: unknown;
  type?: unknown;
  status?: unknown;
  count: number;
}

/** Users of a narrow pass sharing the same active flag, type and federation flags. */
export interface FlaggedUserGroup {
  active?: unknown;
  type?: unknown;
  federated?: unknown;
  isRemote?: unknown;
  count: number;
}

/** The raw material of the Usage card's user counts. */
export interface UserTallies {
  all: UserGroup[];
  /** Users whose roles are exactly ['guest']. */
  guestsOnly: FlaggedUserGroup[];
  /** Users with `isRemote` or `federated` true. */
  federation: FlaggedUserGroup[];
}

const LIVECHAT_ROLES = ['livechat-agent', 'livechat-manager', 'livechat-monitor'];

function allUserGroups(runner: QueryRunner): Promise<Outcome<UserGroup[]>> {
  return runner.run('userGroups', async (options) => {
    const rows = await runner.db
      .collection('users')
      .aggregate<{ _id: Omit<UserGroup, 'count'>; n: number }>(
        [{ $group: { _id: { active: '$active', type: '$type', status: '$status' }, n: { $sum: 1 } } }],
        options,
      )
      .toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  });
}

function flaggedGroups(runner: QueryRunner, key: string, match: Record<string, unknown>): Promise<Outcome<FlaggedUserGroup[]>> {
  return runner.run(key, async (options) => {
    const rows = await runner.db
      .collection('users')
      .aggregate<{ _id: Omit<FlaggedUserGroup, 'count'>; n: number }>(
        [{ $match: match }, { $group: { _id: { active: '$active', type: '$type', federated: '$federated', isRemote: '$isRemote' }, n: { $sum: 1 } } }],
        options,
      )
      .toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  });
}

function guestOnlyGroups(runner: QueryRunner): Promise<Outcome<FlaggedUserGroup[]>> {
  return flaggedGroups(runner, 'guestOnlyUserGroups', { roles: ['guest'] });
}

function federationGroups(runner: QueryRunner): Promise<Outcome<FlaggedUserGroup[]>> {
  return flaggedGroups(runner, 'federationUserGroups', { $or: [{ isRemote: true }, { federated: true }] });
}

/** The three user queries (each run once per computation, shared by every collector). */
export async function userTallies(runner: QueryRunner): Promise<Outcome<UserTallies>> {
  const [all, guestsOnly, federation] = await Promise.all([allUserGroups(runner), guestOnlyGroups(runner), federationGroups(runner)]);
  if (!all.ok) return all;
  if (!guestsOnly.ok) return guestsOnly;
  if (!federation.ok) return federation;
  return { ok: true, value: { all: all.value, guestsOnly: guestsOnly.value, federation: federation.value } };
}

/** The user numbers of the Usage card and the license's seat counters, by their IStats names. */
export type UserCounts = Pick<
  IStatsFields,
  'totalUsers' | 'activeUsers' | 'activeGuests' | 'nonActiveUsers' | 'appUsers' | 'onlineUsers' | 'awayUsers' | 'busyUsers' | 'totalConnectedUsers' | 'offlineUsers'
>;

const total = <G extends { count: number }>(list: G[], predicate: (group: G) => boolean) =>
  list.reduce((sum, g) => (predicate(g) ? sum + g.count : sum), 0);

/** The user types that take no seat: apps, and bots where the version counts them out. */
function nonSeatTypes(semantics: Pick<Semantics, 'botsAreActiveUsers'>): string[] {
  return semantics.botsAreActiveUsers ? ['app'] : ['app', 'bot'];
}

/** The license's two seat counters, by their IStats names. */
export type SeatCounts = Pick<IStatsFields, 'activeUsers' | 'activeGuests'>;

/**
 * The seat counters from the active users of seat-taking types and the two narrow passes.
 * Users.getActiveLocalUserCount(): active users minus guests, non-seat types, federated and remote users;
 * Users.getActiveLocalGuestCount(): active, not an app, exactly ['guest'], not remote.
 */
function seatCountsFrom(activeSeatTypeUsers: number, guestsOnly: FlaggedUserGroup[], federation: FlaggedUserGroup[], semantics: Pick<Semantics, 'botsAreActiveUsers'>): SeatCounts {
  const nonSeat = nonSeatTypes(semantics);
  const activeSeatType = (g: { active?: unknown; type?: unknown }) => g.active === true && !nonSeat.includes(g.type as string);
  const flagged = (g: FlaggedUserGroup) => g.federated === true || g.isRemote === true;
  // Excluded by a flag or by the exact ['guest'] roles: |F ∪ G| = |F| + |G without a flag|.
  const excluded = total(federation, (g) => activeSeatType(g) && flagged(g)) + total(guestsOnly, (g) => activeSeatType(g) && !flagged(g));
  return {
    activeUsers: activeSeatTypeUsers - excluded,
    activeGuests: total(guestsOnly, (g) => g.active === true && g.type !== 'app' && g.isRemote !== true),
  };
}

/**
 * The seat counters without the broad pass over users, for the License card alone: two counts on Rocket.Chat's
 * `active` and `type` indexes (active users, and those of them of a non-seat type) and the two narrow passes shared
 * with the other cards. Where the broad pass is fresh in the cache, the two counts are taken from it instead.
 */
export async function seatCounts(runner: QueryRunner, semantics: Pick<Semantics, 'botsAreActiveUsers'>): Promise<Outcome<SeatCounts>> {
  const nonSeat = nonSeatTypes(semantics);
  const users = () => runner.db.collection('users');
  const fromGroups = (predicate: (g: UserGroup) => boolean) => ({ key: 'userGroups', narrow: (groups: UserGroup[]) => total(groups, predicate) });
  const [active, activeNonSeat, guestsOnly, federation] = await Promise.all([
    runner.runNarrower(
      'activeUserCount',
      fromGroups((g) => g.active === true),
      (options) => users().countDocuments({ active: true }, options),
    ),
    runner.runNarrower(
      `activeUserCount:types:${nonSeat.join(',')}`,
      fromGroups((g) => g.active === true && nonSeat.includes(g.type as string)),
      (options) => users().countDocuments({ active: true, type: { $in: nonSeat } }, options),
    ),
    guestOnlyGroups(runner),
    federationGroups(runner),
  ]);
  if (!active.ok) return active;
  if (!activeNonSeat.ok) return activeNonSeat;
  if (!guestsOnly.ok) return guestsOnly;
  if (!federation.ok) return federation;
  return { ok: true, value: seatCountsFrom(active.value - activeNonSeat.value, guestsOnly.value, federation.value, semantics) };
}

/** The counts Rocket.Chat computes with a dozen countDocuments, from the tallies. */
export function deriveUserCounts(tallies: UserTallies, semantics: Pick<Semantics, 'botsAreActiveUsers'>): UserCounts {
  const nonSeat = nonSeatTypes(semantics);
  const seats = seatCountsFrom(
    total(tallies.all, (g) => g.active === true && !nonSeat.includes(g.type as string)),
    tallies.guestsOnly,
    tallies.federation,
    semantics,
  );
  const onlineUsers = total(tallies.all, (g) => g.status === 'online');
  const awayUsers = total(tallies.all, (g) => g.status === 'away');
  const busyUsers = total(tallies.all, (g) => g.status === 'busy');
  const totalUsers = total(tallies.all, () => true);
  return {
    totalUsers,
    ...seats,
    nonActiveUsers: total(tallies.all, (g) => g.active === false),
    appUsers: total(tallies.all, (g) => g.type === 'app'),
    onlineUsers,
    awayUsers,
    busyUsers,
    totalConnectedUsers: onlineUsers + awayUsers,
    offlineUsers: totalUsers - onlineUsers - awayUsers - busyUsers,
  };
}

/** Users of the two federations: legacy (`isRemote`) and Matrix (`federated`). */
export interface FederationUserCounts {
  federatedUsers: number;
  externalUsers: number;
}

/**
 * Rocket.Chat's two counts (Users.countDocuments({isRemote: true}) of the federation dashboard, {federated: true} of
 * getMatrixFederationStatistics), from the narrow pass over users with either flag (the Usage card's seat count
 * reads the same pass).
 */
export async function federationUserCounts(runner: QueryRunner): Promise<Outcome<FederationUserCounts>> {
  const groups = await federationGroups(runner);
  if (!groups.ok) return groups;
  return {
    ok: true,
    value: { federatedUsers: total(groups.value, (g) => g.isRemote === true), externalUsers: total(groups.value, (g) => g.federated === true) },
  };
}

/** Counts only statistics.json has: livechat staff by role, users with two-factor methods. */
export type StaffAndFactorCounts = Pick<IStatsFields, 'totalLivechatAgents' | 'totalLivechatManagers' | 'totalUserTOTP' | 'totalUserEmail2fa'> & {
  /** `enterprise.livechatMonitors`. */
  livechatMonitors: number;
};

/**
 * Narrow queries for the document: users per livechat role (Rocket.Chat's `roles` index), and its two two-factor
 * counts (Users.countDocuments({active: true, 'services.totp.enabled': true}) and the email2fa one, on the
 * `{active, services.*.enabled}` indexes Rocket.Chat declares "used by statistics").
 */
export async function staffAndFactorCounts(runner: QueryRunner): Promise<Outcome<StaffAndFactorCounts>> {
  const [roles, totp, email2fa] = await Promise.all([
    runner.run('livechatRoleCounts', async (options) => {
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
      return Object.fromEntries(rows.map((row) => [String(row._id), row.n])) as Record<string, number>;
    }),
    runner.run('totpUsers', (options) => countCommand(runner.db, 'users', { active: true, 'services.totp.enabled': true }, options)),
    runner.run('email2faUsers', (options) => countCommand(runner.db, 'users', { active: true, 'services.email2fa.enabled': true }, options)),
  ]);
  if (!roles.ok) return roles;
  if (!totp.ok) return totp;
  if (!email2fa.ok) return email2fa;
  return {
    ok: true,
    value: {
      totalLivechatAgents: roles.value['livechat-agent'] ?? 0,
      totalLivechatManagers: roles.value['livechat-manager'] ?? 0,
      livechatMonitors: roles.value['livechat-monitor'] ?? 0,
      totalUserTOTP: totp.value,
      totalUserEmail2fa: email2fa.value,
    },
  };
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
