/**
 * The likely cause of one difference between the bot's live value and Rocket.Chat's stored snapshot: a version rule,
 * the same instant written in another time zone, presence, records created since the snapshot, counter drift, a fact
 * of the server process, or plain time passed. Each rule names the Rocket.Chat code it follows.
 */
import { type RcVersion, type Semantics, semanticsFor } from '../stats/version.js';
import type { SinceSnapshot } from './evidence.js';

/** What kind of cause: for grouping and tests. */
export type CauseKind = 'version' | 'zone' | 'nan' | 'null-field' | 'presence' | 'time' | 'drift' | 'process' | 'changed';

/** A cause and its one-line explanation. */
export interface Cause {
  kind: CauseKind;
  text: string;
}

/** What every explanation may use. */
export interface CauseContext {
  /** How long before the comparison Rocket.Chat stored its snapshot. */
  ageText: string;
  snapshotAt: Date;
  /** The version that wrote the snapshot (its `version` field), when it says one. */
  snapshotVersion: RcVersion | undefined;
  ourSemantics: Semantics;
  since: SinceSnapshot;
}

/**
 * Version switches (src/stats/version.ts, each with its Rocket.Chat source) and the statistics fields they change.
 * A field outside these keeps its meaning across versions.
 */
const VERSION_RULES: { flag: keyof Semantics; fields: string[]; rule: string }[] = [
  { flag: 'botsAreActiveUsers', fields: ['activeUsers'], rule: 'bots stopped counting as active users in 6.4.0 (Users.getActiveLocalUserCount, PR #30216)' },
  {
    flag: 'splitsDiscussionMessages',
    fields: ['totalChannelMessages', 'totalPrivateGroupMessages', 'totalDiscussionsMessages'],
    rule: 'from 6.5 messages in discussions are counted apart from their channel’s or group’s (statistics.ts)',
  },
  { flag: 'matrixServersListed', fields: ['matrixFederation'], rule: 'from 8.0 Matrix federation lists no bridged servers' },
];

// Rocket.Chat writes these with Date.prototype.toString(), in the server's own time zone (statistics.ts lastLogin,
// lastSeenSubscription).
const SERVER_ZONE_DATES = new Set(['lastLogin', 'lastSeenSubscription']);
// Activity dates: a newer value than the snapshot is activity since it.
const ACTIVITY_DATES = new Set(['lastLogin', 'lastSeenSubscription', 'lastMessageSentAt']);
// Users' presence (statistics.ts: Users.countDocuments({ status })) moves minute by minute.
const PRESENCE = new Set(['onlineUsers', 'awayUsers', 'busyUsers', 'offlineUsers', 'totalConnectedUsers']);
// Facts of the server process that computed the snapshot (os, process, deploy, Apps-Engine, instances, presence peak).
const PROCESS = new Set(['os', 'process', 'deploy', 'apps', 'instanceCount', 'dailyPeakConnections', 'msEnabled', 'oplogEnabled', 'uncaughtExceptionsCount']);
const MESSAGE_TOTALS = new Set(['totalMessages', 'totalChannelMessages', 'totalPrivateGroupMessages', 'totalDirectMessages', 'totalLivechatMessages', 'totalDiscussionsMessages']);

function roomCount(field: string, since: SinceSnapshot): number | undefined {
  const { rooms } = since;
  const byField: Record<string, number> = {
    totalRooms: rooms.total,
    totalChannels: rooms.c,
    totalPrivateGroups: rooms.p,
    totalDirect: rooms.d,
    totalLivechat: rooms.l,
    totalDiscussions: rooms.discussions,
  };
  return byField[field];
}

function versionCause(top: string, ctx: CauseContext): Cause | undefined {
  const theirs = ctx.snapshotVersion;
  if (!theirs || theirs.text === ctx.ourSemantics.version.text) return undefined;
  const snapshotSemantics = semanticsFor(theirs, 'snapshot');
  const rule = VERSION_RULES.find((r) => r.fields.includes(top) && snapshotSemantics[r.flag] !== ctx.ourSemantics[r.flag]);
  if (!rule) return undefined;
  return { kind: 'version', text: `version rule: the snapshot was taken by Rocket.Chat ${theirs.text}, the bot counts as ${ctx.ourSemantics.version.text}; ${rule.rule}` };
}

function messageCause(delta: number, ctx: CauseContext): Cause {
  const stored = ctx.since.messages;
  // Messages stored since the snapshot, counted just after the sums: the counters may move by at most that many.
  if (delta >= 0 && delta <= stored) return { kind: 'time', text: `time passed: ${stored} message(s) stored since the snapshot (${ctx.ageText} ago)` };
  // The totals are sums of the rooms' `msgs` counters (statistics.ts), not counts of stored messages.
  return {
    kind: 'drift',
    // save() sets createdAt after get() has summed: a message stored during the computation is in neither figure.
    text: `counter drift: the rooms’ msgs counters moved by ${delta} while ${stored} message(s) were stored since the snapshot (a room’s msgs counter against its stored messages, or messages stored while Rocket.Chat computed the snapshot)`,
  };
}

function createdCause(what: string, delta: number, created: number, ctx: CauseContext): Cause {
  if (delta === created) return { kind: 'time', text: `time passed: ${created} ${what} created since the snapshot (${ctx.ageText} ago)` };
  return { kind: 'changed', text: `changed since the snapshot (${ctx.ageText} ago): ${created} ${what} created, the rest (${delta - created}) deleted or changed` };
}

// Canonical text with null-valued keys dropped: tells "the same values, a field written as null" from a real change.
function withoutNulls(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner,
    ) ?? 'null'
  );
}

/** The likely cause of `path` differing; `top` is its top-level field. */
export function explain(path: string, ours: unknown, theirs: unknown, ctx: CauseContext): Cause {
  const top = path.split('.')[0] ?? path;
  const byVersion = versionCause(top, ctx);
  if (byVersion) return byVersion;
  if (SERVER_ZONE_DATES.has(top) && typeof ours === 'string' && typeof theirs === 'string' && Date.parse(ours) === Date.parse(theirs)) {
    return { kind: 'zone', text: 'the same instant: Rocket.Chat writes it with Date.toString() in its server’s time zone, the bot in its own' };
  }
  if (theirs === null && MESSAGE_TOTALS.has(top)) {
    // statistics.ts sums `msgs` in JavaScript: one room without a numeric counter makes the sum NaN, stored as null.
    return { kind: 'nan', text: 'Rocket.Chat stored no number: a room without a numeric msgs counter makes its sum NaN (statistics.ts); the bot sums the rooms that have one' };
  }
  if (withoutNulls(ours) === withoutNulls(theirs)) {
    // MongoDB's driver stores an undefined value (an absent setting, a missing group key) as null; the bot leaves it out.
    return { kind: 'null-field', text: 'the same values: Rocket.Chat wrote an absent value as null where the bot leaves the field out' };
  }
  if (ACTIVITY_DATES.has(top) && typeof ours === 'string' && Date.parse(ours) > ctx.snapshotAt.getTime()) {
    return { kind: 'time', text: `time passed: activity since the snapshot (${ctx.ageText} ago)` };
  }
  if (PRESENCE.has(top)) return { kind: 'presence', text: `presence changes minute by minute; the snapshot is ${ctx.ageText} old` };
  if (PROCESS.has(top)) return { kind: 'process', text: `a fact of the Rocket.Chat server process: it changes by itself (snapshot ${ctx.ageText} old)` };
  if (typeof ours === 'number' && typeof theirs === 'number') {
    const delta = ours - theirs;
    if (MESSAGE_TOTALS.has(top)) return messageCause(delta, ctx);
    if (top === 'totalUsers') return createdCause('user(s)', delta, ctx.since.users, ctx);
    const rooms = roomCount(top, ctx.since);
    if (rooms !== undefined) return createdCause('room(s)', delta, rooms, ctx);
    if (top === 'uploadsTotal') return createdCause('upload(s)', delta, ctx.since.uploads, ctx);
  }
  return { kind: 'changed', text: `changed since the snapshot (${ctx.ageText} ago)` };
}
