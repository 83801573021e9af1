/**
 * Rocket.Chat's `statistics.get()` / `save()` / `Statistics.findLast()` (apps/meteor/app/statistics/server/lib/
 * statistics.ts) over a workspace's database, with Rocket.Chat's own query plan: sequential counts, rooms loaded into
 * memory for the message sums, the parallel `[p]` group whose first failure silently drops the fields not yet
 * assigned, and the per-version deltas of rocketchat-info.md §1.3. It is the reference the bot's statistics engine is
 * compared with and the baseline of its benchmark; it never imports the bot's code.
 *
 * Where Rocket.Chat's exact query form is answered wrongly by a test engine, the query is rewritten into one with
 * the same meaning (each such place says so); the documents fetched and the round trips stay Rocket.Chat's where
 * the Info page depends on them (users, rooms, messages, uploads).
 */
import { ObjectId, type Db } from 'mongodb';
import { rcLicenseState } from './license.js';
import { loadRcSettings, type RcSettings } from './settings.js';
import { PARALLEL_TASKS, parallelGroup, type StatsContext } from './statistics/context.js';
import { pushEnterpriseStatistics } from './statistics/enterprise.js';
import { matrixFederationStatistics, pushLegacyFederation } from './statistics/federation.js';
import { collectMessageTotals, countThreads, lastMessageTimestamp } from './statistics/messages.js';
import { collectLivechatVisitors, collectOmnichannel, collectOmnichannelCalls, contactVerificationStatistics } from './statistics/omnichannel.js';
import { collectRoomCounts, pushTeamStatistics } from './statistics/rooms.js';
import { collectDeployment, collectProcess } from './statistics/runtime.js';
import { servicesStatistics } from './statistics/services.js';
import { pushSessionStatistics } from './statistics/sessions.js';
import { importerStatistics, settingsStatistics } from './statistics/settings-statistics.js';
import { collectUsageCounters, pushIntegrationsAndQueue } from './statistics/usage-counters.js';
import { collectLivechatStaff, collectUserCounts, lastLogin, lastSeenSubscription } from './statistics/users.js';
import { videoConferenceStatistics } from './statistics/video-conference.js';
import { rcSemantics } from './version.js';

export { PARALLEL_TASKS } from './statistics/context.js';

/** statistics.apps as the Apps-Engine reports it; counts are `false` when the engine is not initialised. */
export interface RcAppsStatistics {
  engineVersion: string;
  totalInstalled: number | false;
  totalActive: number | false;
  totalFailed: number | false;
  totalPrivateApps?: number | false;
  totalPrivateAppsEnabled?: number | false;
}

/** What the computing "server" is: its version and process, and the in-memory facts Rocket.Chat keeps outside MongoDB. */
export interface RcStatisticsOptions {
  /** Rocket.Chat version whose fields and semantics to reproduce, e.g. "6.3.0", "7.0.0", "8.3.0". */
  version: string;
  /** The clock; defaults to now. */
  now?: Date;
  /** process.uptime() of the server (also bounds instanceCount); defaults to this process's. */
  uptimeSeconds?: number;
  nodeVersion?: string;
  pid?: number;
  /** The server's environment (DEPLOY_METHOD, DEPLOY_PLATFORM, TRANSPORTER, …); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults: engine version "1.47.0", counts false (no Apps-Engine running). */
  apps?: RcAppsStatistics;
  /** Whether the change-stream watcher runs (≤7.x oplogEnabled); defaults to false. */
  oplogEnabled?: boolean;
  /** Presence service's peak since the last read (7.0+); defaults to 0, Rocket.Chat's value when presence fails. */
  dailyPeakConnections?: number;
  /** License public key for the enterprise block; defaults to INFOBOT_LICENSE_PUBLIC_KEY or Rocket.Chat's key. */
  publicKeyPem?: string;
  /** A settings cache loaded beforehand (Rocket.Chat holds settings in memory); loaded once per call otherwise. */
  settings?: RcSettings;
  /** Fault injection: names of `[p]` tasks (see PARALLEL_TASKS) that reject. */
  failParallel?: readonly string[];
}

const DEFAULT_APPS: RcAppsStatistics = { engineVersion: '1.47.0', totalInstalled: false, totalActive: false, totalFailed: false };

function wizard(ctx: StatsContext): Record<string, unknown> {
  const ids: [string, string][] = [
    ['organizationType', 'Organization_Type'],
    ['industry', 'Industry'],
    ['size', 'Size'],
    ['country', 'Country'],
    ['language', 'Language'],
    ['serverType', 'Server_Type'],
    ['registerServer', 'Register_Server'],
  ];
  // 6.x read each setting document and set only those that exist; 7.0+ reads the cache and sets every key.
  const keep = ctx.semantics.major >= 7 ? ids : ids.filter(([, id]) => ctx.settings.has(id));
  return Object.fromEntries(keep.map(([key, id]) => [key, ctx.settings.get(id)]));
}

/** Computes a statistics document as Rocket.Chat's `statistics.get()` would for this database and version. */
export async function rcStatistics(db: Db, options: RcStatisticsOptions): Promise<Record<string, unknown>> {
  const semantics = rcSemantics(options.version);
  const unknownTask = options.failParallel?.find((name) => !(PARALLEL_TASKS as readonly string[]).includes(name));
  if (unknownTask !== undefined) {
    throw new Error(`failParallel names an unknown statistics task "${unknownTask}": use one of ${PARALLEL_TASKS.join(', ')}.`);
  }
  const now = options.now ?? new Date();
  const env = options.env ?? process.env;
  const info = {
    nodeVersion: options.nodeVersion ?? process.version,
    pid: options.pid ?? process.pid,
    uptimeSeconds: options.uptimeSeconds ?? process.uptime(),
    env,
  };
  const settings = options.settings ?? (await loadRcSettings(db));
  const ctx: StatsContext = { db, semantics, settings, now, stats: {}, parallel: parallelGroup(options.failParallel) };
  const { stats } = ctx;

  stats.wizard = wizard(ctx);
  const uniqueID = await db.collection<{ _id: string; createdAt?: Date }>('rocketchat_settings').findOne({ _id: 'uniqueID' }, { projection: { createdAt: 1 } });
  stats.uniqueId = settings.get('uniqueID');
  if (uniqueID?.createdAt) stats.installedAt = uniqueID.createdAt.toISOString();
  if (semantics.fingerprintMacPeakStatistics) {
    stats.deploymentFingerprintHash = settings.get('Deployment_FingerPrint_Hash');
    stats.deploymentFingerprintVerified = settings.get('Deployment_FingerPrint_Verified');
  }
  // Info.tag and Info.branch are undefined in built servers (the build writes them under Info.commit), so absent.
  stats.version = options.version;

  await collectUserCounts(ctx);
  await collectRoomCounts(ctx);
  stats.totalThreads = await countThreads(db);
  await collectLivechatVisitors(ctx);
  await collectLivechatStaff(ctx);
  await collectOmnichannel(ctx);
  await collectMessageTotals(ctx);
  if (!semantics.v8) pushLegacyFederation(ctx);
  stats.lastLogin = await lastLogin(db);
  stats.lastMessageSentAt = await lastMessageTimestamp(db);
  stats.lastSeenSubscription = await lastSeenSubscription(db);
  collectProcess(ctx, info);
  stats.readReceiptsEnabled = settings.get('Message_Read_Receipt_Enabled');
  stats.readReceiptsDetailed = settings.get('Message_Read_Receipt_Store_Users');
  stats.enterpriseReady = true;
  const uploads = db.collection('rocketchat_uploads');
  ctx.parallel.push('uploadsTotal', async () => {
    stats.uploadsTotal = await uploads.estimatedDocumentCount();
  });
  ctx.parallel.push('uploadsTotalSize', async () => {
    // No filter: incomplete and temporary uploads count too.
    const [result] = await uploads.aggregate<{ total: number }>([{ $group: { _id: 'total', total: { $sum: '$size' } } }]).toArray();
    stats.uploadsTotalSize = result ? result.total : 0;
  });
  if (semantics.v8) stats.fileStoreType = settings.get('FileUpload_Storage_Type');
  await collectDeployment(ctx, info, options.oplogEnabled ?? false);
  pushSessionStatistics(ctx);
  stats.apps = options.apps ?? DEFAULT_APPS;
  stats.services = await servicesStatistics(ctx);
  stats.importer = importerStatistics(ctx);
  stats.videoConf = await videoConferenceStatistics(ctx);
  if (semantics.contactVerificationStatistics) stats.contactVerification = await contactVerificationStatistics(ctx);
  ctx.parallel.push('settings', async () => {
    stats.settings = await settingsStatistics(ctx);
  });
  pushIntegrationsAndQueue(ctx);
  const license = await rcLicenseState(db, { publicKeyPem: options.publicKeyPem, now, version: options.version });
  const licensed = license.status === 'valid';
  pushEnterpriseStatistics(ctx, {
    modules: licensed ? (license.validation?.modules ?? []) : [],
    tags: licensed ? (license.license?.information.tags ?? []).map(({ name }) => name) : [],
  });
  pushTeamStatistics(ctx);
  await collectUsageCounters(ctx, { dailyPeakConnections: options.dailyPeakConnections ?? 0 });
  stats.matrixFederation = await matrixFederationStatistics(ctx);
  if (!semantics.v8) await collectOmnichannelCalls(ctx);
  if (semantics.v8) {
    if (licensed && license.validation?.modules.includes('abac')) await collectAbac(ctx);
    stats.allowUnsafeQueryAndFieldsApiParamsEnabled = env.ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS?.toUpperCase() === 'TRUE';
  }

  await ctx.parallel.settle();
  // A copy: in Rocket.Chat, tasks still running after a failure may write into the object later; the returned
  // document is what existed when get() returned.
  return { ...stats };
}

type AbacAttribute = { values?: unknown[] };

// 8.x ABAC fields, only while the license grants the abac module.
async function collectAbac(ctx: StatsContext): Promise<void> {
  const { db, stats, settings } = ctx;
  const attributes = db.collection('rocketchat_abac_attributes');
  stats.abacEnabled = settings.get('ABAC_Enabled');
  stats.abacTotalAttributes = await attributes.estimatedDocumentCount();
  // Rocket.Chat sums `$size: '$values'` server-side; counted here from the arrays, same meaning on every engine.
  const docs = await attributes.find<AbacAttribute>({}, { projection: { values: 1 } }).toArray();
  stats.abacTotalAttributeValues = docs.reduce((n, doc) => n + (Array.isArray(doc.values) ? doc.values.length : 0), 0);
  stats.abacRoomsEnrolled = await db.collection('rocketchat_room').countDocuments({ abacAttributes: { $exists: true }, archived: { $ne: true } });
}

/** statistics.save(): get() plus createdAt, inserted into rocketchat_statistics with a 24-hex string _id. */
export async function rcSaveStatistics(db: Db, options: RcStatisticsOptions): Promise<Record<string, unknown>> {
  const stats = await rcStatistics(db, options);
  const createdAt = options.now ?? new Date();
  // BaseRaw.insertOne gives documents without _id an ObjectId's hex as a string, and sets _updatedAt.
  const doc = { _id: new ObjectId().toHexString(), ...stats, createdAt, _updatedAt: createdAt };
  await db.collection<{ _id: string }>('rocketchat_statistics').insertOne(nanAsNull(doc));
  return doc;
}

/**
 * The document as stored: NaN (the message sums when a room has no `msgs`) becomes null. Rocket.Chat inserts a BSON
 * NaN, but FerretDB cannot store NaN at all (its insert drops the connection), and null is what the REST answer and
 * the Info page show for it anyway; MongoDB and mongo-java-server store the null unchanged.
 */
function nanAsNull<T>(value: T): T {
  if (typeof value === 'number') return (Number.isNaN(value) ? null : value) as T;
  if (Array.isArray(value)) return value.map(nanAsNull) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, nanAsNull(field)])) as T;
  }
  return value;
}

/** Statistics.findLast(): the newest snapshot by createdAt, or undefined when there is none. */
export async function rcLastStatistics(db: Db): Promise<Record<string, unknown> | undefined> {
  const [last] = await db.collection('rocketchat_statistics').find({}, { sort: { createdAt: -1 }, limit: 1 }).toArray();
  return last ?? undefined;
}
