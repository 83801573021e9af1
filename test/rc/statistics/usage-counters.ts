/**
 * The tail of Rocket.Chat's statistics: integrations, push queue, engagement counters kept in settings, pins and
 * stars, invitations, roles, push configuration, customisation flags and connection peaks.
 */
import type { StatsContext } from './context.js';
import { countMessagesByType, countPinned, countRoomsWithMessages, countStarred } from './messages.js';
import { collectTwoFactor } from './users.js';

type Integration = { type?: string; enabled?: boolean; scriptEnabled?: boolean };

/** statistics.integrations (one find, counted in JS as Rocket.Chat does) and pushQueue, both parallel. */
export function pushIntegrationsAndQueue(ctx: StatsContext): void {
  const { db, stats, parallel } = ctx;
  parallel.push('integrations', async () => {
    const found = await db
      .collection('rocketchat_integrations')
      .find<Integration>({}, { projection: { _id: 0, type: 1, enabled: 1, scriptEnabled: 1 } })
      .toArray();
    const of = (type: string) => found.filter((i) => i.type === type);
    stats.integrations = {
      totalIntegrations: found.length,
      totalIncoming: of('webhook-incoming').length,
      totalIncomingActive: of('webhook-incoming').filter((i) => i.enabled === true).length,
      totalOutgoing: of('webhook-outgoing').length,
      totalOutgoingActive: of('webhook-outgoing').filter((i) => i.enabled === true).length,
      totalWithScriptEnabled: found.filter((i) => i.scriptEnabled === true).length,
    };
  });
  parallel.push('pushQueue', async () => {
    stats.pushQueue = await db.collection('rocketchat_notification_queue').estimatedDocumentCount();
  });
}

async function packageValue(ctx: StatsContext, id: string): Promise<unknown> {
  const doc = await ctx.db.collection<{ _id: string; packageValue?: unknown }>('rocketchat_settings').findOne({ _id: id }, { projection: { packageValue: 1 } });
  return doc?.packageValue;
}

/** The sequential tail block, in Rocket.Chat's order. */
export async function collectUsageCounters(ctx: StatsContext, options: { dailyPeakConnections: number }): Promise<void> {
  const { db, stats, settings: s, semantics, now } = ctx;
  const rooms = db.collection('rocketchat_room');
  const invites = db.collection('rocketchat_invites');
  const roles = db.collection('rocketchat_roles');
  stats.dashboardCount = s.get('Engagement_Dashboard_Load_Count');
  stats.messageAuditApply = s.get('Message_Auditing_Apply_Count');
  stats.messageAuditLoad = s.get('Message_Auditing_Panel_Load_Count');
  stats.joinJitsiButton = s.get('Jitsi_Click_To_Join_Count');
  stats.slashCommandsJitsi = s.get('Jitsi_Start_SlashCommands_Count');
  stats.totalBroadcastRooms = await rooms.countDocuments({ broadcast: true });
  stats.totalTriggeredEmails = s.get('Triggered_Emails_Count');
  stats.totalRoomsWithStarred = await countRoomsWithMessages(db, { 'starred._id': { $exists: true } });
  stats.totalRoomsWithPinned = await countRoomsWithMessages(db, { pinned: true });
  await collectTwoFactor(ctx);
  stats.totalPinned = await countPinned(db);
  stats.totalStarred = await countStarred(db);
  stats.totalLinkInvitation = semantics.estimatedTotals ? await invites.estimatedDocumentCount() : await invites.countDocuments({});
  const [uses] = await invites.aggregate<{ totalUses: number }>([{ $group: { _id: null, totalUses: { $sum: '$uses' } } }]).toArray();
  stats.totalLinkInvitationUses = uses?.totalUses || 0;
  stats.totalEmailInvitation = s.get('Invitation_Email_Count');
  stats.totalE2ERooms = await rooms.countDocuments({ encrypted: true });
  if (semantics.otrStatistics) {
    stats.totalOTRRooms = await rooms.countDocuments({ createdOTR: true });
    stats.totalOTR = s.get('OTR_Count');
  }
  stats.logoChange = Object.keys(s.get<Record<string, unknown>>('Assets_logo') || {}).includes('url');
  stats.showHomeButton = s.get('Layout_Show_Home_Button');
  stats.totalEncryptedMessages = await countMessagesByType(db, 'e2e');
  stats.totalManuallyAddedUsers = s.get('Manual_Entry_User_Count');
  stats.totalSubscriptionRoles = await roles.countDocuments({ scope: 'Subscriptions' });
  stats.totalUserRoles = await roles.countDocuments({ scope: 'Users' });
  stats.totalCustomRoles = await roles.countDocuments({ protected: false });
  stats.totalWebRTCCalls = s.get('WebRTC_Calls_Count');
  stats.uncaughtExceptionsCount = s.get('Uncaught_Exceptions_Count');
  if (semantics.post63Fields) {
    const defaultGateway = await packageValue(ctx, 'Push_gateway');
    // One bit each: push enabled, gateway enabled, gateway changed from its default.
    if (semantics.pushStatistic) stats.push = (s.get('Push_enable') ? 1 : 0) | (s.get('Push_enable_gateway') ? 2 : 0) | (s.get('Push_gateway') !== defaultGateway ? 4 : 0);
    stats.pushSecured = s.get('Push_request_content_from_server');
  }
  const changed = async (id: string) => s.get(id) !== (await packageValue(ctx, id));
  stats.homeTitleChanged = await changed('Layout_Home_Title');
  stats.homeBodyChanged = await changed('Layout_Home_Body');
  stats.customCSSChanged = await changed('theme-custom-css');
  stats.onLogoutCustomScriptChanged = await changed('Custom_Script_On_Logout');
  stats.loggedOutCustomScriptChanged = await changed('Custom_Script_Logged_Out');
  stats.loggedInCustomScriptChanged = await changed('Custom_Script_Logged_In');
  if (semantics.fingerprintMacPeakStatistics) {
    // Presence.getPeakConnections(true) is in the server's memory; the caller says what it is.
    stats.dailyPeakConnections = options.dailyPeakConnections;
    const since = new Date(now.getTime());
    since.setDate(since.getDate() - 30);
    since.setHours(0, 0, 0, 0);
    const peak = await db
      .collection('rocketchat_statistics')
      .findOne<{ dailyPeakConnections?: number }>({ createdAt: { $gte: since } }, { sort: { dailyPeakConnections: -1 }, projection: { dailyPeakConnections: 1 } });
    stats.maxMonthlyPeakConnections = Math.max(options.dailyPeakConnections, peak?.dailyPeakConnections || 0);
  }
}
