/**
 * statistics.json: the IStats document Rocket.Chat's "Download info" gives, built from the same collected values as
 * the cards. Fields the database gives are live; server-process fields (os, process, apps, sessions, …) come from the
 * last snapshot; anything nobody can give keeps a neutral placeholder of the right type, marked `unavailable`.
 */
import type { DeploymentInfo } from './collectors/deployment.js';
import type { SourcedFields } from './collectors/extras.js';
import type { FederationInfo } from './collectors/federation.js';
import type { UsageInfo } from './collectors/usage.js';
import type { IStatsFields, MacStats, SessionDay, StatisticsDocument } from './statistics-types.js';
import type { FieldSource, Sourced } from './types.js';
import type { Semantics } from './version.js';

/** Everything the document is built from. */
export interface StatisticsParts {
  computedAt: Date;
  semantics: Semantics;
  deployment: DeploymentInfo;
  usage: UsageInfo;
  federation: FederationInfo;
  extras: SourcedFields;
  snapshot: { createdAt: Date; doc: Record<string, unknown> } | undefined;
  failed: string[];
  notes: string[];
}

function yesterday(now: Date): SessionDay {
  const day = new Date(now.getTime() - 86_400_000);
  return { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
}

/** A document of neutral values, every IStats field present with the right type. */
export function placeholderStatistics(now: Date): IStatsFields {
  const mac = (): MacStats => ({ contactsCount: 0, conversationsCount: 0, sources: [] });
  const day = yesterday(now);
  return {
    _id: `infobot-${now.getTime()}`,
    _updatedAt: now,
    wizard: {},
    uniqueId: '',
    deploymentFingerprintHash: '',
    deploymentFingerprintVerified: false,
    totalUsers: 0,
    activeUsers: 0,
    activeGuests: 0,
    nonActiveUsers: 0,
    appUsers: 0,
    onlineUsers: 0,
    awayUsers: 0,
    busyUsers: 0,
    totalConnectedUsers: 0,
    offlineUsers: 0,
    userLanguages: {},
    totalRooms: 0,
    totalChannels: 0,
    totalPrivateGroups: 0,
    totalDirect: 0,
    totalLivechat: 0,
    totalDiscussions: 0,
    totalThreads: 0,
    teams: { totalTeams: 0, totalRoomsInsideTeams: 0, totalDefaultRoomsInsideTeams: 0 },
    totalLivechatVisitors: 0,
    totalLivechatAgents: 0,
    totalLivechatManagers: 0,
    totalCustomFields: 0,
    totalLivechatPublicCustomFields: 0,
    livechatAutomaticForwardingUnansweredChats: false,
    livechatEnabled: false,
    isDepartmentRemovalEnabled: false,
    totalChannelMessages: 0,
    totalPrivateGroupMessages: 0,
    totalDirectMessages: 0,
    totalDiscussionsMessages: 0,
    totalLivechatMessages: 0,
    totalLivechatRoomsWithPriority: 0,
    totalLivechatRoomsWithDepartment: 0,
    totalTriggers: 0,
    totalMessages: 0,
    federatedServers: 0,
    federatedUsers: 0,
    lastLogin: '',
    lastMessageSentAt: undefined,
    lastSeenSubscription: '',
    os: { type: '', platform: 'linux', arch: '', release: '', uptime: 0, loadavg: [], totalmem: 0, freemem: 0, cpus: [] },
    process: { nodeVersion: '', pid: 0, uptime: 0 },
    deploy: { method: '', platform: '' },
    enterpriseReady: true,
    uploadsTotal: 0,
    uploadsTotalSize: 0,
    fileStoreType: '',
    migration: { locked: false, version: 0 },
    instanceCount: 0,
    oplogEnabled: false,
    msEnabled: false,
    mongoVersion: '',
    mongoStorageEngine: '',
    pushQueue: 0,
    omnichannelSources: [],
    omnichannelContactsBySource: mac(),
    uniqueContactsOfLastMonth: mac(),
    uniqueContactsOfLastWeek: mac(),
    uniqueContactsOfYesterday: mac(),
    departments: 0,
    archivedDepartments: 0,
    routingAlgorithm: '',
    onHoldEnabled: false,
    emailInboxes: 0,
    BusinessHours: {},
    lastChattedAgentPreferred: false,
    assignNewConversationsToContactManager: false,
    visitorAbandonment: '',
    chatsOnHold: 0,
    voipEnabled: false,
    voipCalls: 0,
    voipExtensions: 0,
    voipSuccessfulCalls: 0,
    voipErrorCalls: 0,
    voipOnHoldCalls: 0,
    federationOverviewData: { numberOfEvents: 0, numberOfFederatedUsers: 0, numberOfServers: 0 },
    readReceiptsEnabled: false,
    readReceiptsDetailed: false,
    uniqueUsersOfLastWeek: { ...day, data: [] },
    uniqueUsersOfLastMonth: { ...day, data: [] },
    uniqueUsersOfYesterday: { ...day, data: [] },
    uniqueDevicesOfYesterday: { ...day, data: [] },
    uniqueDevicesOfLastWeek: { ...day, data: [] },
    uniqueDevicesOfLastMonth: { ...day, data: [] },
    uniqueOSOfYesterday: { ...day, data: [] },
    uniqueOSOfLastWeek: { ...day, data: [] },
    uniqueOSOfLastMonth: { ...day, data: [] },
    apps: { engineVersion: '', totalInstalled: false, totalActive: false, totalFailed: false },
    services: {},
    importer: {},
    settings: {},
    integrations: {
      totalIntegrations: 0,
      totalIncoming: 0,
      totalIncomingActive: 0,
      totalOutgoing: 0,
      totalOutgoingActive: 0,
      totalWithScriptEnabled: 0,
    },
    enterprise: { modules: [], tags: [], seatRequests: 0 },
    createdAt: now,
    slashCommandsJitsi: 0,
    messageAuditApply: 0,
    messageAuditLoad: 0,
    dashboardCount: 0,
    joinJitsiButton: 0,
    totalBroadcastRooms: 0,
    totalTriggeredEmails: 0,
    totalRoomsWithStarred: 0,
    totalRoomsWithPinned: 0,
    totalUserEmail2fa: 0,
    totalUserTOTP: 0,
    totalStarred: 0,
    totalPinned: 0,
    totalLinkInvitation: 0,
    totalEmailInvitation: 0,
    totalE2ERooms: 0,
    logoChange: false,
    homeTitleChanged: false,
    homeBodyChanged: false,
    customCSSChanged: false,
    onLogoutCustomScriptChanged: false,
    loggedOutCustomScriptChanged: false,
    loggedInCustomScriptChanged: false,
    roomsInsideTeams: 0,
    showHomeButton: false,
    totalEncryptedMessages: 0,
    totalLinkInvitationUses: 0,
    totalManuallyAddedUsers: 0,
    videoConf: {
      videoConference: { started: 0, ended: 0 },
      direct: { calling: 0, started: 0, ended: 0 },
      livechat: { started: 0, ended: 0 },
      settings: { provider: '', dms: false, channels: false, groups: false, teams: false },
    },
    totalSubscriptionRoles: 0,
    totalUserRoles: 0,
    totalCustomRoles: 0,
    totalWebRTCCalls: 0,
    uncaughtExceptionsCount: 0,
    totalOTRRooms: 0,
    totalOTR: 0,
    push: 0,
    pushSecured: false,
    dailyPeakConnections: 0,
    maxMonthlyPeakConnections: 0,
    matrixFederation: {
      enabled: false,
      maximumSizeOfPublicRoomsUsers: 0,
      biggestRoom: null,
      smallestRoom: null,
      amountOfExternalUsers: 0,
      amountOfFederatedRooms: 0,
      externalConnectedServers: { quantity: 0, servers: [] },
    },
    webRTCEnabled: false,
    webRTCEnabledForOmnichannel: false,
    omnichannelWebRTCCalls: 0,
    contactVerification: {
      totalContacts: 0,
      totalUnknownContacts: 0,
      totalMergedContacts: 0,
      totalConflicts: 0,
      totalResolvedConflicts: 0,
      totalBlockedContacts: 0,
      totalPartiallyBlockedContacts: 0,
      totalFullyBlockedContacts: 0,
      totalVerifiedContacts: 0,
      avgChannelsPerContact: 0,
      totalContactsWithoutChannels: 0,
      totalImportedContacts: 0,
      totalUpsellViews: 0,
      totalUpsellClicks: 0,
    },
  };
}

// Optional IStats fields worth copying from the snapshot when Rocket.Chat stored them.
const OPTIONAL_SNAPSHOT_FIELDS = ['statsToken', 'abacEnabled', 'abacTotalAttributes', 'abacTotalAttributeValues', 'abacRoomsEnrolled', 'allowUnsafeQueryAndFieldsApiParamsEnabled', 'fips'] as const;
// Identity of a stored document, never copied from the snapshot.
const OWN_FIELDS = new Set(['_id', '_updatedAt', 'createdAt']);

function sourceOf(sourced: Sourced<unknown>): FieldSource {
  return sourced.source === 'override' ? 'override' : sourced.source;
}

/** Builds statistics.json's document. */
export function buildStatistics(parts: StatisticsParts): StatisticsDocument {
  const { computedAt, deployment: d, usage, federation, extras, snapshot } = parts;
  const doc = placeholderStatistics(computedAt) as unknown as Record<string, unknown>;
  const sources: Record<string, FieldSource> = { _id: 'live', _updatedAt: 'live', createdAt: 'live' };
  const set = (name: string, sourced: Sourced<unknown> | undefined, transform: (value: never) => unknown = (v) => v) => {
    if (!sourced || sourced.value === null) return;
    doc[name] = transform(sourced.value as never);
    sources[name] = sourceOf(sourced);
  };
  for (const [name, sourced] of Object.entries(usage)) set(name, sourced);
  for (const [name, sourced] of Object.entries(extras)) set(name, sourced as Sourced<unknown>);
  set('version', d.version);
  set('uniqueId', d.uniqueId);
  set('installedAt', d.installedAt);
  set('migration', d.migration, (m: DeploymentInfo['migration']['value'] & object) => ({ _id: 'control', ...m }));
  set('mongoVersion', d.mongoVersion);
  set('mongoStorageEngine', d.mongoStorageEngine);
  set('oplogEnabled', d.oplogEnabled);
  set('msEnabled', d.msEnabled);
  set('instanceCount', d.instanceCount);
  set('federatedServers', federation.federatedServers);
  set('federatedUsers', federation.federatedUsers);
  set('matrixFederation', federation.matrix);

  for (const name of [...Object.keys(doc), ...OPTIONAL_SNAPSHOT_FIELDS]) {
    if (sources[name] || OWN_FIELDS.has(name)) continue;
    const stored = snapshot?.doc[name];
    if (stored !== undefined && stored !== null) {
      doc[name] = stored;
      sources[name] = 'snapshot';
    } else if (name in doc) {
      sources[name] = parts.failed.includes(name) ? 'failed' : 'unavailable';
    }
  }
  const infobot = {
    generatedAt: computedAt.toISOString(),
    generator: 'rocketchat-infobot' as const,
    semantics: { version: parts.semantics.version.text, source: parts.semantics.versionSource },
    snapshotAt: snapshot ? snapshot.createdAt.toISOString() : null,
    sources,
    failed: parts.failed,
    notes: parts.notes,
  };
  return { ...(doc as unknown as IStatsFields), infobot };
}
