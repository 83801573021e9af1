/**
 * A day's numbers, from the same engine as `/info`: users, rooms, messages, uploads, version, instances and the
 * license verdict from the statistics service (recomputed, not cached); and two
 * counts of the last 24 hours (messages sent, rooms created) by their `ts`, which Rocket.Chat indexes.
 *
 * In REST-only mode there is no database to count by `ts`, and the two counts are marked not counted rather than
 * estimated: Rocket.Chat's snapshots (statistics.list) hold totals only, and the difference of two totals is the net
 * change (a deleted message or room subtracts), which the post already shows as the change since yesterday; no
 * REST route counts a workspace's messages or rooms by creation time.
 */
import type { Db } from 'mongodb';
import { summariseLimits } from '../license/rules.js';
import type { LicenseInfo } from '../stats/collectors/license.js';
import { QueryRunner } from '../stats/query-runner.js';
import { exactCount } from '../stats/queries/collections.js';
import type { StatsService } from '../stats/service.js';
import type { DayKey } from '../schedule/zoned-time.js';
import type { DailyNumbers, DailySnapshot, LicenseSummary } from './numbers.js';

/** What collecting a day needs. */
export interface CollectDeps {
  stats: StatsService;
  /** Rocket.Chat's database (read only), for the counts of the last 24 hours; without it they are not counted. */
  db?: Db;
  /** Budget of each query, as the statistics engine's. */
  queryTimeoutMs: number;
}

const DAY_MS = 86_400_000;
const DAILY_PARTS = ['usage', 'deployment', 'license'] as const;

function licenseSummary(license: LicenseInfo): LicenseSummary {
  const { verdict } = license;
  if (license.installed.source === 'failed') return { state: 'unknown', validUntil: null, plan: [], reasons: [] };
  if (!verdict) return { state: 'none', validUntil: null, plan: [], reasons: [] };
  return {
    state: verdict.valid ? 'valid' : 'invalid',
    validUntil: verdict.validUntil,
    plan: verdict.tags.map((tag) => tag.name),
    reasons: verdict.reasons.map((reason) => reason.message),
  };
}

function seats(license: LicenseInfo): { used: number | null; max: number | null } {
  const limit = summariseLimits(license.verdict?.limits ?? []).find((l) => l.kind === 'activeUsers');
  return { used: limit?.value ?? license.activeUsers.value, max: limit && limit.max >= 0 ? limit.max : null };
}

/**
 * Computes `day`'s snapshot at `now`; throws only when Rocket.Chat's database does not answer at all. The daily
 * post recomputes; the alert checks, every few minutes, may take the engine's cached numbers (`refresh: false`).
 */
export async function collectDay(deps: CollectDeps, day: DayKey, now: Date, options: { refresh?: boolean } = {}): Promise<DailySnapshot> {
  const since = new Date(now.getTime() - DAY_MS);
  const runner = deps.db && new QueryRunner({ db: deps.db, timeoutMs: deps.queryTimeoutMs, concurrency: 2 });
  const notCounted = { ok: false as const };
  // The daily post's own subset: the Usage, Deployment and License sections, recomputed (the license judged once).
  const [result, messages, rooms] = await Promise.all([
    deps.stats.get(DAILY_PARTS, { refresh: options.refresh ?? true }),
    runner ? exactCount(runner, 'rocketchat_message', { ts: { $gte: since }, _hidden: { $ne: true } }) : notCounted,
    runner ? exactCount(runner, 'rocketchat_room', { ts: { $gte: since } }) : notCounted,
  ]);
  const { usage, deployment, license } = result;
  const failed = [...result.failed];
  if (runner && !messages.ok) failed.push('messagesLast24h');
  if (runner && !rooms.ok) failed.push('roomsLast24h');

  const summary = licenseSummary(license);
  const seat = seats(license);
  const numbers: DailyNumbers = {
    totalUsers: usage.totalUsers.value,
    activeUsers: usage.activeUsers.value,
    onlineUsers: usage.onlineUsers.value,
    totalRooms: usage.totalRooms.value,
    roomsLast24h: rooms.ok ? rooms.value : null,
    totalMessages: usage.totalMessages.value,
    messagesLast24h: messages.ok ? messages.value : null,
    uploadsTotal: usage.uploadsTotal.value,
    uploadsTotalSize: usage.uploadsTotalSize.value,
    seatsUsed: summary.state === 'unknown' ? null : seat.used,
    seatsMax: seat.max,
    licenseDaysLeft: summary.validUntil ? Math.floor((Date.parse(summary.validUntil) - now.getTime()) / DAY_MS) : null,
    instanceCount: deployment.instanceCount.value,
  };
  const snapshot: DailySnapshot = { day, takenAt: now, numbers, version: deployment.version.value || null, license: summary, failed: [...new Set(failed)] };
  if (!runner) snapshot.notCounted = ['messagesLast24h', 'roomsLast24h'];
  return snapshot;
}
