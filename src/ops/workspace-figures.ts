/**
 * The figures behind the workspace gauges, read from a statistics result holding the License and Deployment
 * sections: a figure the computation could not produce is null (no gauge sample), never a placeholder 0.
 */
import type { StatsResult } from '../stats/result.js';
import type { Sourced } from '../stats/types.js';
import type { WorkspaceEvent } from './events.js';

/** The parts a request must name for the gauges (what the metrics endpoint asks for when its figures are old). */
export const WORKSPACE_GAUGE_PARTS = ['license', 'deployment'] as const;

function liveNumber(sourced: Sourced<number>): number | null {
  const { value } = sourced;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The gauges' figures from one result. */
export function workspaceFigures(result: StatsResult<(typeof WORKSPACE_GAUGE_PARTS)[number]>): WorkspaceEvent {
  const { verdict } = result.license;
  // Entries with max < 0 are unlimited: Rocket.Chat checks only those with max >= 0
  // (ee/packages/license/src/validation/validateLimits.ts); with several, the smallest binds first.
  const seatLimits = (verdict?.limits ?? []).filter((limit) => limit.kind === 'activeUsers' && limit.max >= 0).map((limit) => limit.max);
  const until = verdict?.validUntil ? new Date(verdict.validUntil) : null;
  return {
    computedAt: result.computedAt,
    activeUsers: liveNumber(result.license.activeUsers),
    // Operators watch instances that heart-beat, not Rocket.Chat's instanceCount (records updated since its process
    // started, which the card shows): a replica that died a minute ago is what the gauge exists to show.
    instances: Array.isArray(result.deployment.instances.value) ? result.deployment.instances.value.filter((i) => i.alive).length : null,
    seatsAllowed: seatLimits.length ? Math.min(...seatLimits) : null,
    licenseValidUntil: until && !Number.isNaN(until.getTime()) ? until : null,
  };
}
