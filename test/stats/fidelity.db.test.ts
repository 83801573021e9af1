/**
 * Fidelity: on seeded workspaces (every edge case of the seeder, three Rocket.Chat versions), every Info-page field
 * of our engine equals Rocket.Chat's own plan (test/rc) and the number computed in plain TypeScript from the raw
 * documents. Where Rocket.Chat's plan gives nonsense (a room without `msgs` turns its total into NaN/null), the test
 * asserts that nonsense for Rocket.Chat and our documented sensible number for us.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/model.js';
import { formatCount, formatMemorySize } from '../../src/cards/format.js';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { type ComputedStats, computeForTest } from './compute-for-test.js';
import { USAGE_FIELDS } from '../../src/stats/collectors/usage.js';
import { openFileDb } from '../support/db.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2 } from '../support/license-signer.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { rcStatistics } from '../rc/statistics.js';
import { expectedInfoNumbers, type RawWorkspace, readRawWorkspace } from './raw-expectations.js';

const NOW = DEFAULT_NOW;
const MESSAGE_FIELDS = new Set(['totalChannelMessages', 'totalPrivateGroupMessages', 'totalDiscussionsMessages', 'totalDirectMessages', 'totalLivechatMessages', 'totalMessages']);

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** Rocket.Chat's message totals with its own JavaScript arithmetic: `total + undefined` is NaN. */
function rcArithmeticTotals(raw: RawWorkspace, version: string): Record<string, number> {
  const split = atLeast(version, 6, 5);
  const of = (t: string) => raw.rooms.filter((room) => room.t === t);
  const add = (rooms: typeof raw.rooms, pick: (room: (typeof raw.rooms)[number]) => number) => rooms.reduce((n, room) => n + pick(room), 0);
  const channelDiscussions = add(of('c'), (room) => (room.prid ? room.msgs : 0));
  const groupDiscussions = add(of('p'), (room) => (room.prid ? room.msgs : 0));
  const channels = add(of('c'), (room) => room.msgs) - (split ? channelDiscussions : 0);
  const groups = add(of('p'), (room) => room.msgs) - (split ? groupDiscussions : 0);
  const direct = add(of('d'), (room) => room.msgs);
  const livechat = add(of('l'), (room) => room.msgs);
  const discussions = channelDiscussions + groupDiscussions;
  return {
    totalChannelMessages: channels,
    totalPrivateGroupMessages: groups,
    totalDiscussionsMessages: discussions,
    totalDirectMessages: direct,
    totalLivechatMessages: livechat,
    totalMessages: channels + groups + (split ? discussions : 0) + direct + livechat,
  };
}

/**
 * Statistics fields Rocket.Chat has only from (or only before) a version, with the Rocket.Chat source that shows it.
 * Only these may be missing from the reference's document; any other missing field fails the case instead of passing it
 * unchecked.
 */
const NOT_IN_ROCKETCHAT: Record<string, { from?: [number, number]; until?: [number, number]; source: string }> = {
  // The push bitmask arrived in 6.5.0 (apps/meteor/CHANGELOG.md, 6.5.0: "c0ef13a0bf: Added `push` statistic").
  push: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, c0ef13a0bf)' },
  // apps/meteor/CHANGELOG.md 6.5.0 "c38711b346: Add the daily and monthly peaks of concurrent connections to statistics".
  maxMonthlyPeakConnections: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, c38711b346)' },
  // apps/meteor/CHANGELOG.md 6.5.0 "dea1fe9191: chore: Calculate & Store MAC stats".
  omnichannelContactsBySource: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, dea1fe9191)' },
  uniqueContactsOfLastMonth: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, dea1fe9191)' },
  uniqueContactsOfLastWeek: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, dea1fe9191)' },
  uniqueContactsOfYesterday: { from: [6, 5], source: 'apps/meteor/CHANGELOG.md (6.5.0, dea1fe9191)' },
  // Rooms.countByCreatedOTR until OTR left (PR #36691 "chore!: remove `OTR`", 8.0.0; a 7.2+ statistics.ts still has it).
  totalOTRRooms: { until: [8, 0], source: 'PR #36691 (8.0.0) and statistics.ts with getContactVerificationStatistics' },
};

/** A value with its `sources` list (MAC statistics) in source order; anything else as it is. */
function bySource(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { sources?: unknown }).sources)) return value;
  const sources = [...(value as { sources: { source: string }[] }).sources].sort((a, b) => String(a.source).localeCompare(String(b.source)));
  return { ...value, sources };
}

/** Whether Rocket.Chat `version` writes a field listed in NOT_IN_ROCKETCHAT. */
function writtenIn(version: string, band: { from?: [number, number]; until?: [number, number] }): boolean {
  return (!band.from || atLeast(version, ...band.from)) && (!band.until || !atLeast(version, ...band.until));
}

function cardValue(card: Card, label: string, section?: string): string | undefined {
  return card.fields.find((field) => field.label === label && (section === undefined || field.section === section))?.value;
}

// A minor release on each side of every version switch (src/stats/version.ts, test/rc/version.ts): 6.4 (bots leave
// the seat count, legacy federation card gone, post-6.3 fields), 6.5 (Workspace page, discussion messages split,
// v3 licenses, fingerprint/MAC/peak statistics), 7.0 (private apps default), 7.1 (estimated totals), 8.0 (legacy
// fields and the OTR counters removed; 7.10 is the last minor before it).
const VERSIONS = ['6.3.0', '6.4.0', '6.5.0', '7.0.0', '7.1.0', '7.10.2', '8.0.0', '8.3.0'] as const;

describe.each(VERSIONS)('on a seeded Rocket.Chat %s workspace', (version) => {
  let raw: RawWorkspace;
  let ours: ComputedStats;
  let rc: Record<string, unknown>;
  let expected: Record<string, number>;
  let snapshot: Record<string, unknown> | undefined;

  beforeAll(async () => {
    const { db } = await openFileDb(`fidelity_${version.replace(/\./g, '')}`);
    await seedWorkspace(db, { size: 'tiny', rcVersion: version, now: NOW });
    raw = await readRawWorkspace(db);
    [snapshot] = (await db.collection('rocketchat_statistics').find({}).sort({ createdAt: -1 }).limit(1).toArray()) as Record<string, unknown>[];
    if (!snapshot) throw new Error('the seed stores Rocket.Chat snapshots: none was found');
    const process = snapshot.process as { nodeVersion: string; pid: number; uptime: number };
    const takenAt = snapshot.createdAt as Date;
    ours = await computeForTest({ db, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: NOW, timeZone: 'UTC' });
    // Rocket.Chat's plan as the server that took the last snapshot would run it (its Node, PID, apps, oplog state).
    rc = await rcStatistics(db, {
      version,
      now: NOW,
      nodeVersion: process.nodeVersion,
      pid: process.pid,
      // That server has been up since the snapshot's uptime was measured (instanceCount counts from its start).
      uptimeSeconds: process.uptime + (NOW.getTime() - takenAt.getTime()) / 1000,
      apps: snapshot?.apps as never,
      oplogEnabled: snapshot?.oplogEnabled === true,
      env: {},
    });
    expected = expectedInfoNumbers(raw, version);
  });

  it('finds the version in the last snapshot and follows its semantics', () => {
    expect(ours.document.infobot.semantics).toEqual({ version, source: 'snapshot' });
    expect(ours.document.version).toBe(version);
    expect(rc.version).toBe(version);
  });

  it('has every edge case the counts depend on', () => {
    expect(raw.rooms.some((room) => typeof room.msgs !== 'number')).toBe(true);
    expect(raw.users.some((u) => Array.isArray(u.roles) && u.roles.length > 1 && u.roles.includes('guest'))).toBe(true);
    expect(raw.users.some((u) => u.type === 'bot' && u.active === true)).toBe(true);
    expect(raw.users.some((u) => !('active' in u))).toBe(true);
    expect(raw.rooms.some((room) => room.prid && room.t === 'p')).toBe(true);
  });

  it.each(USAGE_FIELDS)('computes %s live as Rocket.Chat does and as the raw documents say', (field) => {
    const value = ours.document[field];
    expect(ours.document.infobot.sources[field]).toBe('live');
    expect(value).toBe(expected[field]);
    if (!atLeast(version, 6, 5) && field === 'totalDiscussionsMessages') {
      expect(rc[field]).toBeUndefined(); // Rocket.Chat ≤ 6.4 has no such field
      return;
    }
    if (MESSAGE_FIELDS.has(field) && Number.isNaN(rcArithmeticTotals(raw, version)[field])) {
      // A room without `msgs`: Rocket.Chat's total is NaN (null in JSON); ours leaves that room out.
      expect(rc[field] === null || Number.isNaN(rc[field])).toBe(true);
      return;
    }
    expect(rc[field]).toBe(expected[field]);
  });

  it('shows the usage numbers on the card with the Info page labels', () => {
    const card = ours.cards.usage;
    const workspace = atLeast(version, 6, 5);
    expect(cardValue(card, 'Total', 'Users')).toBe(formatCount(expected.totalUsers as number));
    expect(cardValue(card, 'Activated Users')).toBe(String(expected.activeUsers));
    expect(cardValue(card, 'Total Uploads Size')).toBe(formatMemorySize(expected.uploadsTotalSize as number));
    expect(cardValue(card, workspace ? 'Users connected' : 'Connected')).toBe(String(expected.totalConnectedUsers));
    expect(cardValue(card, workspace ? 'In discussions' : 'Threads')).toBe(String(workspace ? expected.totalDiscussionsMessages : expected.totalThreads));
    expect(cardValue(card, workspace ? 'Total' : 'Messages', workspace ? 'Messages' : 'Total Messages')).toBe(String(expected.totalMessages));
    for (const field of card.fields) expect(field.value.trim()).not.toBe('');
  });

  it('reports the deployment as the Info page does', () => {
    const settings = new Map(raw.settings.map((s) => [s._id, s]));
    const control = raw.migrations.find((m) => m._id === 'control');
    const doc = ours.document;
    expect(doc.uniqueId).toBe(settings.get('uniqueID')?.value);
    expect(doc.uniqueId).toBe(rc.uniqueId);
    expect(doc.installedAt).toBe((settings.get('uniqueID')?.createdAt as Date | undefined)?.toISOString());
    expect(doc.installedAt).toBe(rc.installedAt);
    expect(doc.migration.version).toBe(control?.version);
    expect(doc.migration.lockedAt).toEqual(control?.lockedAt);
    expect((rc.migration as { lockedAt?: Date }).lockedAt).toEqual(control?.lockedAt);
    expect(doc.mongoVersion).toBe(rc.mongoVersion);
    if (rc.mongoStorageEngine === 'unknown') {
      // The engine names no storage engine to this connection (Rocket.Chat's getMongoInfo says 'unknown' then): the bot
      // shows what Rocket.Chat measured for its last snapshot, marked as from it (fidelity review, finding 11).
      expect(doc.mongoStorageEngine).toBe(snapshot?.mongoStorageEngine);
      expect(doc.infobot.sources.mongoStorageEngine).toBe('snapshot');
    } else {
      expect(doc.mongoStorageEngine).toBe(rc.mongoStorageEngine);
    }
    expect(doc.instanceCount).toBe(rc.instanceCount);
    expect(doc.process.nodeVersion).toBe((rc.process as { nodeVersion: string }).nodeVersion);
    expect(doc.process.pid).toBe((rc.process as { pid: number }).pid);
    expect(doc.apps.engineVersion).toBe((rc.apps as { engineVersion: string }).engineVersion);
    expect(doc.oplogEnabled).toBe(rc.oplogEnabled);
    expect(doc.msEnabled).toBe(rc.msEnabled);
    const card = ours.cards.deployment;
    expect(cardValue(card, 'Version')).toBe(version);
    expect(cardValue(card, 'Deployment ID')).toBe(doc.uniqueId);
    expect(cardValue(card, 'Node Version')).toBe(doc.process.nodeVersion);
    expect(cardValue(card, 'PID')).toBe(String(doc.process.pid));
    expect(cardValue(card, 'Database Migration')).toMatch(new RegExp(`^${control?.version} \\(`));
    expect(cardValue(card, 'Commit Details')).toContain(`HEAD: (${String(raw.migrations.find((m) => m._id === 'upgrade')?.hash).slice(0, 9)})`);
  });

  it('counts federation as Rocket.Chat does', () => {
    expect(ours.document.federatedUsers).toBe(expected.federatedUsers);
    expect(ours.document.federatedServers).toBe(expected.federatedServers);
    if (!version.startsWith('8.')) {
      expect(rc.federatedUsers).toBe(expected.federatedUsers);
      expect(rc.federatedServers).toBe(expected.federatedServers);
    }
    expect(ours.document.matrixFederation).toEqual(rc.matrixFederation);
    const users = raw.users.filter((u) => u.federated === true).length;
    expect(ours.document.matrixFederation.amountOfExternalUsers).toBe(users);
  });

  it.each([
    'totalLivechatAgents',
    'totalLivechatManagers',
    'totalUserTOTP',
    'totalUserEmail2fa',
    'userLanguages',
    'teams',
    'totalBroadcastRooms',
    'totalE2ERooms',
    'totalOTRRooms',
    'totalPinned',
    'totalStarred',
    'totalRoomsWithPinned',
    'totalRoomsWithStarred',
    'totalEncryptedMessages',
    'integrations',
    'videoConf',
    'totalLinkInvitation',
    'totalLinkInvitationUses',
    'totalSubscriptionRoles',
    'totalUserRoles',
    'totalCustomRoles',
    'pushQueue',
    'totalLivechatVisitors',
    'departments',
    'archivedDepartments',
    'chatsOnHold',
    'wizard',
    'settings',
    'importer',
    'push',
    'lastLogin',
    'lastSeenSubscription',
    'lastMessageSentAt',
    'enterprise',
    // Rocket.Chat's reference runs with a daily peak of 0 in its memory: its figure is the stored snapshots' alone.
    'maxMonthlyPeakConnections',
    'omnichannelContactsBySource',
    'uniqueContactsOfLastMonth',
    'uniqueContactsOfLastWeek',
    'uniqueContactsOfYesterday',
  ])('computes the statistics field %s as Rocket.Chat does', (field) => {
    const absent = NOT_IN_ROCKETCHAT[field];
    if (absent && !writtenIn(version, absent)) {
      // Nothing to compare: the case checks that the reference agrees Rocket.Chat has no such field in this version.
      expect(rc, `Rocket.Chat ${version} has no ${field} (${absent.source})`).not.toHaveProperty(field);
      return;
    }
    expect(rc, `the reference (test/rc) lacks ${field} for ${version}: add it, or list it in NOT_IN_ROCKETCHAT with its source`).toHaveProperty(field);
    expect(ours.document.infobot.sources[field]).toBe('live');
    // The order of MAC sources is the `$group`'s, which neither MongoDB nor Rocket.Chat fixes.
    expect(bySource(ours.document[field as keyof typeof ours.document])).toEqual(bySource(rc[field]));
  });
});

describe('on a licensed workspace', () => {
  const keys = generateLicenseKeys();
  let ours: ComputedStats;
  let rc: Record<string, unknown>;
  let license: string;

  beforeAll(async () => {
    const { db } = await openFileDb('fidelity_licensed');
    license = encryptLicenseV2(makeLicenseV2({ modules: ['enterprise:*'], tag: undefined }, NOW), keys.privateKeyPem);
    await seedWorkspace(db, { size: 'tiny', now: NOW, license });
    ours = await computeForTest({ db, licensePublicKey: keys.publicKeyPem, queryTimeoutMs: 20_000, concurrency: 4, now: NOW, timeZone: 'UTC' });
    rc = await rcStatistics(db, { version: '7.10.2', now: NOW, publicKeyPem: keys.publicKeyPem, env: {} });
  });

  it('grants the same modules and tags as Rocket.Chat and shows the features on the License card', () => {
    const enterprise = rc.enterprise as { modules: string[]; tags: string[] };
    expect(new Set(ours.document.enterprise.modules)).toEqual(new Set(enterprise.modules));
    expect(ours.document.enterprise.tags).toEqual(enterprise.tags);
    const card = ours.cards.license;
    expect(card.state).not.toBe('danger');
    expect(cardValue(card, 'Plan')).toBe('enterprise');
    expect(cardValue(card, 'Omnichannel', 'Features')).toBe('✔ included');
    expect(cardValue(card, 'Read receipts', 'Features')).toBe('✔ included');
    expect(JSON.stringify(ours.cards)).not.toContain(license.slice(0, 40));
    expect(JSON.stringify(ours.document)).not.toContain(license.slice(0, 40));
  });

  it('computes the livechat-enterprise counters only a licensed workspace has', () => {
    const enterprise = rc.enterprise as Record<string, unknown>;
    for (const key of ['livechatTags', 'cannedResponses', 'businessUnits', 'livechatMonitors', 'omnichannelRoomsWithPriorities', 'omnichannelRoomsWithSlas', 'omnichannelPdfTranscriptSucceeded']) {
      expect((ours.document.enterprise as Record<string, unknown>)[key]).toBe(enterprise[key]);
    }
  });
});
