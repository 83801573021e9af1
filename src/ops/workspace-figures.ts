/**
 * The figures behind the workspace gauges, read from a finished statistics computation: a figure the computation could
 * not produce is null (no gauge sample), never the statistics document's placeholder 0.
 */
import type { ComputedStats } from '../stats/compute.js';
import type { WorkspaceEvent } from './events.js';

function liveNumber(stats: ComputedStats, field: 'activeUsers' | 'instanceCount'): number | null {
  const value = stats.document[field];
  const source = stats.document.infobot.sources[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || source === 'failed' || source === 'unavailable') return null;
  return value;
}

/** The gauges' figures from one computation. */
export function workspaceFigures(stats: ComputedStats): WorkspaceEvent {
  const verdict = stats.license;
  // Entries with max < 0 are unlimited: Rocket.Chat checks only those with max >= 0
  // (ee/packages/license/src/validation/validateLimits.ts); with several, the smallest binds first.
  const seatLimits = (verdict?.limits ?? []).filter((limit) => limit.kind === 'activeUsers' && limit.max >= 0).map((limit) => limit.max);
  const until = verdict?.validUntil ? new Date(verdict.validUntil) : null;
  return {
    computedAt: stats.computedAt,
    activeUsers: liveNumber(stats, 'activeUsers'),
    instances: liveNumber(stats, 'instanceCount'),
    seatsAllowed: seatLimits.length ? Math.min(...seatLimits) : null,
    licenseValidUntil: until && !Number.isNaN(until.getTime()) ? until : null,
  };
}
