/**
 * The Usage card: the classic Info page's Usage card (≤ 6.4, with Threads) or, from 6.5, the Workspace page's
 * Users/Uploads and Messages/Rooms cards, with their labels and headings.
 */
import type { UsageField, UsageInfo } from '../stats/collectors/usage.js';
import type { Semantics } from '../stats/version.js';
import { sourcedField, worstState } from './fields.js';
import { formatCount, formatMemorySize } from './format.js';
import type { Card } from './model.js';

/** What the card is built from. */
export interface UsageCardInput {
  usage: UsageInfo;
  semantics: Semantics;
  now: Date;
}

type Layout = [section: string, rows: [label: string, field: UsageField][]][];

// Workspace page (6.5+): UsersUploadsCard and MessagesRoomsCard.
const WORKSPACE_LAYOUT: Layout = [
  ['Users', [['Online', 'onlineUsers'], ['Busy', 'busyUsers'], ['Away', 'awayUsers'], ['Offline', 'offlineUsers'], ['Total', 'totalUsers']]],
  [
    'Types',
    [
      ['Users connected', 'totalConnectedUsers'],
      ['Activated Users', 'activeUsers'],
      ['Activated Guests', 'activeGuests'],
      ['Deactivated Users', 'nonActiveUsers'],
      ['Rocket.Chat App Users', 'appUsers'],
    ],
  ],
  ['Uploads', [['Total Uploads', 'uploadsTotal'], ['Total Uploads Size', 'uploadsTotalSize']]],
  [
    'Total Rooms',
    [
      ['Channels', 'totalChannels'],
      ['Private groups', 'totalPrivateGroups'],
      ['Direct messages', 'totalDirect'],
      ['Discussions', 'totalDiscussions'],
      ['Omnichannel', 'totalLivechat'],
      ['Total', 'totalRooms'],
    ],
  ],
  [
    'Messages',
    [
      ['In channels', 'totalChannelMessages'],
      ['In private groups', 'totalPrivateGroupMessages'],
      ['In direct messages', 'totalDirectMessages'],
      ['In discussions', 'totalDiscussionsMessages'],
      ['In omnichannel', 'totalLivechatMessages'],
      ['Total', 'totalMessages'],
    ],
  ],
];

// Classic Info page (≤ 6.4): UsageCard.
const CLASSIC_LAYOUT: Layout = [
  ['Users', [['Total', 'totalUsers'], ['Online', 'onlineUsers'], ['Busy', 'busyUsers'], ['Away', 'awayUsers'], ['Offline', 'offlineUsers']]],
  [
    'Types and Distribution',
    [
      ['Connected', 'totalConnectedUsers'],
      ['Activated Users', 'activeUsers'],
      ['Activated Guests', 'activeGuests'],
      ['Deactivated Users', 'nonActiveUsers'],
      ['Rocket.Chat App Users', 'appUsers'],
    ],
  ],
  ['Uploads', [['Total Uploads', 'uploadsTotal'], ['Total Uploads Size', 'uploadsTotalSize']]],
  [
    'Total Rooms',
    [
      ['Rooms', 'totalRooms'],
      ['Channels', 'totalChannels'],
      ['Private Groups', 'totalPrivateGroups'],
      ['Direct messages', 'totalDirect'],
      ['Discussions', 'totalDiscussions'],
      ['Omnichannel Rooms', 'totalLivechat'],
    ],
  ],
  [
    'Total Messages',
    [
      ['Messages', 'totalMessages'],
      ['Threads', 'totalThreads'],
      ['In channels', 'totalChannelMessages'],
      ['In private groups', 'totalPrivateGroupMessages'],
      ['In direct messages', 'totalDirectMessages'],
      ['In omnichannel', 'totalLivechatMessages'],
    ],
  ],
];

/** Builds the Usage card for the workspace's Rocket.Chat version. */
export function usageCard(input: UsageCardInput): Card {
  const { usage, semantics } = input;
  const layout = semantics.workspacePage ? WORKSPACE_LAYOUT : CLASSIC_LAYOUT;
  const fields = layout.flatMap(([section, rows]) =>
    rows.map(([label, name]) =>
      sourcedField(label, usage[name], name === 'uploadsTotalSize' ? formatMemorySize : formatCount, { short: true, section }),
    ),
  );
  const notes = [
    'Message counts add up the rooms\' message counters (Rocket.Chat\'s `msgs`), which include thread replies and system messages; rooms without a counter add nothing (Rocket.Chat\'s own total turns empty then).',
  ];
  if (semantics.workspacePage) notes.push('The rooms total also counts room types that have no row of their own (e.g. VoIP rooms).');
  if (!semantics.splitsDiscussionMessages) notes.push('Before 6.5 Rocket.Chat counts messages in discussions under their channel or private group.');
  return { id: 'usage', title: 'Usage', state: worstState(fields.map((f) => f.state)), fields, notes, asOf: input.now };
}
