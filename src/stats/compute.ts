/**
 * One computation of the Info page: settings, the last snapshot and /api/info first (they decide the version's
 * semantics), then the four collectors and the rest of IStats concurrently through one bounded query runner, then the
 * cards and statistics.json from the same values.
 */
import type { Db } from 'mongodb';
import { deploymentCard } from '../cards/deployment.js';
import { federationCard } from '../cards/federation.js';
import { licenseCard } from '../cards/license.js';
import type { Card, InfoCardId } from '../cards/model.js';
import { usageCard } from '../cards/usage.js';
import { checkDbHealth } from '../db/health.js';
import { collectDeployment } from './collectors/deployment.js';
import { collectExtras } from './collectors/extras.js';
import { collectFederation } from './collectors/federation.js';
import { collectLicense } from './collectors/license.js';
import { collectUsage } from './collectors/usage.js';
import { QueryRunner } from './query-runner.js';
import type { LicenseVerdict } from '../license/types.js';
import type { ServerInfo } from './server-info.js';
import type { StatsSnapshot } from './service.js';
import { ALL_SETTING_IDS } from './settings-ids.js';
import { readSettings } from './settings.js';
import { readLastSnapshot } from './snapshot.js';
import { buildStatistics } from './statistics.js';
import type { StatisticsDocument } from './statistics-types.js';
import type { CollectContext, FieldFailure } from './types.js';
import { resolveSemantics } from './version.js';
import { formatDateTime } from '../cards/format.js';

/** What one computation needs. */
export interface ComputeOptions {
  db: Db;
  serverInfo?: () => Promise<ServerInfo | undefined>;
  rcVersion?: string;
  licensePublicKey: string;
  queryTimeoutMs: number;
  concurrency: number;
  now: Date;
  timeZone: string;
}

/** The result: the StatsSnapshot contract, with the typed document and the warnings. */
export interface ComputedStats extends StatsSnapshot {
  document: StatisticsDocument;
  warnings: string[];
  /** The verifier's judgement of the installed license (null when none), for the workspace gauges. */
  license: LicenseVerdict | null;
}

/** Rocket.Chat's database does not answer at all; the message is one line. */
export class StatsUnavailableError extends Error {}

const HEALTH_TIMEOUT_MS = 3_000;

function failureNotes(failures: FieldFailure[], timeZone: string, snapshotAt: Date | undefined): string[] {
  if (!failures.length) return [];
  const byError = new Map<string, string[]>();
  for (const failure of failures) byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure.field]);
  const notes = [...byError].map(([error, fields]) => `Could not compute ${[...new Set(fields)].join(', ')}: ${error}.`);
  if (snapshotAt && failures.some((f) => f.fallback === 'snapshot')) {
    notes.push(`Those values come from Rocket.Chat's last statistics snapshot, as of ${formatDateTime(snapshotAt, timeZone)}.`);
  }
  return notes;
}

function withFieldNotes(card: Card, failures: string[], timeZone: string): Card {
  const notes = [...card.notes];
  const failed = card.fields.filter((field) => field.source === 'failed');
  if (failed.length) notes.unshift(`${failed.map((f) => f.label).join(', ')}: could not be computed (${failures[0] ?? 'query failed'}).`);
  const asOf = card.fields.find((field) => field.source === 'snapshot' && field.asOf)?.asOf;
  if (asOf) notes.push(`Values marked as from the snapshot are as of ${formatDateTime(asOf, timeZone)}.`);
  return { ...card, notes };
}

/** Computes the cards and statistics.json once. */
export async function computeStats(options: ComputeOptions): Promise<ComputedStats> {
  const { db, now, timeZone } = options;
  const health = await checkDbHealth(db, HEALTH_TIMEOUT_MS);
  if (!health.ok) {
    throw new StatsUnavailableError(`Rocket.Chat's database is not answering (${health.error}): check that MongoDB is running and reachable.`);
  }
  const runner = new QueryRunner({ db, timeoutMs: options.queryTimeoutMs, concurrency: options.concurrency });
  const warnings: string[] = [];
  const [settings, snapshot, serverInfo] = await Promise.all([
    readSettings(runner, ALL_SETTING_IDS),
    readLastSnapshot(runner, warnings),
    options.serverInfo?.().catch((error: Error) => {
      warnings.push(`${error.message.split('\n')[0]} Fields from /api/info are missing.`);
      return undefined;
    }),
  ]);
  if (settings.ok && !settings.doc('uniqueID')) {
    warnings.push(`The database "${db.databaseName}" holds no Rocket.Chat workspace (no uniqueID setting): check the database name in MONGO_URL.`);
  }
  const snapshotVersion = typeof snapshot?.doc.version === 'string' ? snapshot.doc.version : undefined;
  // Anonymous /api/info only says major.minor: the snapshot's full version wins when it is the same release line.
  const apiVersion = serverInfo?.info?.version ?? serverInfo?.version;
  const trimmedApi = apiVersion !== undefined && !serverInfo?.info && snapshotVersion?.startsWith(`${apiVersion}.`);
  const semantics = resolveSemantics({ override: options.rcVersion, api: trimmedApi ? undefined : apiVersion, snapshot: snapshotVersion });
  const ctx: CollectContext = { db, runner, settings, snapshot, serverInfo, semantics, now, licensePublicKey: options.licensePublicKey, failures: [] };
  if (!settings.ok) ctx.failures.push({ field: 'settings', error: settings.error ?? 'failed', fallback: 'none' });

  const licensePromise = collectLicense(ctx);
  const [deployment, usage, federation, license, extras] = await Promise.all([
    collectDeployment(ctx),
    collectUsage(ctx),
    collectFederation(ctx),
    licensePromise,
    licensePromise.then((l) => {
      const valid = l.verdict?.valid === true;
      return collectExtras(ctx, valid ? (l.verdict?.modules ?? []) : [], valid ? (l.verdict?.tags.map((t) => t.name) ?? []) : []);
    }),
  ]);

  const failed = [...new Set(ctx.failures.map((f) => f.field))];
  const errors = [...new Set(ctx.failures.map((f) => f.error))];
  warnings.push(...failureNotes(ctx.failures, timeZone, snapshot?.createdAt));
  const enterprise = license.verdict?.valid === true;
  const cards: Record<InfoCardId, Card> = {
    deployment: withFieldNotes(deploymentCard({ deployment, semantics, enterprise, now, timeZone }), errors, timeZone),
    license: withFieldNotes(licenseCard({ license, now, timeZone }), errors, timeZone),
    usage: withFieldNotes(usageCard({ usage, semantics, now }), errors, timeZone),
    federation: withFieldNotes(federationCard({ federation, semantics, now }), errors, timeZone),
  };
  const document = buildStatistics({
    computedAt: now,
    semantics,
    deployment,
    usage,
    federation,
    extras,
    snapshot,
    failed,
    notes: [
      ...warnings,
      'Message totals ignore rooms without a numeric msgs counter, where Rocket.Chat\'s own total becomes null.',
      'lastLogin and lastSeenSubscription are written in the time zone of the bot, Rocket.Chat uses its server\'s.',
      'instanceCount counts instances with a heartbeat in the last minute.',
    ],
  });
  return { computedAt: now, cards, statistics: document as unknown as Record<string, unknown>, document, failed, warnings, license: license.verdict };
}
