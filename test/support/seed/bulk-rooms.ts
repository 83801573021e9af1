/**
 * Generated rooms for the sizes above `tiny`: channels, groups, direct messages, discussions, teams
 * and their rooms, omnichannel and VoIP rooms, with members drawn from the generated users and a
 * share of the planned messages. Room `index` always produces the same room for a given seed.
 */
import type { SeedContext, UserRef } from './context.js';
import { DAY, HOUR, MINUTE, WORKSPACE_AGE, ago, between, yearMonth } from './context.js';
import type { CoreOmnichannel, Visitor } from './core-rooms.js';
import type { FileRef, MessageDoc } from './messages.js';
import { fillerMessages, systemMessage } from './messages.js';
import { type BulkRoomKind, bulkRoomKindAt, bulkRoomTotal, type SeedPlan } from './plan.js';
import { type Rng, rngFor } from './random.js';
import type { Member, RoomBuild, RoomDoc } from './rooms.js';
import { directRoomId } from './rooms.js';
import type { UserKind } from './users.js';
import { pendingUpload, type PendingShape, confirmedUpload } from './uploads.js';
import { ROOM_WORDS, TEAM_WORDS, WORDS } from './words.js';

/** The generated users, kept compact: what rooms need to pick members. */
export interface Population {
  refs: UserRef[];
  kinds: UserKind[];
  createdAt: number[];
  /** Indexes of users who join ordinary rooms. */
  eligible: number[];
  /** Livechat agents (core and generated) who serve omnichannel rooms. */
  agents: UserRef[];
}

/** Everything shared by the generated rooms. */
export interface BulkWorld {
  ctx: SeedContext;
  population: Population;
  omni: CoreOmnichannel;
  instanceId: string;
  /** Visible messages planned per generated room. */
  messageCounts: Int32Array;
  /** Visible messages `#general` receives beyond its core ones. */
  generalMessages: number;
  /** Direct-room pairs already used (a pair has one direct room). */
  directPairs: Set<string>;
}

/** The generated room's id without generating the room (discussions point at their parent). */
export function bulkRoomId(ctx: SeedContext, index: number): string {
  return rngFor(ctx.seed, 'bulk-room', index).id();
}

export function bulkTeamId(ctx: SeedContext, team: number): string {
  return rngFor(ctx.seed, 'bulk-team', team).id();
}

const KIND_WEIGHT: Record<BulkRoomKind, number> = { c: 2, p: 2, d: 1, discussion: 1, team: 2, teamRoom: 2, l: 0.5, v: 0 };

/** Splits the planned messages: 5% (plus rounding) to `#general`, the rest by a skewed weight per room. */
export function allocateMessages(ctx: SeedContext, plan: SeedPlan): { counts: Int32Array; general: number } {
  const total = bulkRoomTotal(plan);
  const counts = new Int32Array(total);
  const weights = new Float64Array(total);
  let sum = 0;
  for (let i = 0; i < total; i++) {
    const r = rngFor(ctx.seed, 'bulk-room-weight', i).next();
    weights[i] = KIND_WEIGHT[bulkRoomKindAt(plan, i)] * (0.05 + r ** 3);
    sum += weights[i] ?? 0;
  }
  const general = Math.floor(plan.bulkMessages * 0.05);
  const shared = plan.bulkMessages - general;
  let assigned = 0;
  for (let i = 0; i < total && sum > 0; i++) {
    counts[i] = Math.floor((shared * (weights[i] ?? 0)) / sum);
    assigned += counts[i] ?? 0;
  }
  return { counts, general: plan.bulkMessages - assigned };
}

function pickMembers(world: BulkWorld, rng: Rng, count: number, roomTs: Date): Member[] {
  const { eligible, refs, createdAt } = world.population;
  const wanted = Math.min(count, eligible.length);
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(eligible[Math.floor(rng.next() * eligible.length)] ?? 0);
  return [...chosen].map((i) => ({ user: refs[i] as UserRef, joinedAt: new Date(Math.max(roomTs.getTime(), createdAt[i] ?? 0)) }));
}

function roomName(rng: Rng, index: number): string {
  return `${rng.pick(ROOM_WORDS)}-${rng.pick(WORDS)}-${index}`;
}

/** What the rooms pass must write besides the room itself. */
export interface BulkExtras {
  team?: Record<string, unknown>;
  teamMembers?: Record<string, unknown>[];
  visitor?: Record<string, unknown>;
}

export function bulkRoom(world: BulkWorld, index: number): { build: RoomBuild; extras: BulkExtras } {
  const { ctx } = world;
  const plan = ctx.plan;
  const rng = rngFor(ctx.seed, 'bulk-room', index);
  const _id = rng.id();
  const kind = bulkRoomKindAt(plan, index);
  const ts = between(new Date(ctx.now.getTime() - WORKSPACE_AGE + DAY), ago(ctx, 2 * HOUR), rng.next());
  const count = world.messageCounts[index] ?? 0;
  const uploads: RoomBuild['uploads'] = [];
  const onFile = (file: FileRef, message: MessageDoc) => uploads.push(confirmedUpload(ctx, rng, file, message, world.instanceId));
  const messagesFor = (members: Member[], options: { encrypted?: boolean; notices?: boolean }) =>
    fillerMessages(rng, { rid: _id, count, from: ts, to: ago(ctx, 15 * MINUTE), authors: members.map((m) => m.user), encrypted: options.encrypted, systemNotices: options.notices, files: !options.encrypted }, onFile);

  if (kind === 'd') return { build: directRoom(world, rng, _id, ts, count, onFile, uploads), extras: {} };
  if (kind === 'l' || kind === 'v') return omnichannelRoom(world, rng, _id, kind, ts, count);

  const members = pickMembers(world, rng, 2 + Math.floor(rng.next() ** 4 * 60), ts);
  const owner = members[0];
  if (owner) owner.roles = ['owner'];
  const u = owner ? { _id: owner.user._id, username: owner.user.username } : { _id: 'rocket.cat', username: 'rocket.cat' };
  let t: 'c' | 'p' = kind === 'p' ? 'p' : 'c';
  const doc: RoomDoc = { _id, t, name: roomName(rng, index), fname: '', u, ts, ro: false, default: false, sysMes: true, customFields: {} };
  doc.fname = doc.name;
  const extras: BulkExtras = {};
  if (kind === 'discussion') {
    const parents = plan.bulkRooms.c + plan.bulkRooms.p;
    const parentIndex = parents > 0 ? rng.int(0, parents - 1) : -1;
    doc.prid = parentIndex >= 0 ? bulkRoomId(ctx, parentIndex) : 'GENERAL';
    t = parentIndex >= plan.bulkRooms.c ? 'p' : 'c';
    doc.t = t;
    doc.name = rng.id();
    doc.fname = `${rng.pick(WORDS)} ${rng.pick(WORDS)} discussion`;
  } else if (kind === 'team') {
    const team = index - (plan.bulkRooms.c + plan.bulkRooms.p + plan.bulkRooms.d + plan.bulkRooms.discussion);
    const teamId = bulkTeamId(ctx, team);
    t = rng.chance(0.3) ? 'p' : 'c';
    doc.t = t;
    doc.name = `team-${rng.pick(TEAM_WORDS)}-${team}`;
    doc.fname = doc.name;
    doc.teamMain = true;
    doc.teamId = teamId;
    extras.team = { _id: teamId, name: doc.name, type: t === 'c' ? 0 : 1, roomId: _id, createdBy: u, createdAt: ts, _updatedAt: ts };
    extras.teamMembers = members.map((m) => {
      const member: Record<string, unknown> = { _id: rng.id(), teamId, userId: m.user._id, createdBy: u, createdAt: m.joinedAt, _updatedAt: m.joinedAt };
      if (m.roles) member.roles = m.roles;
      return member;
    });
  } else if (kind === 'teamRoom') {
    doc.teamId = bulkTeamId(ctx, index % Math.max(1, plan.bulkRooms.team));
    if (rng.chance(0.3)) doc.teamDefault = true;
    if (rng.chance(0.4)) t = 'p';
    doc.t = t;
  } else {
    if (rng.chance(0.02)) Object.assign(doc, { broadcast: true, ro: true });
    if (rng.chance(0.02)) doc.archived = true;
  }
  const encrypted = t === 'p' && kind !== 'team' && rng.chance(0.1);
  if (encrypted) Object.assign(doc, { encrypted: true, e2eKeyId: rng.hex(12) });
  const messages = messagesFor(members, { encrypted, notices: true });
  if (owner && rng.chance(0.02)) {
    const shapes: PendingShape[] = ['uploading', 'no-size', 'no-type', 'no-name'];
    uploads.push(pendingUpload(ctx, rng, rng.pick(shapes), _id, owner.user, world.instanceId));
  }
  return { build: { doc, members, messages, uploads }, extras };
}

function directRoom(world: BulkWorld, rng: Rng, randomId: string, ts: Date, count: number, onFile: (file: FileRef, message: MessageDoc) => void, uploads: RoomBuild['uploads']): RoomBuild {
  let members = pickMembers(world, rng, 2, ts);
  let _id = directRoomId(members.map((m) => m.user._id));
  for (let attempt = 0; members.length === 2 && world.directPairs.has(_id) && attempt < 10; attempt++) {
    members = pickMembers(world, rng, 2, ts);
    _id = directRoomId(members.map((m) => m.user._id));
  }
  if (members.length !== 2 || world.directPairs.has(_id) || rng.chance(0.05)) {
    // A group DM (or a pair that already has its room): a random id, as Rocket.Chat gives rooms of 3+.
    members = pickMembers(world, rng, rng.int(3, 5), ts);
    _id = randomId;
  }
  world.directPairs.add(_id);
  const doc: RoomDoc = { _id, t: 'd', uids: members.map((m) => m.user._id), usernames: members.map((m) => m.user.username), ts };
  const messages = fillerMessages(rng, { rid: _id, count, from: ts, to: ago(world.ctx, 15 * MINUTE), authors: members.map((m) => m.user), files: true }, onFile);
  return { doc, members, messages, uploads };
}

const SOURCES: readonly (readonly [Record<string, unknown>, number])[] = [
  [{ type: 'widget' }, 0.6],
  [{ type: 'email', alias: 'support@example.com' }, 0.1],
  [{ type: 'api', alias: 'crm-bridge' }, 0.1],
  [{ type: 'app', alias: 'WhatsApp', label: 'WhatsApp' }, 0.1],
  [{ type: 'sms' }, 0.1],
];

function omnichannelRoom(world: BulkWorld, rng: Rng, _id: string, kind: 'l' | 'v', ts: Date, count: number): { build: RoomBuild; extras: BulkExtras } {
  const { ctx } = world;
  const number = 1000 + rng.int(0, 9_000_000);
  const visitor: Visitor = { _id: rng.id(), username: `guest-${number}`, name: `Visitor ${number}`, token: rng.hex(32), status: rng.pick(['online', 'offline', 'away']) };
  const agent = world.population.agents.length > 0 && rng.chance(0.9) ? rng.pick(world.population.agents) : undefined;
  const activity = [yearMonth(ts)];
  if (yearMonth(ctx.now) !== activity[0] && rng.chance(0.3)) activity.push(yearMonth(ctx.now));
  const visitorDoc = { _id: visitor._id, token: visitor.token, username: visitor.username, name: visitor.name, status: visitor.status, ts, _updatedAt: ts, lastChat: { _id, ts }, activity };
  const served = agent ? { servedBy: { _id: agent._id, username: agent.username, ts: new Date(ts.getTime() + MINUTE) } } : {};
  if (kind === 'v') {
    const doc: RoomDoc = { _id, t: 'v', name: visitor.username, fname: visitor.name, ts, v: { _id: visitor._id, username: visitor.username, token: visitor.token }, callStatus: rng.pick(['ended', 'hangup']), open: false, ...served };
    const messages: MessageDoc[] = [];
    return { build: { doc, members: agent ? [{ user: agent, joinedAt: ts }] : [], messages, uploads: [] }, extras: { visitor: visitorDoc } };
  }
  const open = !!agent && rng.chance(0.3);
  const source = { ...rng.weighted(SOURCES) };
  const doc: RoomDoc = {
    _id,
    t: 'l',
    fname: visitor.name,
    ts,
    v: { _id: visitor._id, username: visitor.username, token: visitor.token, status: visitor.status, activity },
    cl: !open && !!agent,
    queuedAt: ts,
    waitingResponse: !agent,
    source,
    ...served,
  };
  if (open || !agent) doc.open = true;
  if (rng.chance(0.6)) doc.departmentId = world.omni.departments.sales;
  if (rng.chance(0.05)) doc.priorityId = world.omni.priorityId;
  if (rng.chance(0.05)) doc.slaId = world.omni.slaId;
  if (agent && !open) {
    Object.assign(doc, { closedAt: ago(ctx, rng.int(1, 60 * 24) * MINUTE), closer: rng.pick(['user', 'visitor']), closedBy: { _id: agent._id, username: agent.username } });
    if (rng.chance(0.05)) doc.pdfTranscriptFileId = rng.id();
  }
  const messages = fillerMessages(rng, { rid: _id, count, from: ts, to: ago(ctx, 15 * MINUTE), authors: [agent ?? visitor], livechat: { visitor, agent } }, () => {});
  if (open && rng.chance(0.1) && messages.length > 0 && agent) {
    // Put on hold: the notice replaces the last generated message so that the count stays as planned.
    const last = messages.pop() as MessageDoc;
    doc.onHold = true;
    messages.push(systemMessage(last._id, _id, 'omnichannel_placed_chat_on_hold', agent, last.ts));
  }
  const members = open && agent ? [{ user: agent, joinedAt: ts }] : [];
  return { build: { doc, members, messages, uploads: [], visitor }, extras: { visitor: visitorDoc } };
}
