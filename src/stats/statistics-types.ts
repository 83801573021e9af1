/**
 * The statistics.json document: Rocket.Chat's IStats (core-typings 8.8.1) field by field, declared here so the runtime
 * needs no Rocket.Chat package; a test checks that it stays assignable to IStats. Plus the `infobot` block.
 */
import type { FieldSource } from './types.js';

/** A calendar day, as Rocket.Chat's session aggregations report it. */
export interface SessionDay {
  year: number;
  month: number;
  day: number;
}

/** `uniqueUsersOf*`. */
export type UsersOfPeriod = SessionDay & {
  data: { _id: string; count: number; sessions: number; roles: { role: string; count: number; sessions: number; time: number }[] }[];
};
/** `uniqueDevicesOf*`. */
export type DevicesOfPeriod = SessionDay & { data: { _id: string; type: string; name: string; version: string; count: number; time: number }[] };
/** `uniqueOSOf*`. */
export type OsOfPeriod = SessionDay & { data: { _id: string; name: string; version: string; count: number; time: number }[] };

/** Omnichannel monthly-active-contact figures. */
export interface MacStats {
  contactsCount: number;
  conversationsCount: number;
  sources: { source: string; contactsCount: number; conversationsCount: number }[];
}

/** A federated room as Matrix statistics name it. */
export interface FederatedRoomRef {
  _id: string;
  name: string;
  usersCount: number;
}

/** `matrixFederation`. */
export interface MatrixFederationStatistics {
  enabled: boolean;
  maximumSizeOfPublicRoomsUsers: number;
  biggestRoom: FederatedRoomRef | null;
  smallestRoom: FederatedRoomRef | null;
  amountOfExternalUsers: number;
  amountOfFederatedRooms: number;
  externalConnectedServers: { quantity: number; servers: string[] };
}

/** `settings`: the settings statistics object (getSettingsStatistics). */
export interface SettingsStatistics {
  accounts?: { account2fa?: boolean };
  cannedResponses?: { cannedResponsesEnabled?: boolean };
  e2ee?: { e2e?: boolean; e2eDefaultDirectRoom?: boolean; e2eDefaultPrivateRoom?: boolean };
  email?: { smtp?: { smtpHost?: string; smtpPort?: string; fromEmail?: string } };
  fileUpload?: { fileUploadEnable?: boolean };
  general?: { apps?: { frameworkDevMode?: boolean; frameworkEnable?: boolean }; nps?: { surveyEnabled?: boolean }; update?: { updateChecker?: boolean } };
  liveStreamAndBroadcasting?: { liveStream?: boolean; broadcasting?: boolean };
  message?: {
    allowEditing?: boolean;
    allowDeleting?: boolean;
    allowUnrecognizedSlashCommand?: boolean;
    allowBadWordsFilter?: boolean;
    readReceiptEnabled?: boolean;
    readReceiptStoreUsers?: boolean;
  };
  otr?: { otrEnable?: boolean };
  push?: { pushEnable?: boolean };
  search?: { defaultProvider?: { globalSearchEnabled?: boolean } };
  threads?: { threadsEnabled?: boolean };
  webRTC?: { webRTCEnableChannel?: boolean; webRTCEnablePrivate?: boolean; webRTCEnableDirect?: boolean };
}

/** Rocket.Chat's statistics document (IStats) as the bot produces it. */
export interface IStatsFields {
  _id: string;
  _updatedAt: Date;
  wizard: {
    organizationType?: string;
    industry?: string;
    size?: string;
    country?: string;
    language?: string;
    serverType?: string;
    registerServer?: boolean;
  };
  uniqueId: string;
  deploymentFingerprintHash: string;
  deploymentFingerprintVerified: boolean;
  installedAt?: string;
  version?: string;
  tag?: string;
  branch?: string;
  totalUsers: number;
  activeUsers: number;
  activeGuests: number;
  nonActiveUsers: number;
  appUsers: number;
  onlineUsers: number;
  awayUsers: number;
  busyUsers: number;
  totalConnectedUsers: number;
  offlineUsers: number;
  userLanguages: Record<string, number>;
  totalRooms: number;
  totalChannels: number;
  totalPrivateGroups: number;
  totalDirect: number;
  totalLivechat: number;
  totalDiscussions: number;
  totalThreads: number;
  teams: { totalTeams: number; totalRoomsInsideTeams: number; totalDefaultRoomsInsideTeams: number };
  totalLivechatVisitors: number;
  totalLivechatAgents: number;
  totalLivechatManagers: number;
  totalCustomFields: number;
  totalLivechatPublicCustomFields: number;
  livechatAutomaticForwardingUnansweredChats: boolean;
  livechatEnabled: boolean;
  isDepartmentRemovalEnabled: boolean;
  totalChannelMessages: number;
  totalPrivateGroupMessages: number;
  totalDirectMessages: number;
  totalDiscussionsMessages: number;
  totalLivechatMessages: number;
  totalLivechatRoomsWithPriority: number;
  totalLivechatRoomsWithDepartment: number;
  totalTriggers: number;
  totalMessages: number;
  federatedServers: number;
  federatedUsers: number;
  lastLogin: string;
  lastMessageSentAt: Date | undefined;
  lastSeenSubscription: string;
  os: {
    type: string;
    platform: NodeJS.Platform;
    arch: string;
    release: string;
    uptime: number;
    loadavg: number[];
    totalmem: number;
    freemem: number;
    cpus: { model: string; speed: number; times: { user: number; nice: number; sys: number; idle: number; irq: number } }[];
  };
  process: { nodeVersion: string; pid: number; uptime: number };
  deploy: { method: string; platform: string };
  enterpriseReady: boolean;
  uploadsTotal: number;
  uploadsTotalSize: number;
  fileStoreType: string;
  migration: { _id?: string; locked: boolean; version: number; buildAt?: string | Date; lockedAt?: string | Date };
  instanceCount: number;
  oplogEnabled: boolean;
  msEnabled: boolean;
  mongoVersion: string;
  mongoStorageEngine: string;
  pushQueue: number;
  omnichannelSources: { [key: string]: number | string }[];
  omnichannelContactsBySource: MacStats;
  uniqueContactsOfLastMonth: MacStats;
  uniqueContactsOfLastWeek: MacStats;
  uniqueContactsOfYesterday: MacStats;
  departments: number;
  archivedDepartments: number;
  routingAlgorithm: string;
  onHoldEnabled: boolean;
  emailInboxes: number;
  BusinessHours: { [key: string]: number | string };
  lastChattedAgentPreferred: boolean;
  assignNewConversationsToContactManager: boolean;
  visitorAbandonment: string;
  chatsOnHold: number;
  voipEnabled: boolean;
  voipCalls: number;
  voipExtensions: number;
  voipSuccessfulCalls: number;
  voipErrorCalls: number;
  voipOnHoldCalls: number;
  federationOverviewData: { numberOfEvents: number; numberOfFederatedUsers: number; numberOfServers: number };
  readReceiptsEnabled: boolean;
  readReceiptsDetailed: boolean;
  uniqueUsersOfLastWeek: UsersOfPeriod;
  uniqueUsersOfLastMonth: UsersOfPeriod;
  uniqueUsersOfYesterday: UsersOfPeriod;
  uniqueDevicesOfYesterday: DevicesOfPeriod;
  uniqueDevicesOfLastWeek: DevicesOfPeriod;
  uniqueDevicesOfLastMonth: DevicesOfPeriod;
  uniqueOSOfYesterday: OsOfPeriod;
  uniqueOSOfLastWeek: OsOfPeriod;
  uniqueOSOfLastMonth: OsOfPeriod;
  apps: { engineVersion: string; totalInstalled: number | false; totalActive: number | false; totalFailed: number | false };
  services: Record<string, unknown>;
  importer: Record<string, unknown>;
  settings: SettingsStatistics;
  integrations: {
    totalIntegrations: number;
    totalIncoming: number;
    totalIncomingActive: number;
    totalOutgoing: number;
    totalOutgoingActive: number;
    totalWithScriptEnabled: number;
  };
  enterprise: {
    modules: string[];
    tags: string[];
    seatRequests: number;
    livechatTags?: number;
    cannedResponses?: number;
    priorities?: number;
    slas?: number;
    businessUnits?: number;
    omnichannelPdfTranscriptSucceeded?: number;
    omnichannelRoomsWithSlas?: number;
    omnichannelRoomsWithPriorities?: number;
    livechatMonitors?: number;
  };
  createdAt: Date | string;
  slashCommandsJitsi: number;
  messageAuditApply: number;
  messageAuditLoad: number;
  dashboardCount: number;
  joinJitsiButton: number;
  totalBroadcastRooms: number;
  totalTriggeredEmails: number;
  totalRoomsWithStarred: number;
  totalRoomsWithPinned: number;
  totalUserEmail2fa: number;
  totalUserTOTP: number;
  totalStarred: number;
  totalPinned: number;
  totalLinkInvitation: number;
  totalEmailInvitation: number;
  totalE2ERooms: number;
  logoChange: boolean;
  homeTitleChanged: boolean;
  homeBodyChanged: boolean;
  customCSSChanged: boolean;
  onLogoutCustomScriptChanged: boolean;
  loggedOutCustomScriptChanged: boolean;
  loggedInCustomScriptChanged: boolean;
  roomsInsideTeams: number;
  showHomeButton: boolean;
  totalEncryptedMessages: number;
  totalLinkInvitationUses: number;
  totalManuallyAddedUsers: number;
  videoConf: {
    videoConference: { started: number; ended: number };
    direct: { calling: number; started: number; ended: number };
    livechat: { started: number; ended: number };
    settings: { provider: string; dms: boolean; channels: boolean; groups: boolean; teams: boolean };
  };
  totalSubscriptionRoles: number;
  totalUserRoles: number;
  totalCustomRoles: number;
  totalWebRTCCalls: number;
  uncaughtExceptionsCount: number;
  /** Before 8.0 (OTR removed, PR #36691). */
  totalOTRRooms: number;
  totalOTR: number;
  push: number;
  pushSecured: boolean;
  dailyPeakConnections: number;
  maxMonthlyPeakConnections: number;
  matrixFederation: MatrixFederationStatistics;
  webRTCEnabled: boolean;
  webRTCEnabledForOmnichannel: boolean;
  omnichannelWebRTCCalls: number;
  statsToken?: string;
  contactVerification: {
    totalContacts: number;
    totalUnknownContacts: number;
    totalMergedContacts: number;
    totalConflicts: number;
    totalResolvedConflicts: number;
    totalBlockedContacts: number;
    totalPartiallyBlockedContacts: number;
    totalFullyBlockedContacts: number;
    totalVerifiedContacts: number;
    avgChannelsPerContact: number;
    totalContactsWithoutChannels: number;
    totalImportedContacts: number;
    totalUpsellViews: number;
    totalUpsellClicks: number;
  };
  abacEnabled?: boolean;
  abacTotalAttributes?: number;
  abacTotalAttributeValues?: number;
  abacRoomsEnrolled?: number;
  allowUnsafeQueryAndFieldsApiParamsEnabled?: boolean;
  fips?: boolean;
}

/** Where the bot's document came from: when, with which version's meaning, and each field's source. */
export interface InfobotBlock {
  generatedAt: string;
  generator: 'rocketchat-infobot';
  /** The Rocket.Chat version whose field meanings apply, and how it was found. */
  semantics: { version: string; source: 'override' | 'api' | 'snapshot' | 'assumed' };
  /** When the last Rocket.Chat snapshot used for server-process fields was taken. */
  snapshotAt: string | null;
  /** Top-level field → where its value came from. */
  sources: Record<string, FieldSource>;
  /** Fields whose live query failed (their values come from the snapshot, or are neutral placeholders). */
  failed: string[];
  /** Differences from Rocket.Chat's own numbers, explained. */
  notes: string[];
}

/** statistics.json: IStats at the top level plus the `infobot` block. */
export type StatisticsDocument = IStatsFields & { infobot: InfobotBlock };
