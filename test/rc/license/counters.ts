/**
 * The license limit counters Rocket.Chat registers at startup (ee/app/license/server/startup.ts), read from the
 * workspace's database.
 */
import type { Db } from 'mongodb';
import { activeLocalGuestCount, activeLocalUserCount } from '../statistics/users.js';
import type { RcSemantics } from '../version.js';
import type { RcLicenseCounters } from './validate.js';

/** Counts that do not live in MongoDB: enabled apps come from the Apps-Engine, which an emulator does not run. */
export interface RcAppCounts {
  privateApps?: number;
  marketplaceApps?: number;
}

/**
 * activeUsers and guestUsers as the statistics count them; roomsPerGuest is 0 outside a per-guest check;
 * apps are 0 when the Apps-Engine is not initialised (unless given); monthlyActiveContacts counts contacts
 * (7.x+: `rocketchat_livechat_contact`, 6.x: `rocketchat_livechat_visitor`) active in the current UTC month.
 */
export async function rcLicenseCounters(db: Db, options: { semantics: RcSemantics; now: Date; apps?: RcAppCounts }): Promise<RcLicenseCounters> {
  const period = `${options.now.getUTCFullYear()}-${String(options.now.getUTCMonth() + 1).padStart(2, '0')}`;
  const contacts = options.semantics.major >= 7 ? 'rocketchat_livechat_contact' : 'rocketchat_livechat_visitor';
  const [activeUsers, guestUsers, monthlyActiveContacts] = await Promise.all([
    activeLocalUserCount(db, options.semantics),
    activeLocalGuestCount(db),
    db.collection(contacts).countDocuments({ activity: period }),
  ]);
  return {
    activeUsers,
    guestUsers,
    roomsPerGuest: 0,
    privateApps: options.apps?.privateApps ?? 0,
    marketplaceApps: options.apps?.marketplaceApps ?? 0,
    monthlyActiveContacts,
  };
}
