/**
 * One computation of the parts a caller asked for. Settings, the last snapshot and /api/info come first (they decide
 * the version's semantics); then only the collectors of the requested sections run, through one bounded query runner
 * whose figures may come from the service's cache. The whole statistics.json (`document`) runs every collector.
 */
import type { Db } from 'mongodb';
import { checkDbHealth } from '../db/health.js';
import { collectDeployment } from './collectors/deployment.js';
import { collectExtras } from './collectors/extras.js';
import { collectFederation } from './collectors/federation.js';
import { collectLicense, type LicenseInfo, licenseValidity } from './collectors/license.js';
import { collectUsage, USAGE_FIELDS } from './collectors/usage.js';
import type { FigureCache, StatsObserver } from './figure-cache.js';
import type { QueryGate } from './query-gate.js';
import { QueryRunner } from './query-runner.js';
import { INFO_SECTIONS, type InfoSection, type PartialStatsResult, type StatsPart, type StatsParts } from './result.js';
import type { ServerInfo } from './server-info.js';
import { ALL_SETTING_IDS, SECTION_SETTING_IDS } from './settings-ids.js';
import { readSettings } from './settings.js';
import { readLastSnapshot } from './snapshot.js';
import { buildStatistics } from './statistics.js';
import type { CollectContext, FieldFailure } from './types.js';
import { resolveSemantics } from './version.js';

/** What one computation needs. */
export interface ComputeOptions {
  db: Db;
  /** What to compute; `document` computes everything. */
  parts: readonly StatsPart[];
  serverInfo?: () => Promise<ServerInfo | undefined>;
  rcVersion?: string;
  licensePublicKey: string;
  queryTimeoutMs: number;
  concurrency: number;
  /** A gate shared across computations (the service's); without it `concurrency` bounds this computation alone. */
  gate?: QueryGate;
  now: Date;
  /** Figures shared with other computations (default: none). */
  cache?: FigureCache;
  /** Ask every query again rather than reuse fresh cached figures. */
  refresh?: boolean;
  observer?: StatsObserver;
}

/** Rocket.Chat's database does not answer at all; the message is one line. */
export class StatsUnavailableError extends Error {}

const HEALTH_TIMEOUT_MS = 3_000;

/**
 * What the sections read of the last snapshot: the version, the server-process facts of the Deployment section, and
 * the fields a failed query falls back to. The document reads the snapshot whole.
 */
const SNAPSHOT_SECTION_FIELDS = [
  'version',
  'process',
  'oplogEnabled',
  'msEnabled',
  'apps.engineVersion',
  'uniqueId',
  'installedAt',
  'migration',
  'mongoVersion',
  'mongoStorageEngine',
  'instanceCount',
  'federatedServers',
  'federatedUsers',
  'matrixFederation',
  ...USAGE_FIELDS,
];

/** One line per error naming the fields it cost (for statistics.json's notes; chat renders its own). */
function failureNotes(failures: FieldFailure[], snapshotAt: Date | undefined): string[] {
  if (!failures.length) return [];
  const byError = new Map<string, string[]>();
  for (const failure of failures) byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure.field]);
  const notes = [...byError].map(([error, fields]) => `Could not compute ${[...new Set(fields)].join(', ')}: ${error}.`);
  if (snapshotAt && failures.some((f) => f.fallback === 'snapshot')) {
    notes.push(`Those values come from Rocket.Chat's last statistics snapshot, as of ${snapshotAt.toISOString()}.`);
  }
  return notes;
}

function settingIdsFor(sections: readonly InfoSection[], everything: boolean): readonly string[] {
  if (everything) return ALL_SETTING_IDS;
  return [...new Set(['uniqueID', ...sections.flatMap((section) => SECTION_SETTING_IDS[section])])];
}

/** Computes the requested parts once. */
export async function computeStats(options: ComputeOptions): Promise<PartialStatsResult> {
  const { db, now } = options;
  const everything = options.parts.includes('document');
  const sections = everything ? INFO_SECTIONS : INFO_SECTIONS.filter((section) => options.parts.includes(section));
  // The ping that tells "the database is down" from slow queries runs before the first query only: an answer made of
  // fresh cached figures needs no round trip.
  let unavailable: string | undefined;
  const precheck = async () => {
    const health = await checkDbHealth(db, HEALTH_TIMEOUT_MS);
    if (health.ok) return;
    unavailable = health.error;
    throw new Error(`Rocket.Chat's database is not answering (${health.error})`);
  };
  const throwIfUnavailable = () => {
    if (unavailable !== undefined) {
      throw new StatsUnavailableError(`Rocket.Chat's database is not answering (${unavailable}): check that MongoDB is running and reachable.`);
    }
  };
  const runner = new QueryRunner({
    precheck,
    db,
    timeoutMs: options.queryTimeoutMs,
    concurrency: options.concurrency,
    gate: options.gate,
    cache: options.cache,
    refresh: options.refresh,
    observer: options.observer,
    now: () => now,
  });
  const warnings: string[] = [];
  const [settings, snapshot, serverInfo] = await Promise.all([
    readSettings(runner, settingIdsFor(sections, everything), everything ? undefined : ALL_SETTING_IDS),
    readLastSnapshot(runner, warnings, everything ? undefined : SNAPSHOT_SECTION_FIELDS),
    options.serverInfo?.().catch((error: Error) => {
      warnings.push(`${error.message.split('\n')[0]} Fields from /api/info are missing.`);
      return undefined;
    }),
  ]);
  throwIfUnavailable();
  if (settings.ok && !settings.doc('uniqueID')) {
    warnings.push(`The database "${db.databaseName}" holds no Rocket.Chat workspace (no uniqueID setting): check the database name in MONGO_URL.`);
  }
  const snapshotVersion = typeof snapshot?.doc.version === 'string' ? snapshot.doc.version : undefined;
  // Anonymous /api/info only says major.minor: the snapshot's full version wins when it is the same release line.
  const apiVersion = serverInfo?.info?.version ?? serverInfo?.version;
  const trimmedApi = apiVersion !== undefined && !serverInfo?.info && snapshotVersion?.startsWith(`${apiVersion}.`);
  const semantics = resolveSemantics({ override: options.rcVersion, api: trimmedApi ? undefined : apiVersion, snapshot: snapshotVersion });
  const ctx: CollectContext = {
    db,
    runner,
    settings,
    snapshot,
    serverInfo,
    semantics,
    now,
    licensePublicKey: options.licensePublicKey,
    failures: [],
    broadUserPass: sections.includes('usage'),
  };
  if (!settings.ok) ctx.failures.push({ field: 'settings', error: settings.error ?? 'failed', fallback: 'none' });

  let licensePromise: Promise<LicenseInfo> | undefined;
  const license = () => {
    licensePromise ??= collectLicense(ctx);
    return licensePromise;
  };
  const parts: Partial<StatsParts> = {};
  const wants = (section: InfoSection) => sections.includes(section);
  await Promise.all([
    wants('deployment') &&
      collectDeployment(ctx, () => licenseValidity(ctx, license)).then((value) => {
        parts.deployment = value;
      }),
    wants('usage') &&
      collectUsage(ctx).then((value) => {
        parts.usage = value;
      }),
    wants('federation') &&
      collectFederation(ctx).then((value) => {
        parts.federation = value;
      }),
    wants('license') &&
      license().then((value) => {
        parts.license = value;
      }),
  ]);
  throwIfUnavailable();
  if (everything && parts.deployment && parts.usage && parts.federation && parts.license) {
    const valid = parts.license.verdict?.valid === true;
    const extras = await collectExtras(ctx, valid ? (parts.license.verdict?.modules ?? []) : [], valid ? (parts.license.verdict?.tags.map((t) => t.name) ?? []) : []);
    throwIfUnavailable();
    const failed = [...new Set(ctx.failures.map((f) => f.field))];
    parts.document = buildStatistics({
      computedAt: now,
      semantics,
      deployment: parts.deployment,
      usage: parts.usage,
      federation: parts.federation,
      extras,
      snapshot,
      failed,
      notes: [
        ...warnings,
        ...failureNotes(ctx.failures, snapshot?.createdAt),
        'Message totals ignore rooms without a numeric msgs counter, where Rocket.Chat\'s own total becomes null.',
        'lastLogin and lastSeenSubscription are written in the time zone of the bot, Rocket.Chat uses its server\'s.',
        'instanceCount counts instances with a heartbeat in the last minute.',
        ...(extras.maxMonthlyPeakConnections?.source === 'live'
          ? ["maxMonthlyPeakConnections is the highest daily peak in Rocket.Chat's snapshots of the last 30 days (from UTC midnight); a higher peak since its last snapshot is in its server's memory only."]
          : []),
      ],
    });
  }
  const oldest = runner.oldestFigureAt;
  return {
    ...parts,
    computedAt: oldest && oldest < now ? oldest : now,
    semantics,
    snapshotAt: snapshot?.createdAt,
    failures: ctx.failures,
    failed: [...new Set(ctx.failures.map((f) => f.field))],
    warnings,
  };
}
