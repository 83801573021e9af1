/**
 * The statistics.json fields that belong to no Info card: everything else of IStats that the database can give
 * (settings, omnichannel and integration counts, roles, invites, …). Server-process fields Rocket.Chat measures in
 * its own process (os, process, apps, sessions, the daily peak, …) come from the last snapshot in `statistics.ts`.
 */
import type { Outcome } from '../query-runner.js';
import { estimatedCount, exactCount, fieldSum, lastSeenSubscription } from '../queries/collections.js';
import { macFields } from '../queries/mac.js';
import { deriveMessageCounts, lastMessageAt, messageGroups, roomsPerMessageType, roomsWithMessages, starredCount } from '../queries/messages.js';
import { storedMonthlyPeak } from '../queries/peaks.js';
import { deriveRoomCounts, roomGroups, roomsInsideTeams } from '../queries/rooms.js';
import { deriveUserCounts, federationUserCounts, languagesObject, lastLogin, staffAndFactorCounts, userTallies, userLanguages } from '../queries/users.js';
import {
  CHANGED_SETTING_FIELDS,
  IMPORTER_SETTINGS,
  PLAIN_SETTING_FIELDS,
  SETTINGS_STATISTICS,
  WIZARD_SETTINGS,
} from '../settings-ids.js';
import { settingField, sourcedField } from '../sourced.js';
import type { IStatsFields, SettingsStatistics } from '../statistics-types.js';
import type { CollectContext, Sourced } from '../types.js';

const ON_HOLD = 'omnichannel_placed_chat_on_hold';
const VOIP_ON_HOLD = 'voip-call-on-hold';

/** Sourced values for some IStats fields. */
export type SourcedFields = { [K in keyof IStatsFields]?: Sourced<IStatsFields[K]> };

function all<T extends unknown[]>(...outcomes: { [K in keyof T]: Outcome<T[K]> }): Outcome<T> {
  const values: unknown[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return outcome;
    values.push(outcome.value);
  }
  return { ok: true, value: values as T };
}

function integrationsSummary(ctx: CollectContext): Promise<Outcome<IStatsFields['integrations']>> {
  return ctx.runner.run('integrations', async (options) => {
    const list = await ctx.db
      .collection('rocketchat_integrations')
      .find({}, { ...options, projection: { _id: 0, type: 1, enabled: 1, scriptEnabled: 1 } })
      .toArray();
    const count = (predicate: (i: (typeof list)[number]) => boolean) => list.filter(predicate).length;
    return {
      totalIntegrations: list.length,
      totalIncoming: count((i) => i.type === 'webhook-incoming'),
      totalIncomingActive: count((i) => i.enabled === true && i.type === 'webhook-incoming'),
      totalOutgoing: count((i) => i.type === 'webhook-outgoing'),
      totalOutgoingActive: count((i) => i.enabled === true && i.type === 'webhook-outgoing'),
      totalWithScriptEnabled: count((i) => i.scriptEnabled === true),
    };
  });
}

function roleCounts(ctx: CollectContext): Promise<Outcome<{ scope?: unknown; protected?: unknown; count: number }[]>> {
  return ctx.runner.run('roleGroups', async (options) => {
    const rows = await ctx.db
      .collection('rocketchat_roles')
      .aggregate<{ _id: { scope?: unknown; protected?: unknown }; n: number }>(
        [{ $group: { _id: { scope: '$scope', protected: '$protected' }, n: { $sum: 1 } } }],
        options,
      )
      .toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  });
}

function omnichannelSources(ctx: CollectContext): Promise<Outcome<IStatsFields['omnichannelSources']>> {
  return ctx.runner.run('omnichannelSources', async (options) => {
    const rows = await ctx.db
      .collection('rocketchat_room')
      .aggregate<{ _id: { id?: string; alias?: string; type?: string }; count: number }>(
        [{ $match: { source: { $exists: true }, t: 'l' } }, { $group: { _id: '$source', count: { $sum: 1 } } }],
        options,
      )
      .toArray();
    return rows.map(({ _id, count }) => {
      const entry: Record<string, number | string> = { count };
      if (_id?.id !== undefined) entry.id = _id.id;
      if (_id?.alias !== undefined) entry.alias = _id.alias;
      if (_id?.type !== undefined) entry.type = _id.type;
      return entry;
    });
  });
}

// VideoConferenceStatus values (core-typings).
const CALL_CALLING = 0;
const CALL_STARTED = 1;
const CALL_ENDED = 3;

/** Calls by type and status in one `$group` (Rocket.Chat counts each pair with its own countDocuments). */
function videoCallGroups(ctx: CollectContext): Promise<Outcome<{ type?: unknown; status?: unknown; count: number }[]>> {
  return ctx.runner.run('videoCallGroups', async (options) => {
    const rows = await ctx.db
      .collection('rocketchat_video_conference')
      .aggregate<{ _id: { type?: unknown; status?: unknown }; n: number }>([{ $group: { _id: { type: '$type', status: '$status' }, n: { $sum: 1 } } }], options)
      .toArray();
    return rows.map((row) => ({ ...row._id, count: row.n }));
  });
}

function videoConf(rows: { type?: unknown; status?: unknown; count: number }[], ctx: CollectContext): IStatsFields['videoConf'] {
  const calls = (type: string, status: number) => rows.filter((r) => r.type === type && r.status === status).reduce((n, r) => n + r.count, 0);
  const s = ctx.settings;
  return {
    videoConference: { started: calls('videoconference', CALL_STARTED), ended: calls('videoconference', CALL_ENDED) },
    direct: { calling: calls('direct', CALL_CALLING), started: calls('direct', CALL_STARTED), ended: calls('direct', CALL_ENDED) },
    livechat: { started: calls('livechat', CALL_STARTED), ended: calls('livechat', CALL_ENDED) },
    settings: {
      provider: s.get<string>('VideoConf_Default_Provider') as string,
      dms: s.get<boolean>('VideoConf_Enable_DMs') as boolean,
      channels: s.get<boolean>('VideoConf_Enable_Channels') as boolean,
      groups: s.get<boolean>('VideoConf_Enable_Groups') as boolean,
      teams: s.get<boolean>('VideoConf_Enable_Teams') as boolean,
    },
  };
}

function seatRequests(ctx: CollectContext): Promise<Outcome<number>> {
  return ctx.runner.run('seatRequests', async (options) => {
    const doc = await ctx.db.collection('rocketchat_analytics').findOne({ type: 'seat-request' }, { ...options, projection: { count: 1 } });
    return Number(doc?.count) || 0;
  });
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Rocket.Chat's getSettingsStatistics: the listed settings that exist, nested by topic (every topic but canned responses present). */
function settingsStatistics(ctx: CollectContext): SettingsStatistics {
  const result: Record<string, unknown> = {
    accounts: {},
    cannedResponses: {},
    e2ee: {},
    email: { smtp: {} },
    fileUpload: {},
    general: { apps: {}, nps: {}, update: {} },
    liveStreamAndBroadcasting: {},
    message: {},
    otr: {},
    push: {},
    search: { defaultProvider: {} },
    threads: {},
    webRTC: {},
  };
  for (const [path, id] of SETTINGS_STATISTICS) {
    if (ctx.settings.doc(id)) setAt(result, path, ctx.settings.get(id));
  }
  if (!ctx.settings.doc('Canned_Responses_Enable')) delete result.cannedResponses;
  // OTR left Rocket.Chat in 8.0, and with it this topic.
  if (!ctx.semantics.pre8Fields) delete result.otr;
  return result as SettingsStatistics;
}

const dateString = (date: Date | undefined) => date?.toString() ?? '';

/** A date the last snapshot recorded (a Date, an ISO string, or Date.toString() text), as a search bound. */
function snapshotDate(ctx: CollectContext, field: string): Date | undefined {
  const value = ctx.snapshot?.doc[field];
  const date = value instanceof Date ? value : typeof value === 'string' && value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Collects the other IStats fields the database can give. */
export async function collectExtras(ctx: CollectContext, licenseModules: string[], licenseTags: string[]): Promise<SourcedFields> {
  const { runner, semantics } = ctx;
  const legacyVoip = semantics.pre8Fields;
  const monthlyPeakPending = storedMonthlyPeak(runner, ctx.now);
  const macPending = macFields(runner, ctx.now);
  const [
    users,
    rooms,
    languages,
    login,
    seen,
    lastMessage,
    teams,
    teamRooms,
    teamDefaultRooms,
    visitors,
    customFields,
    publicCustomFields,
    withDepartment,
    triggers,
    pushQueue,
    sources,
    departments,
    archivedDepartments,
    emailInboxes,
    businessHours,
    onHold,
    integrations,
    roles,
    invites,
    inviteUses,
    messages,
    starred,
    roomsPinned,
    roomsStarred,
    federationEvents,
    federationServers,
    seats,
    videoCalls,
    staff,
    federationUsers,
    broadcastRooms,
    encryptedRooms,
  ] = await Promise.all([
    userTallies(runner),
    roomGroups(runner),
    userLanguages(runner),
    lastLogin(runner, snapshotDate(ctx, 'lastLogin')),
    lastSeenSubscription(runner, snapshotDate(ctx, 'lastSeenSubscription')),
    lastMessageAt(runner, snapshotDate(ctx, 'lastMessageSentAt')),
    estimatedCount(runner, 'rocketchat_team'),
    roomsInsideTeams(runner, false),
    roomsInsideTeams(runner, true),
    estimatedCount(runner, 'rocketchat_livechat_visitor'),
    estimatedCount(runner, 'rocketchat_livechat_custom_field'),
    exactCount(runner, 'rocketchat_livechat_custom_field', { public: true }),
    exactCount(runner, 'rocketchat_room', { departmentId: { $exists: true } }),
    estimatedCount(runner, 'rocketchat_livechat_trigger'),
    estimatedCount(runner, 'rocketchat_notification_queue'),
    omnichannelSources(ctx),
    estimatedCount(runner, 'rocketchat_livechat_department'),
    exactCount(runner, 'rocketchat_livechat_department', { archived: true }),
    estimatedCount(runner, 'rocketchat_email_inbox'),
    estimatedCount(runner, 'rocketchat_livechat_business_hours'),
    roomsPerMessageType(runner, legacyVoip ? [ON_HOLD, VOIP_ON_HOLD] : [ON_HOLD]),
    integrationsSummary(ctx),
    roleCounts(ctx),
    estimatedCount(runner, 'rocketchat_invites'),
    fieldSum(runner, 'rocketchat_invites', 'uses'),
    messageGroups(runner),
    starredCount(runner),
    roomsWithMessages(runner, 'roomsWithPinned', { pinned: true }),
    roomsWithMessages(runner, 'roomsWithStarred', { 'starred._id': { $exists: true } }),
    estimatedCount(runner, 'rocketchat_federation_room_events'),
    estimatedCount(runner, 'rocketchat_federation_servers'),
    seatRequests(ctx),
    videoCallGroups(ctx),
    staffAndFactorCounts(runner),
    federationUserCounts(runner),
    // Rooms.countByBroadcast / countEncrypted, on Rocket.Chat's sparse indexes "used on statistics" (models/Rooms.ts).
    exactCount(runner, 'rocketchat_room', { broadcast: true }),
    exactCount(runner, 'rocketchat_room', { encrypted: true }),
  ]);
  const monthlyPeak = await monthlyPeakPending;
  const [macPeriod, macMonth, macWeek, macYesterday] = await macPending;
  const voipExtensions = legacyVoip ? await exactCount(runner, 'users', { extension: { $exists: true } }) : undefined;
  // Rooms.countByCreatedOTR, written until OTR left in 8.0 (PR #36691).
  const otrRooms = semantics.pre8Fields ? await exactCount(runner, 'rocketchat_room', { createdOTR: true }) : undefined;
  const livechatEnterprise = licenseModules.includes('livechat-enterprise');
  const [livechatTags, cannedResponses, businessUnits, withPriorities, withSlas, pdfTranscripts] = livechatEnterprise
    ? await Promise.all([
        estimatedCount(runner, 'rocketchat_livechat_tag'),
        estimatedCount(runner, 'rocketchat_canned_response'),
        exactCount(runner, 'rocketchat_livechat_department', { type: 'u' }),
        exactCount(runner, 'rocketchat_room', { priorityId: { $exists: true } }),
        exactCount(runner, 'rocketchat_room', { slaId: { $exists: true } }),
        exactCount(runner, 'rocketchat_room', { pdfTranscriptFileId: { $exists: true } }),
      ])
    : [];

  const count = (name: keyof IStatsFields, outcome: Outcome<number>) => sourcedField(ctx, name, outcome, (n) => n);
  const userCount = (name: 'totalLivechatAgents' | 'totalLivechatManagers' | 'totalUserTOTP' | 'totalUserEmail2fa') =>
    sourcedField(ctx, name, staff, (counts) => counts[name]);
  const fields: Record<string, Sourced<unknown>> = {
    wizard: settingField(ctx, 'wizard', (s) => {
      const wizard: Record<string, unknown> = {};
      for (const [key, id] of Object.entries(WIZARD_SETTINGS)) if (s.get(id) !== undefined) wizard[key] = s.get(id);
      return wizard;
    }),
    userLanguages: sourcedField(ctx, 'userLanguages', all(users, languages), ([groups, rows]) =>
      languagesObject(deriveUserCounts(groups, semantics).totalUsers, rows),
    ),
    lastLogin: sourcedField(ctx, 'lastLogin', login, dateString),
    lastSeenSubscription: sourcedField(ctx, 'lastSeenSubscription', seen, dateString),
    lastMessageSentAt: sourcedField(ctx, 'lastMessageSentAt', lastMessage, (date) => date),
    teams: sourcedField(ctx, 'teams', all(teams, teamRooms, teamDefaultRooms), ([totalTeams, inside, defaults]) => ({
      totalTeams,
      totalRoomsInsideTeams: inside,
      totalDefaultRoomsInsideTeams: defaults,
    })),
    roomsInsideTeams: count('roomsInsideTeams', teamRooms),
    totalLivechatVisitors: count('totalLivechatVisitors', visitors),
    totalLivechatAgents: userCount('totalLivechatAgents'),
    totalLivechatManagers: userCount('totalLivechatManagers'),
    totalCustomFields: count('totalCustomFields', customFields),
    totalLivechatPublicCustomFields: count('totalLivechatPublicCustomFields', publicCustomFields),
    totalLivechatRoomsWithDepartment: count('totalLivechatRoomsWithDepartment', withDepartment),
    totalTriggers: count('totalTriggers', triggers),
    pushQueue: count('pushQueue', pushQueue),
    omnichannelSources: sourcedField(ctx, 'omnichannelSources', sources, (list) => list),
    departments: count('departments', departments),
    archivedDepartments: count('archivedDepartments', archivedDepartments),
    emailInboxes: count('emailInboxes', emailInboxes),
    BusinessHours: sourcedField(ctx, 'BusinessHours', businessHours, (total) => ({
      total,
      strategy: (ctx.settings.get<string | number>('Livechat_enable_business_hours') || '') as string,
    })),
    chatsOnHold: sourcedField(ctx, 'chatsOnHold', onHold, (rooms) => rooms[ON_HOLD] ?? 0),
    integrations: sourcedField(ctx, 'integrations', integrations, (summary) => summary),
    videoConf: sourcedField(ctx, 'videoConf', all(videoCalls, ctx.settings.ok ? { ok: true, value: 0 } : { ok: false, error: ctx.settings.error ?? 'settings could not be read', timedOut: false }), ([rows]) => videoConf(rows, ctx)),
    totalSubscriptionRoles: sourcedField(ctx, 'totalSubscriptionRoles', roles, (rows) =>
      rows.filter((r) => r.scope === 'Subscriptions').reduce((n, r) => n + r.count, 0),
    ),
    totalUserRoles: sourcedField(ctx, 'totalUserRoles', roles, (rows) => rows.filter((r) => r.scope === 'Users').reduce((n, r) => n + r.count, 0)),
    totalCustomRoles: sourcedField(ctx, 'totalCustomRoles', roles, (rows) => rows.filter((r) => r.protected === false).reduce((n, r) => n + r.count, 0)),
    totalLinkInvitation: count('totalLinkInvitation', invites),
    totalLinkInvitationUses: count('totalLinkInvitationUses', inviteUses),
    totalPinned: sourcedField(ctx, 'totalPinned', messages, (groups) => deriveMessageCounts(groups).totalPinned),
    totalStarred: count('totalStarred', starred),
    totalRoomsWithPinned: count('totalRoomsWithPinned', roomsPinned),
    totalRoomsWithStarred: count('totalRoomsWithStarred', roomsStarred),
    totalEncryptedMessages: sourcedField(ctx, 'totalEncryptedMessages', messages, (groups) => deriveMessageCounts(groups).totalEncryptedMessages),
    totalBroadcastRooms: count('totalBroadcastRooms', broadcastRooms),
    totalE2ERooms: count('totalE2ERooms', encryptedRooms),
    totalUserTOTP: userCount('totalUserTOTP'),
    totalUserEmail2fa: userCount('totalUserEmail2fa'),
    federationOverviewData: sourcedField(ctx, 'federationOverviewData', all(federationEvents, federationServers, federationUsers), ([events, servers, fed]) => ({
      numberOfEvents: events,
      numberOfFederatedUsers: fed.federatedUsers,
      numberOfServers: servers,
    })),
    enterprise: sourcedField(ctx, 'enterprise', seats, (seatRequestCount) => {
      const enterprise: IStatsFields['enterprise'] = { modules: licenseModules, tags: licenseTags, seatRequests: seatRequestCount };
      const add = (key: keyof IStatsFields['enterprise'], outcome: Outcome<number> | undefined) => {
        if (outcome?.ok) (enterprise as Record<string, unknown>)[key] = outcome.value;
      };
      add('livechatTags', livechatTags);
      add('cannedResponses', cannedResponses);
      add('businessUnits', businessUnits);
      add('omnichannelRoomsWithPriorities', withPriorities);
      add('omnichannelRoomsWithSlas', withSlas);
      add('omnichannelPdfTranscriptSucceeded', pdfTranscripts);
      if (livechatEnterprise) add('livechatMonitors', staff.ok ? { ok: true, value: staff.value.livechatMonitors } : undefined);
      return enterprise;
    }),
    livechatAutomaticForwardingUnansweredChats: settingField(ctx, 'livechatAutomaticForwardingUnansweredChats', (s) =>
      s.doc('Livechat_auto_transfer_chat_timeout') ? s.get('Livechat_auto_transfer_chat_timeout') !== 0 : undefined,
    ),
    routingAlgorithm: settingField(ctx, 'routingAlgorithm', (s) => String(s.get('Livechat_Routing_Method') ?? '')),
    logoChange: settingField(ctx, 'logoChange', (s) => Object.keys((s.get<Record<string, unknown>>('Assets_logo') ?? {}) as object).includes('url')),
    push: settingField(ctx, 'push', (s) => {
      const gateway = s.doc('Push_gateway');
      return (s.get('Push_enable') ? 1 : 0) | (s.get('Push_enable_gateway') ? 2 : 0) | (gateway && gateway.value !== gateway.packageValue ? 4 : 0);
    }),
    webRTCEnabledForOmnichannel: settingField(ctx, 'webRTCEnabledForOmnichannel', (s) => s.get('Omnichannel_call_provider') === 'WebRTC'),
    importer: settingField(ctx, 'importer', (s) => {
      const importer: Record<string, unknown> = {};
      for (const [key, id] of Object.entries(IMPORTER_SETTINGS)) if (s.get(id) !== undefined) importer[key] = s.get(id);
      return importer;
    }),
    settings: settingField(ctx, 'settings', () => settingsStatistics(ctx)),
    omnichannelContactsBySource: sourcedField(ctx, 'omnichannelContactsBySource', macPeriod, (mac) => mac),
    uniqueContactsOfLastMonth: sourcedField(ctx, 'uniqueContactsOfLastMonth', macMonth, (mac) => mac),
    uniqueContactsOfLastWeek: sourcedField(ctx, 'uniqueContactsOfLastWeek', macWeek, (mac) => mac),
    uniqueContactsOfYesterday: sourcedField(ctx, 'uniqueContactsOfYesterday', macYesterday, (mac) => mac),
    // No stored snapshot in the window: Rocket.Chat's figure would be its in-memory daily peak, which the bot cannot know.
    maxMonthlyPeakConnections:
      monthlyPeak.ok && monthlyPeak.value === undefined
        ? { value: null, source: 'unavailable' }
        : sourcedField(ctx, 'maxMonthlyPeakConnections', monthlyPeak, (peak) => peak as number),
  };
  for (const [field, id] of Object.entries(PLAIN_SETTING_FIELDS)) {
    fields[field] = settingField(ctx, field, (s) => s.get(id));
  }
  for (const [field, id] of Object.entries(CHANGED_SETTING_FIELDS)) {
    fields[field] = settingField(ctx, field, (s) => {
      const doc = s.doc(id);
      return doc ? doc.value !== doc.packageValue : undefined;
    });
  }
  if (otrRooms) fields.totalOTRRooms = count('totalOTRRooms', otrRooms);
  if (voipExtensions) {
    fields.voipCalls = sourcedField(ctx, 'voipCalls', rooms, (groups) => deriveRoomCounts(groups).voipCalls);
    fields.voipExtensions = count('voipExtensions', voipExtensions);
    fields.voipSuccessfulCalls = sourcedField(ctx, 'voipSuccessfulCalls', messages, (groups) => deriveMessageCounts(groups).voipSuccessfulCalls);
    fields.voipErrorCalls = sourcedField(ctx, 'voipErrorCalls', messages, (groups) => deriveMessageCounts(groups).voipErrorCalls);
    fields.voipOnHoldCalls = sourcedField(ctx, 'voipOnHoldCalls', onHold, (rooms) => rooms[VOIP_ON_HOLD] ?? 0);
  }
  return fields as SourcedFields;
}
