/**
 * Seeds a Rocket.Chat-shaped workspace into an empty database: users, then rooms with their
 * messages, subscriptions and uploads (one room at a time, so memory stays bounded), then the small
 * collections, and last the statistics snapshots computed from everything written before.
 */
import type { Db } from 'mongodb';
import { permissionDocs, roleDocs } from './authorization.js';
import { allocateMessages, type BulkWorld, bulkRoom, type Population } from './bulk-rooms.js';
import { type SeedContext, type UserRef, DAY, MINUTE, WORKSPACE_AGE, ago } from './context.js';
import { coreRooms } from './core-rooms.js';
import { deploymentFacts, instanceDocs, migrationDocs, statisticsDocs } from './deployment.js';
import { createIndexes } from './indexes.js';
import { fillerMessages } from './messages.js';
import { omnichannelDocs, omnichannelIds } from './omnichannel.js';
import { bulkRoomTotal, planWorkspace, type SeedSize, SEED_SIZES } from './plan.js';
import { rngFor } from './random.js';
import { finishRoom, type RoomBuild } from './rooms.js';
import { settingDocs } from './settings.js';
import { SnapshotTally } from './snapshot-tally.js';
import { confirmedUpload } from './uploads.js';
import { FIXED_ACCOUNTS, bulkUser, coreUsers, joinsRooms, type SeedUser } from './users.js';
import { extraDocs, sessionDocs } from './workspace-extras.js';
import { Writer } from './writer.js';

export interface SeedOptions {
  /** tiny ≈ a dozen docs per collection (every edge case); small ≈ a few hundred users/rooms; medium ≈ 10 000 users, 2 000 rooms, 100 000 messages; large = 100 000 users, 20 000 rooms, 1 000 000 messages. */
  size: SeedSize;
  /** Default 1; same seed + size + version (+ now) → identical documents. */
  seed?: number;
  /** Default '7.10.2'; written into the statistics snapshots, instances and migrations. */
  rcVersion?: string;
  /** Default 2026-11-26T09:00:00Z; every date is derived from it. */
  now?: Date;
  /** Site_Url setting, default 'http://localhost:3000'. */
  siteUrl?: string;
  /** Enterprise_License value to store (default: none, i.e. Community). */
  license?: string;
}

/** A fixed account the tests log in with. */
export interface SeedAccount {
  _id: string;
  username: string;
  password: string;
  roles: string[];
}

/** What a seeding run wrote. */
export interface SeedResult {
  accounts: { admin: SeedAccount; user: SeedAccount; bot: SeedAccount };
  adminRoom: { _id: string; name: 'infobot-admin' };
  /** Documents written per collection. */
  counts: Record<string, number>;
  /** Wall time of the seeding. */
  seconds: number;
}

export const DEFAULT_NOW = new Date('2026-11-26T09:00:00Z');
export const DEFAULT_RC_VERSION = '7.10.2';

function resolve(options: SeedOptions): SeedContext {
  if (!SEED_SIZES.includes(options.size)) throw new Error(`unknown seed size "${String(options.size)}": use one of ${SEED_SIZES.join(', ')}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const now = options.now ?? DEFAULT_NOW;
  if (Number.isNaN(now.getTime())) throw new Error('now must be a valid Date');
  const siteUrl = options.siteUrl ?? 'http://localhost:3000';
  try {
    new URL(siteUrl);
  } catch {
    throw new Error(`siteUrl "${siteUrl}" is not a URL: give one like http://localhost:3000`);
  }
  const rcVersion = options.rcVersion ?? DEFAULT_RC_VERSION;
  if (!/^\d+\.\d+\.\d+/.test(rcVersion)) throw new Error(`rcVersion "${rcVersion}" is not a Rocket.Chat version: give one like ${DEFAULT_RC_VERSION}`);
  return {
    seed,
    now,
    rcVersion,
    siteUrl,
    license: options.license || undefined,
    plan: planWorkspace(options.size),
    installedAt: new Date(now.getTime() - WORKSPACE_AGE),
  };
}

/** Share of the last 35 days on which a core user was active (the SAU monitor's `user_daily` documents). */
const CORE_SESSION_ACTIVITY: Record<string, number> = { admin: 0.4, user: 0.4, 'guest.only': 0.2, 'agent.lena': 0.3 };

async function writeUsers(ctx: SeedContext, writer: Writer, tally: SnapshotTally, core: readonly SeedUser[]): Promise<Population> {
  const population: Population = { refs: [], kinds: [], createdAt: [], eligible: [], agents: [] };
  const sessions = rngFor(ctx.seed, 'sessions');
  const emit = async (user: SeedUser, activity: number) => {
    tally.user(user.doc);
    await writer.add('users', user.doc);
    if (activity > 0 && user.doc.lastLogin) await writer.addAll('rocketchat_sessions', sessionDocs(ctx, sessions, user, activity));
  };
  for (const user of core) {
    if ((user.doc.roles as string[]).includes('livechat-agent') && user.active) population.agents.push(user.ref);
    await emit(user, CORE_SESSION_ACTIVITY[user.ref.username] ?? 0);
  }
  for (let i = 0; i < ctx.plan.bulkUsers; i++) {
    const user = bulkUser(ctx, i);
    population.refs.push(user.ref);
    population.kinds.push(user.kind);
    population.createdAt.push(user.createdAt.getTime());
    if (joinsRooms(user.kind) && user.active !== false) population.eligible.push(i);
    if (user.kind === 'agent' && user.active) population.agents.push(user.ref);
    await emit(user, i % 50 === 0 ? 0.4 : 0);
  }
  return population;
}

async function writeRoom(ctx: SeedContext, writer: Writer, tally: SnapshotTally, build: RoomBuild, index: number): Promise<void> {
  const finished = finishRoom(ctx, rngFor(ctx.seed, 'subscriptions', index), build);
  tally.room(finished);
  for (const message of finished.messages) {
    tally.message(message);
    await writer.add('rocketchat_message', message);
  }
  for (const upload of finished.uploads) {
    tally.upload(upload);
    await writer.add('rocketchat_uploads', upload);
  }
  await writer.addAll('rocketchat_subscription', finished.subscriptions);
  await writer.add('rocketchat_room', finished.room);
}

/** `#general` also holds every generated local user and 5% of the generated messages. */
function growGeneral(world: BulkWorld, general: RoomBuild): void {
  const { ctx, population } = world;
  const rng = rngFor(ctx.seed, 'bulk-general');
  for (const i of population.eligible) {
    const ref = population.refs[i];
    if (ref) general.members.push({ user: ref, joinedAt: new Date(Math.max(ctx.installedAt.getTime(), population.createdAt[i] ?? 0)) });
  }
  const authors: UserRef[] = [];
  for (let k = 0; k < Math.min(2000, population.eligible.length); k++) {
    const ref = population.refs[population.eligible[rng.int(0, population.eligible.length - 1)] ?? 0];
    if (ref) authors.push(ref);
  }
  if (authors.length === 0) authors.push(...general.members.map((m) => m.user));
  const messages = fillerMessages(
    rng,
    { rid: 'GENERAL', count: world.generalMessages, from: new Date(ctx.installedAt.getTime() + DAY), to: ago(ctx, 15 * MINUTE), authors, systemNotices: true, files: true },
    (file, message) => general.uploads.push(confirmedUpload(ctx, rng, file, message, world.instanceId)),
  );
  general.messages.push(...messages);
}

export async function seedWorkspace(db: Db, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const ctx = resolve(options);
  const existing = (await db.collection('users').findOne({}, { projection: { _id: 1 } })) ? await db.collection('users').countDocuments({}) : 0;
  if (existing > 0) throw new Error(`database "${db.databaseName}" already holds ${existing} users: seed into an empty database (drop it first, or pass --drop to the seed CLI)`);
  const writer = new Writer(db);
  const facts = deploymentFacts(ctx);
  const tally = new SnapshotTally(facts.snapshotTimes.map((t) => t.getTime()));
  const users = coreUsers(ctx);
  const omni = omnichannelIds(ctx);
  const core = coreRooms(ctx, users, omni, facts.instanceIds);

  const population = await writeUsers(ctx, writer, tally, users);
  const allocation = allocateMessages(ctx, ctx.plan);
  const world: BulkWorld = {
    ctx,
    population,
    omni,
    instanceId: facts.instanceIds[0] ?? '',
    messageCounts: allocation.counts,
    generalMessages: allocation.general,
    directPairs: new Set(core.builds.filter((b) => b.doc.t === 'd').map((b) => b.doc._id)),
  };
  const [general, ...otherCore] = core.builds;
  if (general?.doc._id !== 'GENERAL') throw new Error('the core rooms must start with #general');
  growGeneral(world, general);
  let roomIndex = 0;
  let bulkVisitors = 0;
  for (const build of [general, ...otherCore]) await writeRoom(ctx, writer, tally, build, roomIndex++);
  for (let i = 0; i < bulkRoomTotal(ctx.plan); i++) {
    const { build, extras } = bulkRoom(world, i);
    await writeRoom(ctx, writer, tally, build, roomIndex++);
    if (extras.team) await writer.add('rocketchat_team', extras.team);
    if (extras.teamMembers) await writer.addAll('rocketchat_team_member', extras.teamMembers);
    if (extras.visitor) {
      bulkVisitors++;
      await writer.add('rocketchat_livechat_visitor', extras.visitor);
    }
  }

  const settings = settingDocs(ctx);
  const extras = extraDocs(ctx, users, { general: 'GENERAL', adminRoom: core.adminRoomId });
  const small: Record<string, Record<string, unknown>[]> = {
    rocketchat_roles: roleDocs(ctx),
    rocketchat_permissions: permissionDocs(ctx),
    rocketchat_settings: settings,
    rocketchat_team: core.teams,
    rocketchat_team_member: core.teamMembers,
    rocketchat_livechat_visitor: core.visitors,
    rocketchat_matrix_bridged_rooms: core.matrixBridgedRooms,
    migrations: migrationDocs(ctx, facts),
    instances: instanceDocs(ctx, facts),
    ...omnichannelDocs(ctx, omni, users),
    ...extras,
  };
  for (const [collection, docs] of Object.entries(small)) await writer.addAll(collection, docs);

  const setting = (id: string) => settings.find((s) => s._id === id);
  const integrations = extras.rocketchat_integrations ?? [];
  const invites = extras.rocketchat_invites ?? [];
  const statistics = statisticsDocs(ctx, facts, tally, {
    integrations: {
      totalIntegrations: integrations.length,
      totalIncoming: integrations.filter((i) => i.type === 'webhook-incoming').length,
      totalIncomingActive: integrations.filter((i) => i.type === 'webhook-incoming' && i.enabled === true).length,
      totalOutgoing: integrations.filter((i) => i.type === 'webhook-outgoing').length,
      totalOutgoingActive: integrations.filter((i) => i.type === 'webhook-outgoing' && i.enabled === true).length,
      totalWithScriptEnabled: integrations.filter((i) => i.scriptEnabled === true).length,
    },
    invites: invites.length,
    inviteUses: invites.reduce((sum, i) => sum + (i.uses as number), 0),
    pushQueue: extras.rocketchat_notification_queue?.length ?? 0,
    visitors: bulkVisitors + core.visitors.length,
    federationServers: extras.rocketchat_federation_servers?.length ?? 0,
    remoteUsers: users.filter((u) => u.doc.isRemote === true).length + population.kinds.filter((k) => k === 'remote').length,
    uniqueId: String(setting('uniqueID')?.value),
    installedAt: ctx.installedAt,
    fingerprint: String(setting('Deployment_FingerPrint_Hash')?.value),
  });
  await writer.addAll('rocketchat_statistics', statistics);
  await writer.close();
  // Indexes last: building each once over the data is cheaper than maintaining ten of them per insert.
  await createIndexes(db);

  const account = (key: keyof typeof FIXED_ACCOUNTS): SeedAccount => {
    const fixed = FIXED_ACCOUNTS[key];
    const user = users.find((u) => u.ref.username === fixed.username);
    if (!user) throw new Error(`fixed account "${fixed.username}" is missing from the core users`);
    return { _id: user.ref._id, username: fixed.username, password: fixed.password, roles: [...fixed.roles] };
  };
  return {
    accounts: { admin: account('admin'), user: account('user'), bot: account('bot') },
    adminRoom: { _id: core.adminRoomId, name: 'infobot-admin' },
    counts: { ...writer.counts },
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
