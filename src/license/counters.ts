/**
 * The current values of Rocket.Chat's license limit counters, as its server registers them
 * (apps/meteor/ee/app/license/server/startup.ts setLicenseLimitCounter), read from its database (read-only):
 * - activeUsers / guestUsers: Users.getActiveLocalUserCount / getActiveLocalGuestCount, the statistics engine's
 *   activeUsers / activeGuests (given by the caller, which already counts them with the version's rule);
 * - roomsPerGuest: Rocket.Chat counts it only for one guest joining a room; without a guest its counter is 0, so a
 *   license check sees 0;
 * - privateApps / marketplaceApps: enabled apps by installation source (lib/getAppCount.ts,
 *   getInstallationSourceFromAppStorageItem.ts), from the apps' stored state in `rocketchat_apps`. Rocket.Chat asks
 *   its running Apps-Engine (0 while it is not initialised); the stored status is what that engine loads;
 * - monthlyActiveContacts: contacts active in the current UTC month (LivechatVisitors/LivechatContacts
 *   countVisitorsOnPeriod(YYYY-MM): 6.x visitors, 7.x+ contacts).
 * A counter whose query fails is left out, and the verdict shows that limit without judging it.
 */
import type { Db } from 'mongodb';
import { QueryRunner } from '../stats/query-runner.js';
import type { LimitKind } from './rules.js';

export type LicenseCounters = Partial<Record<LimitKind, number>>;

/** What the counters are read with: the Rocket.Chat major whose rules apply, the time, the statistics' user counts. */
export interface CountersQuery {
  rcMajor: number;
  now: Date;
  users: { activeUsers?: number; activeGuests?: number };
}

/** Where a license check's counters come from: Rocket.Chat's database, or its REST API (rest-counters.ts). */
export type CountersSource = (query: CountersQuery) => Promise<LicenseCounters>;

/** Budget of each counter query (enabled apps, monthly active contacts). */
const COUNTER_TIMEOUT_MS = 20_000;

/** The counters from Rocket.Chat's database (read only). */
export function databaseCounters(db: Db): CountersSource {
  return (query) => readLicenseCounters(new QueryRunner({ db, timeoutMs: COUNTER_TIMEOUT_MS, concurrency: 2 }), query);
}

// Apps-Engine AppStatusUtils.isEnabled: the two enabled statuses.
const ENABLED_APP_STATUSES = ['auto_enabled', 'manually_enabled'];

interface AppStorageDoc {
  installationSource?: string;
  marketplaceInfo?: unknown;
}

/** Reads the counters Rocket.Chat judges limits on; `users` are the statistics' activeUsers/activeGuests. */
export async function readLicenseCounters(runner: QueryRunner, options: CountersQuery): Promise<LicenseCounters> {
  const period = `${options.now.getUTCFullYear()}-${String(options.now.getUTCMonth() + 1).padStart(2, '0')}`;
  const contacts = options.rcMajor >= 7 ? 'rocketchat_livechat_contact' : 'rocketchat_livechat_visitor';
  const [apps, monthlyActiveContacts] = await Promise.all([
    runner.run('license:enabledApps', (query) =>
      runner.db
        .collection<AppStorageDoc>('rocketchat_apps')
        .find({ status: { $in: ENABLED_APP_STATUSES } }, { ...query, projection: { installationSource: 1, marketplaceInfo: 1 } })
        .toArray(),
    ),
    runner.run(`license:monthlyActiveContacts:${contacts}:${period}`, (query) => runner.db.collection(contacts).countDocuments({ activity: period }, query)),
  ]);
  const counters: LicenseCounters = { roomsPerGuest: 0 };
  if (options.users.activeUsers !== undefined) counters.activeUsers = options.users.activeUsers;
  if (options.users.activeGuests !== undefined) counters.guestUsers = options.users.activeGuests;
  if (apps.ok) {
    const source = (app: AppStorageDoc) => app.installationSource || ('marketplaceInfo' in app ? 'marketplace' : 'private');
    counters.privateApps = apps.value.filter((app) => source(app) === 'private').length;
    counters.marketplaceApps = apps.value.filter((app) => source(app) === 'marketplace').length;
  }
  if (monthlyActiveContacts.ok) counters.monthlyActiveContacts = monthlyActiveContacts.value;
  return counters;
}
