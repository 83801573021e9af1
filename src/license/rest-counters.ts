/**
 * The license limit counters in REST-only mode: Rocket.Chat's own current values, as GET /api/v1/licenses.info with
 * `loadValues=true` reports them (ee/server/api/licenses.ts → License.getInfo with currentValues; the limits are
 * answered only to a caller holding `view-privileged-setting`), and the seat count of GET licenses.maxActiveUsers
 * (logged in only: Users.getActiveLocalUserCount), which the statistics service already reads for the License card.
 */
import type { RestReader } from '../stats/rest/endpoints.js';
import type { CountersSource, LicenseCounters } from './counters.js';
import { LIMIT_KINDS } from './rules.js';

/** licenses.info's limits with their current values. */
export interface LicensesInfo {
  license?: { hasValidLicense?: boolean; limits?: Partial<Record<string, { value?: number; max: number }>> };
}

/** The counters in licenses.info's answer, the seat count given apart (maxActiveUsers' or the statistics'). */
export function countersOf(info: LicensesInfo | undefined, activeUsers: number | undefined): LicenseCounters {
  const counters: LicenseCounters = {};
  for (const kind of LIMIT_KINDS) {
    const value = info?.license?.limits?.[kind]?.value;
    if (typeof value === 'number') counters[kind] = value;
  }
  if (activeUsers !== undefined) counters.activeUsers = activeUsers;
  return counters;
}

/** Counters through `rest`; a counter Rocket.Chat did not give is left out (its limit is shown, not judged). */
export function restCounters(rest: RestReader): CountersSource {
  return async ({ users }) => {
    const info = await rest.get<LicensesInfo>('licenses.info', { loadValues: 'true' }).catch(() => undefined);
    const counters = countersOf(info, users.activeUsers);
    if (counters.guestUsers === undefined && users.activeGuests !== undefined) counters.guestUsers = users.activeGuests;
    return counters;
  };
}
