/**
 * Rocket.Chat's own queries for just the fields the four Info cards show, section by section: the statistics
 * collectors of apps/meteor/app/statistics/server/lib/statistics.ts (users, rooms, message totals loaded room by
 * room, threads, uploads), the deployment facts (getControl, getMongoInfo, instance heart-beats), the license
 * (ee/packages/license: settings, then its counters) and the federation fields (legacy dashboard counts and
 * getMatrixFederationStatistics). It is the baseline the bot's per-card plans are benchmarked against; it never
 * imports the bot's code.
 */
import type { Db } from 'mongodb';
import { rcLicenseState } from './license.js';
import { loadRcSettings } from './settings.js';
import { type ParallelGroup, parallelGroup, type StatsContext } from './statistics/context.js';
import { matrixFederationStatistics, pushLegacyFederation } from './statistics/federation.js';
import { collectMessageTotals, countThreads } from './statistics/messages.js';
import { collectRoomCounts } from './statistics/rooms.js';
import { migrationControl, mongoInfo } from './statistics/runtime.js';
import { collectUserCounts } from './statistics/users.js';
import { rcSemantics } from './version.js';

/** The four cards of the Info page. */
export type RcInfoSection = 'deployment' | 'license' | 'usage' | 'federation';

/** What the plan runs against. */
export interface RcInfoOptions {
  version: string;
  now: Date;
  /** License public key (defaults as in rcLicenseState). */
  publicKeyPem?: string;
}

/** Runs Rocket.Chat's queries for the fields of `sections`; returns the fields it computed. */
export async function rcInfoCardsPlan(db: Db, sections: readonly RcInfoSection[], options: RcInfoOptions): Promise<Record<string, unknown>> {
  const semantics = rcSemantics(options.version);
  // Rocket.Chat holds settings in memory; one read stands for its cache.
  const settings = await loadRcSettings(db);
  // Only the federation task of Rocket.Chat's parallel group concerns a card (collectUserCounts also starts
  // userLanguages there, which no card shows).
  const group = parallelGroup();
  const parallel: ParallelGroup = { push: (name, task) => name === 'federation' && group.push(name, task), settle: () => group.settle() };
  const ctx: StatsContext = { db, semantics, settings, now: options.now, stats: {}, parallel };
  const { stats } = ctx;
  if (sections.includes('usage')) {
    await collectUserCounts(ctx);
    await collectRoomCounts(ctx);
    stats.totalThreads = await countThreads(db);
    await collectMessageTotals(ctx);
    const uploads = db.collection('rocketchat_uploads');
    stats.uploadsTotal = await uploads.estimatedDocumentCount();
    const [size] = await uploads.aggregate<{ total: number }>([{ $group: { _id: 'total', total: { $sum: '$size' } } }]).toArray();
    stats.uploadsTotalSize = size ? size.total : 0;
  }
  if (sections.includes('deployment')) {
    stats.migration = await migrationControl(db);
    stats.instanceCount = await db.collection('instances').countDocuments({ _updatedAt: { $gt: new Date(options.now.getTime() - 60_000) } });
    Object.assign(stats, await mongoInfo(db));
  }
  if (sections.includes('license')) {
    stats.license = await rcLicenseState(db, { publicKeyPem: options.publicKeyPem, now: options.now, version: options.version });
  }
  if (sections.includes('federation')) {
    if (!semantics.v8) pushLegacyFederation(ctx);
    stats.matrixFederation = await matrixFederationStatistics(ctx);
  }
  await ctx.parallel.settle();
  return { ...stats };
}
