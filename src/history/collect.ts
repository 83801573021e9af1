/**
 * A day's numbers, from the same engine as `/info`: users, rooms, messages, uploads, version and instances from the
 * statistics service (recomputed, not cached); the license verdict from the License card's collector; and two
 * counts of the last 24 hours (messages sent, rooms created) by their `ts`, which Rocket.Chat indexes.
 */
import type { Db } from 'mongodb';
import { summariseLimits } from '../license/rules.js';
import { collectLicense, type LicenseInfo } from '../stats/collectors/license.js';
import { QueryRunner } from '../stats/query-runner.js';
import { exactCount } from '../stats/queries/collections.js';
import type { StatsService } from '../stats/service.js';
import { readSettings } from '../stats/settings.js';
import type { CollectContext } from '../stats/types.js';
import { resolveSemantics } from '../stats/version.js';
import type { DayKey } from '../schedule/zoned-time.js';
import { countOrNull, type DailyNumbers, type DailySnapshot, type LicenseSummary } from './numbers.js';

/** What collecting a day needs. */
export interface CollectDeps {
  stats: StatsService;
  /** Rocket.Chat's database (read only). */
  db: Db;
  licensePublicKey: string;
  /** Budget of each query, as the statistics engine's. */
  queryTimeoutMs: number;
}

const DAY_MS = 86_400_000;
const LICENSE_SETTINGS = ['Enterprise_License', 'Enterprise_License_Status', 'Site_Url'];
const UNUSABLE_SOURCES = new Set(['failed', 'unavailable']);

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

/** Computes `day`'s snapshot at `now`; throws only when Rocket.Chat's database does not answer at all. */
export async function collectDay(deps: CollectDeps, day: DayKey, now: Date): Promise<DailySnapshot> {
  const stats = await deps.stats.get({ refresh: true });
  const doc = stats.statistics;
  const sources = ((doc.infobot as { sources?: Record<string, string> } | undefined)?.sources ?? {}) as Record<string, string>;
  const stat = (name: string) => (UNUSABLE_SOURCES.has(sources[name] ?? '') ? null : countOrNull(doc[name]));
  const version = typeof doc.version === 'string' && doc.version && !UNUSABLE_SOURCES.has(sources.version ?? '') ? doc.version : null;

  const runner = new QueryRunner({ db: deps.db, timeoutMs: deps.queryTimeoutMs, concurrency: 3 });
  const since = new Date(now.getTime() - DAY_MS);
  const ctx: CollectContext = {
    db: deps.db,
    runner,
    settings: await readSettings(runner, LICENSE_SETTINGS),
    snapshot: undefined,
    serverInfo: undefined,
    semantics: resolveSemantics({ snapshot: version ?? undefined }),
    now,
    licensePublicKey: deps.licensePublicKey,
    failures: [],
  };
  const [license, messages, rooms] = await Promise.all([
    collectLicense(ctx),
    exactCount(runner, 'rocketchat_message', { ts: { $gte: since }, _hidden: { $ne: true } }),
    exactCount(runner, 'rocketchat_room', { ts: { $gte: since } }),
  ]);
  const failed = [...stats.failed, ...ctx.failures.map((f) => f.field)];
  if (!messages.ok) failed.push('messagesLast24h');
  if (!rooms.ok) failed.push('roomsLast24h');

  const summary = licenseSummary(license);
  const seat = seats(license);
  const numbers: DailyNumbers = {
    totalUsers: stat('totalUsers'),
    activeUsers: stat('activeUsers'),
    onlineUsers: stat('onlineUsers'),
    totalRooms: stat('totalRooms'),
    roomsLast24h: rooms.ok ? rooms.value : null,
    totalMessages: stat('totalMessages'),
    messagesLast24h: messages.ok ? messages.value : null,
    uploadsTotal: stat('uploadsTotal'),
    uploadsTotalSize: stat('uploadsTotalSize'),
    seatsUsed: summary.state === 'unknown' ? null : seat.used,
    seatsMax: seat.max,
    licenseDaysLeft: summary.validUntil ? Math.floor((Date.parse(summary.validUntil) - now.getTime()) / DAY_MS) : null,
    instanceCount: stat('instanceCount'),
  };
  return { day, takenAt: now, numbers, version, license: summary, failed: [...new Set(failed)] };
}
