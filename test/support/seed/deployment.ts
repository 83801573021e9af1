/**
 * What Rocket.Chat's server processes leave in the database about themselves: `migrations`
 * (control + upgrade hash), `instances` heartbeats, and the daily `rocketchat_statistics`
 * snapshots. Build facts that cannot come from MongoDB (Node version, Apps-Engine version,
 * migration number per release) are plausible values, not read from a real build.
 */
import type { SeedContext } from './context.js';
import { DAY, HOUR, MINUTE, ago, serverDateString } from './context.js';
import { type Rng, rngFor } from './random.js';
import type { SnapshotTally } from './snapshot-tally.js';

interface Release {
  version: string;
  nodeVersion: string;
  appsEngine: string;
  migration: number;
}

function majorMinorPatch(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`rcVersion "${version}" is not a Rocket.Chat version like 7.10.2`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function releaseOf(version: string): Release {
  const [major, minor] = majorMinorPatch(version);
  if (major >= 8) return { version, nodeVersion: 'v22.16.0', appsEngine: '1.55.0', migration: 330 + minor };
  if (major === 7) return { version, nodeVersion: minor >= 5 ? 'v22.14.0' : 'v20.18.0', appsEngine: '1.48.0', migration: 306 + minor };
  return { version, nodeVersion: 'v14.21.3', appsEngine: '1.41.0', migration: 280 + minor };
}

/** The version the workspace ran before its last upgrade (older snapshots carry it). */
function previousVersion(version: string): string {
  const [major, minor, patch] = majorMinorPatch(version);
  return patch > 0 ? `${major}.${minor}.${patch - 1}` : minor > 0 ? `${major}.${minor - 1}.0` : version;
}

/** Ids and instants shared by the deployment documents and the rest of the workspace. */
export interface DeploymentFacts {
  /** Live instances first, then a dead one whose heartbeat stopped minutes ago. */
  instanceIds: string[];
  /** The current server process started here (`migrations.control.lockedAt`). */
  bootedAt: Date;
  /** The upgrade to `rcVersion` happened here; older snapshots have the previous version. */
  upgradedAt: Date;
  /** Daily snapshot instants, newest first. */
  snapshotTimes: Date[];
}

export function deploymentFacts(ctx: SeedContext): DeploymentFacts {
  const rng = rngFor(ctx.seed, 'deployment-ids');
  const bootedAt = ago(ctx, 2 * DAY + 20 * HOUR);
  // The daily statistics cron runs at minute 12 of the hour the server started.
  const todays = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth(), ctx.now.getUTCDate(), bootedAt.getUTCHours(), 12));
  const latest = todays > ctx.now ? new Date(todays.getTime() - DAY) : todays;
  const snapshotTimes = Array.from({ length: 7 }, (_, i) => new Date(latest.getTime() - i * DAY));
  return { instanceIds: [rng.uuid(), rng.uuid(), rng.uuid()], bootedAt, upgradedAt: ago(ctx, 5 * DAY + 3 * HOUR), snapshotTimes };
}

function osInfo(rng: Rng, uptime: number): Record<string, unknown> {
  return {
    type: 'Linux',
    platform: 'linux',
    arch: 'x64',
    release: '6.8.0-45-generic',
    uptime,
    loadavg: [rng.next() * 2, rng.next() * 2, rng.next() * 2].map((n) => Math.round(n * 100) / 100),
    totalmem: 16_768_794_624,
    freemem: rng.int(2_000_000_000, 9_000_000_000),
  };
}

export function migrationDocs(ctx: SeedContext, facts: DeploymentFacts): Record<string, unknown>[] {
  const release = releaseOf(ctx.rcVersion);
  const rng = rngFor(ctx.seed, 'migrations');
  return [
    { _id: 'control', version: release.migration, locked: false, lockedAt: facts.bootedAt, buildAt: ago(ctx, 40 * DAY) },
    { _id: 'upgrade', hash: rng.hex(40) },
  ];
}

export function instanceDocs(ctx: SeedContext, facts: DeploymentFacts): Record<string, unknown>[] {
  const release = releaseOf(ctx.rcVersion);
  const rng = rngFor(ctx.seed, 'instances');
  const instance = (id: string, createdAt: Date, updatedAt: Date, host: string) => ({
    _id: id,
    _createdAt: createdAt,
    _updatedAt: updatedAt,
    name: 'rocket.chat',
    pid: rng.int(7, 400),
    extraInformation: {
      host,
      port: '3000',
      tcpPort: rng.int(30_000, 60_000),
      os: { ...osInfo(rng, Math.round((updatedAt.getTime() - createdAt.getTime()) / 1000) + 3600), cpus: 4 },
      nodeVersion: release.nodeVersion,
    },
  });
  const [a = '', b = '', dead = ''] = facts.instanceIds;
  return [
    instance(a, facts.bootedAt, ctx.now, '172.18.0.4'),
    instance(b, new Date(facts.bootedAt.getTime() + 20_000), ago(ctx, 4000), '172.18.0.5'),
    instance(dead, facts.upgradedAt, ago(ctx, 7 * MINUTE), '172.18.0.6'),
  ];
}

/** Counts that come from small collections, known when the snapshots are written. */
export interface StaticCounts {
  integrations: Record<string, number>;
  invites: number;
  inviteUses: number;
  pushQueue: number;
  visitors: number;
  federationServers: number;
  remoteUsers: number;
  uniqueId: string;
  installedAt: Date;
  fingerprint: string;
}

export function statisticsDocs(ctx: SeedContext, facts: DeploymentFacts, tally: SnapshotTally, counts: StaticCounts): Record<string, unknown>[] {
  const rng = rngFor(ctx.seed, 'statistics');
  const current = releaseOf(ctx.rcVersion);
  const before = releaseOf(previousVersion(ctx.rcVersion));
  const pids = { before: rng.int(7, 400), after: rng.int(7, 400) };
  return facts.snapshotTimes.map((createdAt, j) => {
    const release = createdAt >= facts.upgradedAt ? current : before;
    const booted = createdAt >= facts.bootedAt ? facts.bootedAt : createdAt >= facts.upgradedAt ? facts.upgradedAt : ago(ctx, 30 * DAY);
    const uptime = Math.round((createdAt.getTime() - booted.getTime()) / 1000);
    const c = (key: string) => tally.count(key, j);
    const online = c('status:online');
    const away = c('status:away');
    const busy = c('status:busy');
    const languages = tally.languages(j);
    const named = Object.values(languages).reduce((sum, n) => sum + n, 0);
    const messages = { c: c('messages:c'), p: c('messages:p'), d: c('messages:d'), l: c('messages:l'), discussion: c('messages:discussion') };
    const lastLogin = tally.last('lastLogin', j);
    const lastSeen = tally.last('lastSeen', j);
    const peak = rng.int(20, 60);
    return {
      _id: rng.hex(24),
      wizard: { organizationType: 'enterprise', industry: 'technologyServices', size: '3', country: 'worldwide', language: 'en', serverType: 'privateTeam', registerServer: false },
      uniqueId: counts.uniqueId,
      deploymentFingerprintHash: counts.fingerprint,
      deploymentFingerprintVerified: true,
      installedAt: counts.installedAt.toISOString(),
      version: release.version,
      totalUsers: c('users'),
      activeUsers: c('activeUsers'),
      activeGuests: c('activeGuests'),
      nonActiveUsers: c('nonActiveUsers'),
      appUsers: c('appUsers'),
      onlineUsers: online,
      awayUsers: away,
      busyUsers: busy,
      totalConnectedUsers: online + away,
      offlineUsers: c('users') - online - away - busy,
      userLanguages: { none: c('users') - named, ...languages },
      totalRooms: c('rooms'),
      totalChannels: c('rooms:c'),
      totalPrivateGroups: c('rooms:p'),
      totalDirect: c('rooms:d'),
      totalLivechat: c('rooms:l'),
      totalDiscussions: c('discussions'),
      totalThreads: c('threads'),
      teams: { totalTeams: c('teams'), totalRoomsInsideTeams: c('teamRooms'), totalDefaultRoomsInsideTeams: c('teamDefaultRooms') },
      totalLivechatVisitors: counts.visitors,
      totalLivechatAgents: c('agents'),
      totalLivechatManagers: c('managers'),
      livechatEnabled: true,
      totalChannelMessages: messages.c,
      totalPrivateGroupMessages: messages.p,
      totalDiscussionsMessages: messages.discussion,
      totalDirectMessages: messages.d,
      totalLivechatMessages: messages.l,
      totalMessages: messages.c + messages.p + messages.discussion + messages.d + messages.l,
      totalBroadcastRooms: c('broadcast'),
      totalE2ERooms: c('e2eRooms'),
      totalUserTOTP: c('totp'),
      totalUserEmail2fa: c('email2fa'),
      federatedServers: counts.federationServers,
      federatedUsers: counts.remoteUsers,
      lastLogin: lastLogin ? serverDateString(lastLogin) : '',
      lastMessageSentAt: tally.last('lastMessage', j),
      lastSeenSubscription: lastSeen ? serverDateString(lastSeen) : '',
      os: {
        ...osInfo(rng, uptime + 86_400),
        cpus: Array.from({ length: 4 }, () => ({ model: 'Intel(R) Xeon(R) CPU @ 2.20GHz', speed: 2200, times: { user: rng.int(1e6, 9e6), nice: 0, sys: rng.int(1e5, 9e5), idle: rng.int(1e7, 9e7), irq: 0 } })),
      },
      process: { nodeVersion: release.nodeVersion, pid: createdAt >= facts.bootedAt ? pids.after : pids.before, uptime },
      deploy: { method: 'docker', platform: 'selfinstall' },
      enterpriseReady: true,
      uploadsTotal: c('uploads'),
      uploadsTotalSize: c('uploadsSize'),
      fileStoreType: 'GridFS',
      migration: { _id: 'control', locked: false, version: release.migration, buildAt: ago(ctx, 40 * DAY), lockedAt: booted },
      instanceCount: createdAt >= facts.bootedAt ? 2 : 1,
      oplogEnabled: true,
      msEnabled: false,
      mongoVersion: '7.0.16',
      mongoStorageEngine: 'wiredTiger',
      pushQueue: counts.pushQueue,
      apps: { engineVersion: release.appsEngine, totalInstalled: 3, totalActive: 2, totalFailed: 0 },
      integrations: counts.integrations,
      totalLinkInvitation: counts.invites,
      totalLinkInvitationUses: counts.inviteUses,
      dailyPeakConnections: peak,
      maxMonthlyPeakConnections: peak + 12,
      createdAt,
      _updatedAt: createdAt,
    };
  });
}
