/**
 * The Usage card (classic Info page) and the Users/Uploads and Messages/Rooms cards (6.5+ Workspace page): users by
 * status and type, uploads, rooms by type, messages by room type, threads, discussions.
 */
import { both } from '../queries/combine.js';
import { estimatedCount, fieldSum } from '../queries/collections.js';
import { threadCount } from '../queries/messages.js';
import { deriveMessageTotals, deriveRoomCounts, discussionCount, discussionMessageSums, messageSumsByType, roomGroups } from '../queries/rooms.js';
import { deriveUserCounts, userTallies } from '../queries/users.js';
import { sourcedField } from '../sourced.js';
import type { CollectContext, Sourced } from '../types.js';

/** The usage fields, by their IStats names. */
export const USAGE_FIELDS = [
  'totalUsers',
  'onlineUsers',
  'busyUsers',
  'awayUsers',
  'offlineUsers',
  'totalConnectedUsers',
  'activeUsers',
  'activeGuests',
  'nonActiveUsers',
  'appUsers',
  'uploadsTotal',
  'uploadsTotalSize',
  'totalRooms',
  'totalChannels',
  'totalPrivateGroups',
  'totalDirect',
  'totalDiscussions',
  'totalLivechat',
  'totalMessages',
  'totalThreads',
  'totalChannelMessages',
  'totalPrivateGroupMessages',
  'totalDirectMessages',
  'totalDiscussionsMessages',
  'totalLivechatMessages',
] as const;

/** One usage field's IStats name. */
export type UsageField = (typeof USAGE_FIELDS)[number];

/** The usage card's numbers with their sources. */
export type UsageInfo = Record<UsageField, Sourced<number>>;

/** Collects the usage numbers: six queries, each shared with the other collectors that need it. */
export async function collectUsage(ctx: CollectContext): Promise<UsageInfo> {
  const { runner, semantics } = ctx;
  const [users, rooms, discussions, byType, inDiscussions, threads, uploads, uploadsSize] = await Promise.all([
    userTallies(runner),
    roomGroups(runner),
    discussionCount(runner),
    messageSumsByType(runner),
    discussionMessageSums(runner),
    threadCount(runner),
    estimatedCount(runner, 'rocketchat_uploads'),
    fieldSum(runner, 'rocketchat_uploads', 'size'),
  ]);
  const user = (name: keyof ReturnType<typeof deriveUserCounts> & UsageField) =>
    sourcedField(ctx, name, users, (groups) => deriveUserCounts(groups, semantics)[name]);
  const room = (name: keyof ReturnType<typeof deriveRoomCounts> & UsageField) =>
    sourcedField(ctx, name, rooms, (groups) => deriveRoomCounts(groups)[name]);
  const sums = both(byType, inDiscussions);
  const message = (name: keyof ReturnType<typeof deriveMessageTotals> & UsageField) =>
    sourcedField(ctx, name, sums, ([all, discussion]) => deriveMessageTotals(all, discussion, semantics.splitsDiscussionMessages)[name]);
  const same = (name: UsageField, outcome: Parameters<typeof sourcedField<number, number>>[2]) => sourcedField(ctx, name, outcome, (n) => n);
  return {
    totalUsers: user('totalUsers'),
    onlineUsers: user('onlineUsers'),
    busyUsers: user('busyUsers'),
    awayUsers: user('awayUsers'),
    offlineUsers: user('offlineUsers'),
    totalConnectedUsers: user('totalConnectedUsers'),
    activeUsers: user('activeUsers'),
    activeGuests: user('activeGuests'),
    nonActiveUsers: user('nonActiveUsers'),
    appUsers: user('appUsers'),
    uploadsTotal: same('uploadsTotal', uploads),
    uploadsTotalSize: same('uploadsTotalSize', uploadsSize),
    totalRooms: room('totalRooms'),
    totalChannels: room('totalChannels'),
    totalPrivateGroups: room('totalPrivateGroups'),
    totalDirect: room('totalDirect'),
    totalDiscussions: same('totalDiscussions', discussions),
    totalLivechat: room('totalLivechat'),
    totalMessages: message('totalMessages'),
    totalThreads: same('totalThreads', threads),
    totalChannelMessages: message('totalChannelMessages'),
    totalPrivateGroupMessages: message('totalPrivateGroupMessages'),
    totalDirectMessages: message('totalDirectMessages'),
    totalDiscussionsMessages: message('totalDiscussionsMessages'),
    totalLivechatMessages: message('totalLivechatMessages'),
  };
}
