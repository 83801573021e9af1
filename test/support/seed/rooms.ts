/**
 * Turns a room, its members and its generated messages into the documents Rocket.Chat keeps
 * consistent with each other: the room's `msgs`, `usersCount`, `lm` and `lastMessage`, and one
 * `rocketchat_subscription` per member with `ls`, `unread` and `alert` matching the messages.
 */
import type { SeedContext, UserRef } from './context.js';
import { MINUTE, between } from './context.js';
import type { MessageDoc } from './messages.js';
import type { Rng } from './random.js';
import type { UploadDoc } from './uploads.js';

/** A room member: when they joined, their room roles, and `ls` (null: never opened the room). */
export interface Member {
  user: UserRef;
  joinedAt: Date;
  roles?: string[];
  ls?: Date | null;
}

export type RoomDoc = Record<string, unknown> & { _id: string; t: string };

/** Everything generated for one room, before the counters are derived. */
export interface RoomBuild {
  doc: RoomDoc;
  members: Member[];
  messages: MessageDoc[];
  uploads: UploadDoc[];
  /** Messages pruned without the counter following: `msgs` is this much higher than what is stored. */
  drift?: number;
  /** Write no `msgs` field (rooms written by old importers). */
  withoutMsgs?: boolean;
  /** Livechat subscriptions carry the visitor. */
  visitor?: UserRef & { token: string; status: string };
}

/** The room's documents, ready to write. */
export interface FinishedRoom {
  room: RoomDoc;
  subscriptions: Record<string, unknown>[];
  messages: MessageDoc[];
  uploads: UploadDoc[];
  /** Timestamps of the messages `msgs` counts, for the statistics snapshots. */
  visibleTimes: number[];
}

function isVisible(message: MessageDoc): boolean {
  return message._hidden !== true;
}

function subscriptionNames(build: RoomBuild, member: Member): { name: string; fname?: string } {
  const { doc } = build;
  if (doc.t === 'd') {
    const others = build.members.filter((m) => m.user._id !== member.user._id).map((m) => m.user);
    const shown = others.length > 0 ? others : [member.user];
    return { name: shown.map((u) => u.username).join(', '), fname: shown.map((u) => u.name).join(', ') };
  }
  if (doc.t === 'l' && build.visitor) return { name: build.visitor.username, fname: build.visitor.name };
  const name = String(doc.name ?? doc.fname ?? doc._id);
  return doc.fname ? { name, fname: String(doc.fname) } : { name };
}

/** Counts, per member, the top-level messages of others after their `ls`. */
class UnreadCounter {
  private readonly all: number[];
  private readonly byAuthor = new Map<string, number[]>();

  constructor(messages: readonly MessageDoc[]) {
    // What a member reads: people's messages (encrypted ones too), not notices nor thread replies.
    const counted = messages.filter((m) => isVisible(m) && (!m.t || m.t === 'e2e') && !m.tmid);
    this.all = counted.map((m) => m.ts.getTime()).sort((a, b) => a - b);
    for (const m of counted) {
      const list = this.byAuthor.get(m.u._id) ?? [];
      list.push(m.ts.getTime());
      this.byAuthor.set(m.u._id, list);
    }
    for (const list of this.byAuthor.values()) list.sort((a, b) => a - b);
  }

  unreadFor(userId: string, since: number): number {
    return countAfter(this.all, since) - countAfter(this.byAuthor.get(userId) ?? [], since);
  }
}

function countAfter(sorted: readonly number[], since: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= since) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

export function finishRoom(ctx: SeedContext, rng: Rng, build: RoomBuild): FinishedRoom {
  const room: RoomDoc = { ...build.doc };
  const visible = build.messages.filter(isVisible);
  const visibleTimes = visible.map((m) => m.ts.getTime());
  if (!build.withoutMsgs) room.msgs = visible.length + (build.drift ?? 0);
  room.usersCount = build.members.length;
  const last = visible.filter((m) => !m.tmid || m.tshow).reduce<MessageDoc | undefined>((a, m) => (!a || m.ts > a.ts ? m : a), undefined);
  if (last) {
    room.lm = last.ts;
    room.lastMessage = last;
  }
  const created = room.ts as Date;
  room._updatedAt = last && last.ts > created ? last.ts : created;

  const unread = new UnreadCounter(build.messages);
  const subscriptions = build.members.map((member) => {
    const ls = member.ls === undefined ? (rng.chance(0.85) ? between(member.joinedAt, new Date(ctx.now.getTime() - MINUTE), 1 - rng.next() ** 3) : null) : member.ls;
    const since = (ls ?? member.joinedAt).getTime();
    const count = unread.unreadFor(member.user._id, since);
    const sub: Record<string, unknown> = {
      _id: rng.id(),
      open: true,
      alert: count > 0,
      unread: count,
      userMentions: 0,
      groupMentions: 0,
      ts: member.joinedAt,
      rid: room._id,
      ...subscriptionNames(build, member),
      t: room.t,
      u: member.user,
      _updatedAt: ls && ls > member.joinedAt ? ls : member.joinedAt,
    };
    if (ls) sub.ls = ls;
    if (member.roles && member.roles.length > 0) sub.roles = member.roles;
    if (room.prid) sub.prid = room.prid;
    if (room.teamMain) {
      sub.teamMain = true;
      sub.teamId = room.teamId;
    }
    if (room.encrypted) sub.encrypted = true;
    if (room.broadcast) sub.broadcast = true;
    if (room.archived) {
      sub.archived = true;
      sub.open = false;
    }
    if (room.t === 'l' && build.visitor) {
      const { _id, username, name, token, status } = build.visitor;
      sub.v = { _id, username, name, token, status };
      if (room.onHold) sub.onHold = true;
    }
    return sub;
  });
  return { room, subscriptions, messages: build.messages, uploads: build.uploads, visibleTimes };
}

/** Rocket.Chat's id for a direct room between users: their ids sorted and concatenated. */
export function directRoomId(userIds: readonly string[]): string {
  return [...userIds].sort().join('');
}
