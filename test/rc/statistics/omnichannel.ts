/** Omnichannel (livechat) and VoIP fields of Rocket.Chat's statistics. */
import type { Db } from 'mongodb';
import type { StatsContext } from './context.js';
import { countMessagesByType, countRoomsWithMessages } from './messages.js';

/** One MAC (monthly active contacts) row, as Rocket.Chat's getMACStatistics* pipelines return it. */
export interface MacStats {
  contactsCount: number;
  conversationsCount: number;
  sources: { source: string; contactsCount: number; conversationsCount: number }[];
}

type SourceKey = { a?: string | null; t?: string; v?: string };

/**
 * LivechatRooms.getMACStatisticsForPeriod / …BetweenDates. Rocket.Chat groups by
 * `$ifNull: ['$source.alias', '$source.type']` with `$addToSet: '$v._id'` and `$size`, none of which FerretDB
 * implements, and with two accumulators in one `$group`. Here two aggregations with plain field keys — rooms per
 * (alias, type), and the distinct (alias, type, visitor) triples — are folded into Rocket.Chat's per-source rows:
 * the distinct visitors and the rooms of each source, and totals that add the per-source counts (a visitor seen on
 * two sources counts twice, as in Rocket.Chat). No matching room → undefined (Rocket.Chat's empty result).
 */
async function macStatistics(db: Db, match: Record<string, unknown>): Promise<MacStats | undefined> {
  const rooms = db.collection('rocketchat_room');
  const conversations = await rooms
    .aggregate<{ _id: SourceKey; n: number }>([{ $match: match }, { $group: { _id: { a: '$source.alias', t: '$source.type' }, n: { $sum: 1 } } }])
    .toArray();
  if (conversations.length === 0) return undefined;
  const visitors = await rooms
    .aggregate<{ _id: SourceKey }>([{ $match: match }, { $group: { _id: { a: '$source.alias', t: '$source.type', v: '$v._id' } } }])
    .toArray();
  const sourceOf = (key: SourceKey) => (key.a ?? key.t ?? null) as string;
  const bySource = new Map<string, { visitors: Set<string>; conversations: number }>();
  const entry = (source: string) => {
    const found = bySource.get(source) ?? { visitors: new Set<string>(), conversations: 0 };
    bySource.set(source, found);
    return found;
  };
  for (const { _id, n } of conversations) entry(sourceOf(_id)).conversations += n;
  // $addToSet skips a missing value: a room without v._id adds no contact.
  for (const { _id } of visitors) if (_id.v !== undefined && _id.v !== null) entry(sourceOf(_id)).visitors.add(_id.v);
  const sources = [...bySource].map(([source, { visitors: ids, conversations: n }]) => ({ source, contactsCount: ids.size, conversationsCount: n }));
  return {
    contactsCount: sources.reduce((n, s) => n + s.contactsCount, 0),
    conversationsCount: sources.reduce((n, s) => n + s.conversationsCount, 0),
    sources,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcPeriod(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** totalLivechatVisitors … livechatEnabled block at the start of the omnichannel section. */
export async function collectLivechatVisitors(ctx: StatsContext): Promise<void> {
  ctx.stats.totalLivechatVisitors = await ctx.db.collection('rocketchat_livechat_visitor').estimatedDocumentCount();
}

/** The omnichannel block: sources, departments, triggers, custom fields, routing settings, inboxes, on-hold, VoIP, MAC. */
export async function collectOmnichannel(ctx: StatsContext): Promise<void> {
  const { db, stats, settings, semantics, parallel, now } = ctx;
  const rooms = db.collection('rocketchat_room');
  stats.livechatEnabled = settings.get('Livechat_enabled');

  parallel.push('omnichannelSources', async () => {
    const rows = await rooms
      .aggregate<{ _id: { id?: string; alias?: string; type?: string }; count: number }>([
        { $match: { source: { $exists: true }, t: 'l' } },
        { $group: { _id: '$source', count: { $sum: 1 } } },
      ])
      .toArray();
    stats.omnichannelSources = rows.map(({ _id: { id, alias, type }, count }) => ({ id, alias, type, count }));
  });
  if (semantics.post63Fields) {
    parallel.push('totalLivechatRoomsWithDepartment', async () => {
      stats.totalLivechatRoomsWithDepartment = await rooms.countDocuments({ departmentId: { $exists: true } });
    });
  }
  const departments = db.collection('rocketchat_livechat_department');
  parallel.push('departments', async () => {
    stats.departments = await departments.estimatedDocumentCount();
  });
  parallel.push('archivedDepartments', async () => {
    stats.archivedDepartments = await departments.countDocuments({ archived: true });
  });
  stats.isDepartmentRemovalEnabled = settings.get('Omnichannel_enable_department_removal');
  parallel.push('totalTriggers', async () => {
    stats.totalTriggers = await db.collection('rocketchat_livechat_trigger').estimatedDocumentCount();
  });
  const customFields = db.collection('rocketchat_livechat_custom_field');
  stats.totalCustomFields = semantics.estimatedTotals ? await customFields.estimatedDocumentCount() : await customFields.countDocuments({});
  if (semantics.post63Fields) {
    stats.totalLivechatPublicCustomFields = await customFields.countDocuments({ public: true });
    stats.livechatAutomaticForwardingUnansweredChats = settings.get('Livechat_auto_transfer_chat_timeout') !== 0;
  }
  stats.routingAlgorithm = settings.get('Livechat_Routing_Method') || '';
  stats.onHoldEnabled = settings.get('Livechat_allow_manual_on_hold');
  parallel.push('emailInboxes', async () => {
    stats.emailInboxes = await db.collection('rocketchat_email_inbox').estimatedDocumentCount();
  });
  parallel.push('BusinessHours', async () => {
    const total = await db.collection('rocketchat_livechat_business_hours').estimatedDocumentCount();
    stats.BusinessHours = { total, strategy: settings.get('Livechat_enable_business_hours') || '' };
  });
  // Assigned a second time in Rocket.Chat, the second time without the `|| ''` fallback.
  stats.routingAlgorithm = settings.get('Livechat_Routing_Method');
  stats.onHoldEnabled = settings.get('Livechat_allow_manual_on_hold');
  stats.lastChattedAgentPreferred = settings.get('Livechat_last_chatted_agent_routing');
  stats.assignNewConversationsToContactManager = settings.get('Omnichannel_contact_manager_routing');
  stats.visitorAbandonment = settings.get('Livechat_abandoned_rooms_action');
  parallel.push('chatsOnHold', async () => {
    stats.chatsOnHold = await countRoomsWithMessages(db, { t: 'omnichannel_placed_chat_on_hold' });
  });

  if (!semantics.v8) {
    stats.voipEnabled = settings.get('VoIP_Enabled');
    parallel.push('voipCalls', async () => {
      stats.voipCalls = await rooms.countDocuments({ t: 'v' });
    });
    parallel.push('voipExtensions', async () => {
      stats.voipExtensions = await db.collection('users').countDocuments({ extension: { $exists: true } });
    });
    parallel.push('voipSuccessfulCalls', async () => {
      stats.voipSuccessfulCalls = await countMessagesByType(db, 'voip-call-wrapup');
    });
    parallel.push('voipErrorCalls', async () => {
      stats.voipErrorCalls = await countMessagesByType(db, 'voip-call-ended-unexpectedly');
    });
    parallel.push('voipOnHoldCalls', async () => {
      stats.voipOnHoldCalls = await countRoomsWithMessages(db, { t: 'voip-call-on-hold' });
    });
  }

  if (semantics.fingerprintMacPeakStatistics) {
    const empty = (): MacStats => ({ contactsCount: 0, conversationsCount: 0, sources: [] });
    parallel.push('omnichannelContactsBySource', async () => {
      stats.omnichannelContactsBySource = (await macStatistics(db, { t: 'l', 'v.activity': utcPeriod(now) })) ?? empty();
    });
    const between = (field: string, days: number) =>
      parallel.push(field, async () => {
        const start = new Date(now.getTime() - days * DAY_MS);
        stats[field] = (await macStatistics(db, { t: 'l', 'v.activity': { $exists: true }, ts: { $gte: start, $lt: now } })) ?? empty();
      });
    between('uniqueContactsOfLastMonth', 30);
    between('uniqueContactsOfLastWeek', 7);
    between('uniqueContactsOfYesterday', 1);
  }
}

/** Omnichannel WebRTC fields (≤7.x; removed in 8.x). */
export async function collectOmnichannelCalls(ctx: StatsContext): Promise<void> {
  const { stats, settings, db } = ctx;
  stats.webRTCEnabled = settings.get('WebRTC_Enabled');
  stats.webRTCEnabledForOmnichannel = settings.get('Omnichannel_call_provider') === 'WebRTC';
  stats.omnichannelWebRTCCalls = await db.collection('rocketchat_room').countDocuments({ callStatus: { $exists: true } });
}

type Contact = { conflictingFields?: unknown[]; channels?: { blocked?: boolean; verified?: boolean }[] };

/**
 * getContactVerificationStatistics (apps/meteor/app/statistics/server/lib/getContactVerificationStatistics.ts, 7.2.0+:
 * packages/core-typings/CHANGELOG.md 7.2.0, #33895), in the newest of the four stored shapes: counts through the
 * LivechatContacts model (countVerified = `'channels.verified': true`, countContactsWithoutChannels =
 * `channels: {$size: 0}`, getStatistics = one `$group` summing `$size` of conflictingFields and averaging `$size` of
 * channels, a non-array counting as []; models/LivechatContacts, search index file id 213458876). The three older
 * shapes, which no changelog entry or tag dates, count verified contacts as `unknown: false` and contacts without
 * channels as `channels ∈ {missing, []}`; the first of them (`countDocuments({})`, no default for the two
 * aggregations) makes statistics.get() throw on an empty contacts collection. The two accumulators are computed here
 * from the contacts' arrays (FerretDB answers a two-accumulator `$group` wrongly), with the same meaning.
 */
export async function contactVerificationStatistics(ctx: StatsContext): Promise<Record<string, unknown>> {
  const { db, settings } = ctx;
  const contacts = db.collection('rocketchat_livechat_contact');
  const totalContacts = await contacts.estimatedDocumentCount();
  const totalUnknownContacts = await contacts.countDocuments({ unknown: true });
  const docs = await contacts.find<Contact>({}, { projection: { conflictingFields: 1, channels: 1 } }).toArray();
  const totalConflicts = docs.reduce((n, c) => n + (Array.isArray(c.conflictingFields) ? c.conflictingFields.length : 0), 0);
  const channelCounts = docs.map((c) => (Array.isArray(c.channels) ? c.channels.length : 0));
  const avgChannelsPerContact = channelCounts.length ? channelCounts.reduce((a, b) => a + b, 0) / channelCounts.length : 0;
  const totalBlockedContacts = await contacts.countDocuments({ 'channels.blocked': true });
  // countFullyBlocked: some channel blocked, and none with `blocked: false` or without `blocked` ($not $elemMatch).
  const totalFullyBlockedContacts = docs.filter(
    (c) => Array.isArray(c.channels) && c.channels.some((ch) => ch.blocked === true) && !c.channels.some((ch) => ch.blocked === false || ch.blocked === undefined),
  ).length;
  const totalVerifiedContacts = await contacts.countDocuments({ 'channels.verified': true });
  const totalContactsWithoutChannels = await contacts.countDocuments({ channels: { $size: 0 } });
  return {
    totalContacts,
    totalUnknownContacts,
    totalMergedContacts: settings.get('Merged_Contacts_Count'),
    totalConflicts,
    totalResolvedConflicts: settings.get('Resolved_Conflicts_Count'),
    totalBlockedContacts,
    totalPartiallyBlockedContacts: totalBlockedContacts - totalFullyBlockedContacts,
    totalFullyBlockedContacts,
    totalVerifiedContacts,
    avgChannelsPerContact,
    totalContactsWithoutChannels,
    totalImportedContacts: settings.get('Contacts_Importer_Count'),
    totalUpsellViews: settings.get('Advanced_Contact_Upsell_Views_Count'),
    totalUpsellClicks: settings.get('Advanced_Contact_Upsell_Clicks_Count'),
  };
}
