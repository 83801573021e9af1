/**
 * The hand-written rooms every size has: one room for each shape the statistics distinguish
 * (types c/p/d/l/v, discussions, teams, broadcast, encrypted, federated, archived, ABAC, counter
 * drift, a missing counter) and messages for each message edge case (threads, hidden edit history
 * that keeps `tcount`/pins/stars, pins and stars only on history copies, removal markers, e2e,
 * system messages, files, omnichannel on-hold, VoIP). `#general` also receives the generated share.
 */
import type { SeedContext, UserRef } from './context.js';
import { DAY, HOUR, MINUTE, ago, latest, yearMonth } from './context.js';
import type { LivechatParties, MessageDoc } from './messages.js';
import { encryptedMessage, fileMessage, fillerMessages, historyCopy, markEdited, pin, systemMessage, textMessage } from './messages.js';
import { type Rng, rngFor } from './random.js';
import type { Member, RoomBuild, RoomDoc } from './rooms.js';
import { directRoomId } from './rooms.js';
import { confirmedUpload, pendingUpload, type UploadDoc } from './uploads.js';
import type { SeedUser } from './users.js';
import { joinsRooms } from './users.js';

/** How many core rooms there are (the same in every size). */
export const CORE_ROOM_COUNT = 29;

/** Omnichannel records the core livechat rooms point at. */
export interface CoreOmnichannel {
  departments: { sales: string; legacy: string; unit: string };
  priorityId: string;
  slaId: string;
  inboxId: string;
  appId: string;
}

/** A livechat visitor as rooms embed it and `rocketchat_livechat_visitor` stores it. */
export interface Visitor extends UserRef {
  token: string;
  status: string;
}

/** The core rooms and the records that belong with them. */
export interface CoreRooms {
  /** `#general` is first: the rooms pass adds generated members and messages to it. */
  builds: RoomBuild[];
  teams: Record<string, unknown>[];
  teamMembers: Record<string, unknown>[];
  visitors: Record<string, unknown>[];
  matrixBridgedRooms: Record<string, unknown>[];
  adminRoomId: string;
  instanceIds: string[];
}

class CoreBuilder {
  readonly rng: Rng;
  readonly uploads: UploadDoc[] = [];
  private readonly byName = new Map<string, SeedUser>();

  constructor(
    readonly ctx: SeedContext,
    users: readonly SeedUser[],
    readonly instanceId: string,
  ) {
    this.rng = rngFor(ctx.seed, 'core-rooms');
    for (const user of users) this.byName.set(user.ref.username, user);
  }

  u(username: string): UserRef {
    const user = this.byName.get(username);
    if (!user) throw new Error(`core user "${username}" is not defined in users.ts`);
    return user.ref;
  }

  member(username: string, joinedAt: Date, roles?: string[], ls?: Date | null): Member {
    const member: Member = { user: this.u(username), joinedAt };
    if (roles) member.roles = roles;
    if (ls !== undefined) member.ls = ls;
    return member;
  }

  members(usernames: readonly string[], joinedAt: Date, owner = usernames[0]): Member[] {
    return usernames.map((name) => this.member(name, joinedAt, name === owner ? ['owner'] : undefined));
  }

  /** A channel or group document as `createRoom` writes it. */
  room(t: 'c' | 'p', name: string, creator: string, ts: Date, extra: Record<string, unknown> = {}): RoomDoc {
    const owner = this.u(creator);
    return { _id: this.rng.id(), t, name, fname: name, u: { _id: owner._id, username: owner.username }, ts, ro: false, default: false, sysMes: true, customFields: {}, ...extra };
  }

  filler(rid: string, count: number, authors: readonly string[], from: Date, options: { encrypted?: boolean; notices?: boolean; files?: boolean } = {}): MessageDoc[] {
    return fillerMessages(
      this.rng,
      {
        rid,
        count,
        from,
        to: ago(this.ctx, 15 * MINUTE),
        authors: authors.map((name) => this.u(name)),
        encrypted: options.encrypted,
        systemNotices: options.notices,
        files: options.files,
      },
      (file, message) => this.uploads.push(confirmedUpload(this.ctx, this.rng, file, message, this.instanceId)),
    );
  }

  text(rid: string, author: string, ts: Date, msg: string): MessageDoc {
    return textMessage(this.rng.id(), rid, this.u(author), ts, msg);
  }

  takeUploads(rid: string): UploadDoc[] {
    const mine = this.uploads.filter((u) => u.rid === rid);
    this.uploads.splice(0, this.uploads.length, ...this.uploads.filter((u) => u.rid !== rid));
    return mine;
  }
}

function visitorOf(rng: Rng, number: number, name: string, status: string): Visitor {
  return { _id: rng.id(), username: `guest-${number}`, name, token: rng.hex(32), status };
}

function visitorDoc(visitor: Visitor, ts: Date, extra: Record<string, unknown>): Record<string, unknown> {
  const { _id, token, username, name, status } = visitor;
  return { _id, token, username, name, status, ts, _updatedAt: ts, ...extra };
}

export function coreRooms(ctx: SeedContext, users: readonly SeedUser[], omni: CoreOmnichannel, instanceIds: string[]): CoreRooms {
  const instanceId = instanceIds[0] ?? 'unknown';
  const b = new CoreBuilder(ctx, users, instanceId);
  const { rng } = b;
  const installed = ctx.installedAt;
  const day = (n: number) => new Date(installed.getTime() + n * DAY);
  const builds: RoomBuild[] = [];
  const add = (build: Omit<RoomBuild, 'uploads'>) => builds.push({ ...build, uploads: b.takeUploads(build.doc._id) });
  const humans = ['admin', 'user', 'guest.and.user', 'totp.user', 'email2fa.user', 'agent.lena', 'google.user', 'ldap.user'];

  // #general, as Rocket.Chat's first boot creates it: fixed id, default, no creator. Every local user joins it.
  const generalMembers = users
    .filter((user) => joinsRooms(user.kind) || user.ref.username === 'infobot')
    .map((user) => ({ user: user.ref, joinedAt: latest(user.createdAt, installed) }) satisfies Member);
  const general: RoomDoc = { _id: 'GENERAL', t: 'c', name: 'general', ts: installed, ro: false, default: true, sysMes: true };
  const generalMessages = b.filler('GENERAL', 20, humans, day(1), { notices: true, files: true });

  // A discussion of #general, announced in #general with its counters.
  // Rocket.Chat names a discussion room with a random id and shows its title as fname.
  const discussion = b.room('c', rng.id(), 'admin', ago(ctx, 20 * DAY), { prid: 'GENERAL', fname: 'Release planning', topic: 'general' });
  const discussionId = discussion._id;
  const discussionMessages = b.filler(discussionId, 6, ['admin', 'user', 'guest.and.user'], ago(ctx, 20 * DAY));
  const lastDiscussion = latest(discussion.ts as Date, ...discussionMessages.map((m) => m.ts));
  generalMessages.push({
    ...systemMessage(rng.id(), 'GENERAL', 'discussion-created', b.u('admin'), ago(ctx, 20 * DAY), 'Release planning'),
    drid: discussionId,
    dcount: discussionMessages.filter((m) => !m._hidden).length,
    dlm: lastDiscussion,
  });

  // A thread: one parent, three replies by two people.
  const parent = b.text('GENERAL', 'admin', ago(ctx, 3 * DAY), 'Welcome thread: introduce yourselves here');
  const replies = (['user', 'guest.and.user', 'user'] as const).map((who, i) => ({
    ...b.text('GENERAL', who, ago(ctx, 3 * DAY - (i + 1) * HOUR), `Hello from ${who}`),
    tmid: parent._id,
  }));
  Object.assign(parent, { tcount: replies.length, tlm: replies[replies.length - 1]?.ts, replies: [b.u('user')._id, b.u('guest.and.user')._id] });
  // A pinned message and the notice Rocket.Chat posts about it.
  const pinned = b.text('GENERAL', 'admin', ago(ctx, 2 * DAY), 'Office hours are Tuesdays at 15:00 UTC');
  pin(pinned, b.u('admin'), ago(ctx, 2 * DAY - HOUR));
  const pinNotice = {
    ...systemMessage(rng.id(), 'GENERAL', 'message_pinned', b.u('admin'), ago(ctx, 2 * DAY - HOUR)),
    attachments: [{ text: pinned.msg, author_name: 'admin', author_icon: '/avatar/admin', ts: pinned.ts }],
  };
  // Starred by two users: one message, two stars.
  const starred = b.text('GENERAL', 'user', ago(ctx, 36 * HOUR), 'The new dashboard is live');
  starred.starred = [{ _id: b.u('admin')._id }, { _id: b.u('user')._id }];
  // A pinned message that was then deleted (with "show deleted status"): a removal marker that is still pinned.
  const removedPinned: MessageDoc = { _id: rng.id(), t: 'rm', rid: 'GENERAL', msg: '', ts: ago(ctx, 5 * DAY), u: b.u('user'), _updatedAt: ago(ctx, 5 * DAY - 30 * MINUTE) };
  pin(removedPinned, b.u('admin'), ago(ctx, 5 * DAY - HOUR));
  // A picture, stored and shown as a file message.
  const pictureFile = { _id: rng.id(), name: 'team-photo.png', type: 'image/png', size: 1_482_331, extension: 'png', typeGroup: 'image' };
  const picture = fileMessage(rng.id(), 'GENERAL', b.u('user'), ago(ctx, 4 * DAY), pictureFile, 'Offsite 2026');
  b.uploads.push(confirmedUpload(ctx, rng, pictureFile, picture, instanceId));
  generalMessages.push(
    parent,
    ...replies,
    pinned,
    pinNotice,
    starred,
    removedPinned,
    picture,
    systemMessage(rng.id(), 'GENERAL', 'uj', b.u('never.logged'), ago(ctx, 2 * DAY), 'never.logged'),
    systemMessage(rng.id(), 'GENERAL', 'ru', b.u('admin'), ago(ctx, 7 * DAY), 'bot.legacy'),
  );
  b.uploads.push(pendingUpload(ctx, rng, 'no-type', 'GENERAL', b.u('google.user'), instanceId));
  b.uploads.push(pendingUpload(ctx, rng, 'no-name', 'GENERAL', b.u('ldap.user'), instanceId));
  add({ doc: general, members: generalMembers, messages: generalMessages });
  add({ doc: discussion, members: b.members(['admin', 'user', 'guest.and.user'], ago(ctx, 20 * DAY)), messages: discussionMessages });

  // The bot's control room: the newest message of the workspace is the bot joining it.
  const adminRoom = b.room('c', 'infobot-admin', 'admin', ago(ctx, 10 * DAY));
  const adminRoomMessages = [
    systemMessage(rng.id(), adminRoom._id, 'uj', b.u('user'), ago(ctx, 10 * DAY - MINUTE), 'user'),
    ...b.filler(adminRoom._id, 6, ['admin', 'user'], ago(ctx, 10 * DAY)),
    systemMessage(rng.id(), adminRoom._id, 'uj', b.u('infobot'), ago(ctx, 5 * MINUTE), 'infobot'),
  ];
  b.uploads.push(pendingUpload(ctx, rng, 'uploading', adminRoom._id, b.u('user'), instanceId));
  b.uploads.push(pendingUpload(ctx, rng, 'no-size', adminRoom._id, b.u('admin'), instanceId));
  add({
    doc: adminRoom,
    members: [
      b.member('admin', ago(ctx, 10 * DAY), ['owner'], ago(ctx, 2 * MINUTE)),
      b.member('user', ago(ctx, 10 * DAY - MINUTE), undefined, ago(ctx, HOUR)),
      b.member('infobot', ago(ctx, 5 * MINUTE), undefined, ago(ctx, 5 * MINUTE)),
    ],
    messages: adminRoomMessages,
  });

  const announcements = b.room('c', 'announcements', 'admin', day(2), { broadcast: true, ro: true });
  add({
    doc: announcements,
    members: b.members(['admin', 'user', 'guest.and.user', 'totp.user', 'email2fa.user', 'never.logged'], day(2)),
    messages: b.filler(announcements._id, 5, ['admin'], day(2)),
  });

  // End-to-end encrypted group: ciphertext messages, one edited (its hidden copy is still t:'e2e').
  const secret = b.room('p', 'secret-project', 'admin', ago(ctx, 60 * DAY), { encrypted: true, e2eKeyId: rng.hex(12) });
  const secretMessages = b.filler(secret._id, 8, ['admin', 'user', 'totp.user', 'email2fa.user'], ago(ctx, 60 * DAY), { encrypted: true });
  const editedSecret = encryptedMessage(rng.id(), secret._id, b.u('user'), ago(ctx, 8 * DAY), rng);
  secretMessages.push(editedSecret, historyCopy(rng.id(), editedSecret, '', ago(ctx, 8 * DAY - MINUTE), b.u('user')));
  markEdited(editedSecret, '', ago(ctx, 8 * DAY - MINUTE), b.u('user'));
  const secretDiscussion = b.room('p', rng.id(), 'admin', ago(ctx, 30 * DAY), { prid: secret._id, fname: 'Key rotation' });
  const secretDiscussionMessages = b.filler(secretDiscussion._id, 3, ['admin', 'user'], ago(ctx, 30 * DAY));
  secretMessages.push({
    ...systemMessage(rng.id(), secret._id, 'discussion-created', b.u('admin'), ago(ctx, 30 * DAY), 'Key rotation'),
    drid: secretDiscussion._id,
    dcount: secretDiscussionMessages.length,
    dlm: latest(ago(ctx, 30 * DAY), ...secretDiscussionMessages.map((m) => m.ts)),
  });
  add({ doc: secret, members: b.members(['admin', 'user', 'totp.user', 'email2fa.user'], ago(ctx, 60 * DAY)), messages: secretMessages });
  add({ doc: secretDiscussion, members: b.members(['admin', 'user'], ago(ctx, 30 * DAY)), messages: secretDiscussionMessages });

  // Counter drift: retention pruned old messages but `msgs` kept counting them.
  const pruned = b.room('c', 'pruned-history', 'admin', day(20));
  add({ doc: pruned, members: b.members(['admin', 'user', 'ldap.user'], day(20)), messages: b.filler(pruned._id, 12, ['admin', 'user', 'ldap.user'], day(20)), drift: 40 });

  const prunedSupport = b.room('p', 'pruned-support', 'agent.lena', day(45));
  add({ doc: prunedSupport, members: b.members(['agent.lena', 'manager.oskar'], day(45)), messages: b.filler(prunedSupport._id, 4, ['agent.lena', 'manager.oskar'], day(45)), drift: 7 });

  // Written by an old importer: no `msgs` field at all.
  const imported = b.room('p', 'legacy-import', 'admin', day(25), { importIds: ['slack-C024BE91L'] });
  add({ doc: imported, members: b.members(['admin', 'user', 'no.active.field'], day(25)), messages: b.filler(imported._id, 5, ['admin', 'user'], day(25)), withoutMsgs: true });

  // Teams: a public and a private one, each with rooms inside (default or not).
  const teams: Record<string, unknown>[] = [];
  const teamMembers: Record<string, unknown>[] = [];
  const team = (name: string, type: 0 | 1, memberNames: string[], created: Date) => {
    const teamId = rng.id();
    const main = b.room(type === 0 ? 'c' : 'p', name, 'admin', created, { teamMain: true, teamId });
    teams.push({ _id: teamId, name, type, roomId: main._id, createdBy: { _id: b.u('admin')._id, username: 'admin' }, createdAt: created, _updatedAt: created });
    for (const memberName of memberNames) {
      const doc: Record<string, unknown> = { _id: rng.id(), teamId, userId: b.u(memberName)._id, createdBy: { _id: b.u('admin')._id, username: 'admin' }, createdAt: created, _updatedAt: created };
      if (memberName === 'admin') doc.roles = ['owner'];
      teamMembers.push(doc);
    }
    add({ doc: main, members: b.members(memberNames, created), messages: b.filler(main._id, memberNames.length + 1, memberNames, created) });
    return teamId;
  };
  const engineering = team('engineering', 0, ['admin', 'user', 'totp.user', 'ldap.user', 'google.user'], day(100));
  const leadership = team('leadership', 1, ['admin', 'manager.oskar', 'support.lead'], day(110));

  // A thread parent edited after its replies: the history copy keeps tcount, so totalThreads counts it too.
  const backend = b.room('c', 'eng-backend', 'admin', day(101), { teamId: engineering, teamDefault: true });
  const backendMessages = b.filler(backend._id, 5, ['admin', 'user', 'totp.user'], day(101));
  const threadParent = b.text(backend._id, 'admin', ago(ctx, 6 * DAY), 'Deploy checklist for v2');
  const threadReplies = (['user', 'totp.user'] as const).map((who, i) => ({ ...b.text(backend._id, who, ago(ctx, 6 * DAY - (i + 1) * HOUR), 'Done on my side'), tmid: threadParent._id }));
  Object.assign(threadParent, { tcount: 2, tlm: threadReplies[1]?.ts, replies: [b.u('user')._id, b.u('totp.user')._id] });
  backendMessages.push(threadParent, ...threadReplies, historyCopy(rng.id(), threadParent, 'Deploy checklist', ago(ctx, 5 * DAY), b.u('admin')));
  markEdited(threadParent, 'Deploy checklist for v2', ago(ctx, 5 * DAY), b.u('admin'));
  add({ doc: backend, members: b.members(['admin', 'user', 'totp.user'], day(101)), messages: backendMessages });

  // Starred, edited, then unstarred: only the hidden copy still has a star.
  const frontend = b.room('c', 'eng-frontend', 'admin', day(102), { teamId: engineering });
  const frontendMessages = b.filler(frontend._id, 4, ['admin', 'user', 'google.user'], day(102));
  const onceStarred = b.text(frontend._id, 'google.user', ago(ctx, 9 * DAY), 'Design tokens merged');
  onceStarred.starred = [{ _id: b.u('user')._id }];
  frontendMessages.push(onceStarred, historyCopy(rng.id(), onceStarred, 'Design tokens mergd', ago(ctx, 9 * DAY - MINUTE), b.u('google.user')));
  markEdited(onceStarred, 'Design tokens merged', ago(ctx, 9 * DAY - MINUTE), b.u('google.user'));
  onceStarred.starred = [];
  add({ doc: frontend, members: b.members(['admin', 'user', 'google.user'], day(102)), messages: frontendMessages });

  // Pinned, edited, then unpinned: only the hidden copy is still pinned.
  const budget = b.room('p', 'leadership-budget', 'admin', day(111), { teamId: leadership, teamDefault: false });
  const budgetMessages = b.filler(budget._id, 3, ['admin', 'manager.oskar'], day(111));
  const oncePinned = b.text(budget._id, 'manager.oskar', ago(ctx, 12 * DAY), 'Q3 budget draft');
  pin(oncePinned, b.u('admin'), ago(ctx, 12 * DAY - HOUR));
  budgetMessages.push(oncePinned, historyCopy(rng.id(), oncePinned, 'Q3 budget drft', ago(ctx, 11 * DAY), b.u('manager.oskar')));
  markEdited(oncePinned, 'Q3 budget draft', ago(ctx, 11 * DAY), b.u('manager.oskar'));
  oncePinned.pinned = false;
  add({ doc: budget, members: b.members(['admin', 'manager.oskar'], day(111)), messages: budgetMessages });

  // Direct messages: 1:1 (id = sorted user ids), with rocket.cat, with the bot, a group DM, a self DM, an OTR one.
  const direct = (names: string[], created: Date, count: number, extra: Record<string, unknown> = {}, authors = names) => {
    const refs = names.map((n) => b.u(n));
    const uids = [...new Set(refs.map((r) => r._id))];
    const _id = uids.length > 2 ? rng.id() : directRoomId(uids);
    const doc: RoomDoc = { _id, t: 'd', uids, usernames: [...new Set(refs.map((r) => r.username))], ts: created, ...extra };
    const messages = b.filler(_id, count, authors, created);
    const members = [...new Set(names)].map((n) => b.member(n, created));
    return { doc, members, messages };
  };
  const adminUser = direct(['admin', 'user'], ago(ctx, 50 * DAY), 6);
  const dmStar = b.text(adminUser.doc._id, 'user', ago(ctx, 3 * DAY), 'Can you review my access request?');
  dmStar.starred = [{ _id: b.u('admin')._id }];
  adminUser.messages.push(dmStar);
  add(adminUser);
  add(direct(['admin', 'rocket.cat'], installed, 2, {}, ['rocket.cat']));
  add(direct(['user', 'infobot'], ago(ctx, 4 * DAY), 2));
  add(direct(['admin', 'user', 'totp.user'], ago(ctx, 40 * DAY), 3));
  add(direct(['admin'], ago(ctx, 90 * DAY), 1));
  add(direct(['guest.and.user', 'email2fa.user'], ago(ctx, 33 * DAY), 2, { createdOTR: true }));

  // Omnichannel: open and on hold, closed with a transcript, queued from e-mail, from an app with a WebRTC call.
  const thisMonth = yearMonth(ctx.now);
  const lastMonth = yearMonth(ago(ctx, 31 * DAY));
  const visitors: Record<string, unknown>[] = [];
  const livechat = (visitor: Visitor, agentName: string | undefined, created: Date, count: number, extra: Record<string, unknown>, activity: string[]) => {
    const _id = rng.id();
    const agent = agentName ? b.u(agentName) : undefined;
    const doc: RoomDoc = {
      _id,
      t: 'l',
      fname: visitor.name,
      ts: created,
      v: { _id: visitor._id, username: visitor.username, token: visitor.token, status: visitor.status, activity, lastMessageTs: ago(ctx, HOUR) },
      cl: false,
      open: true,
      queuedAt: created,
      waitingResponse: !agent,
      ...extra,
    };
    if (agent) doc.servedBy = { _id: agent._id, username: agent.username, ts: new Date(created.getTime() + MINUTE) };
    const parties: LivechatParties = { visitor: { _id: visitor._id, username: visitor.username, name: visitor.name, token: visitor.token }, agent };
    const messages = fillerMessages(rng, { rid: _id, count, from: created, to: ago(ctx, 20 * MINUTE), authors: [agent ?? visitor], livechat: parties }, () => {});
    const visitorExtra: Record<string, unknown> = { lastChat: { _id, ts: created }, activity };
    if (extra.departmentId) visitorExtra.department = extra.departmentId;
    visitors.push(visitorDoc(visitor, created, visitorExtra));
    return { doc, messages, agent };
  };
  const v1 = visitorOf(rng, 1, 'Maria Visitor', 'online');
  const open = livechat(v1, 'agent.lena', ago(ctx, 2 * HOUR), 6, { source: { type: 'widget' }, departmentId: omni.departments.sales, priorityId: omni.priorityId, slaId: omni.slaId, onHold: true }, [thisMonth]);
  open.messages.push(systemMessage(rng.id(), open.doc._id, 'omnichannel_placed_chat_on_hold', b.u('agent.lena'), ago(ctx, 18 * MINUTE), ''));
  add({ doc: open.doc, members: [b.member('agent.lena', ago(ctx, 2 * HOUR))], messages: open.messages, visitor: v1 });

  const v2 = visitorOf(rng, 2, 'Paulo Visitor', 'offline');
  const transcript = { _id: rng.id(), name: 'Transcript.pdf', type: 'application/pdf', size: 48_213, extension: 'pdf', typeGroup: 'application' };
  const closed = livechat(
    v2,
    'admin.agent',
    ago(ctx, 40 * DAY),
    4,
    {
      source: { type: 'api', alias: 'crm-bridge' },
      departmentId: omni.departments.legacy,
      cl: true,
      closedAt: ago(ctx, 8 * DAY),
      closer: 'user',
      closedBy: { _id: b.u('admin.agent')._id, username: 'admin.agent' },
      pdfTranscriptFileId: transcript._id,
    },
    [lastMonth, thisMonth],
  );
  delete closed.doc.open;
  closed.messages.push(systemMessage(rng.id(), closed.doc._id, 'livechat-close', b.u('admin.agent'), ago(ctx, 8 * DAY), 'Resolved'));
  const transcriptOwner: MessageDoc = { _id: transcript._id, rid: closed.doc._id, ts: ago(ctx, 8 * DAY), u: b.u('admin.agent') };
  b.uploads.push(confirmedUpload(ctx, rng, transcript, transcriptOwner, instanceId));
  // A closed chat has no subscriptions left: Rocket.Chat removes them on close.
  add({ doc: closed.doc, members: [], messages: closed.messages, visitor: v2 });

  const v3 = visitorOf(rng, 3, 'Queued Visitor', 'online');
  const queued = livechat(v3, undefined, ago(ctx, 25 * MINUTE), 1, { source: { type: 'email', id: omni.inboxId, alias: 'support@example.com' } }, [thisMonth]);
  add({ doc: queued.doc, members: [], messages: queued.messages, visitor: v3 });

  const v4 = visitorOf(rng, 4, 'App Visitor', 'away');
  const fromApp = livechat(v4, 'agent.lena', ago(ctx, 6 * DAY), 2, { source: { type: 'app', id: omni.appId, alias: 'WhatsApp', label: 'WhatsApp' }, callStatus: 'ended' }, [thisMonth]);
  add({ doc: fromApp.doc, members: [b.member('agent.lena', ago(ctx, 6 * DAY))], messages: fromApp.messages, visitor: v4 });

  const v5 = visitorOf(rng, 5, 'Caller Visitor', 'offline');
  visitors.push(visitorDoc(v5, ago(ctx, 15 * DAY), { phone: [{ phoneNumber: '+15550100' }] }));
  // A visitor who never chatted.
  visitors.push(visitorDoc(visitorOf(rng, 6, 'Silent Visitor', 'offline'), ago(ctx, 70 * DAY), { visitorEmails: [{ address: 'silent@example.org' }] }));

  // VoIP (7.0): a call room and its wrap-up, error and hold notices.
  const voipRoomId = rng.id();
  const voipAgent = b.u('voip.user');
  const voipRoom: RoomDoc = {
    _id: voipRoomId,
    t: 'v',
    name: v5.username,
    fname: v5.name,
    ts: ago(ctx, 15 * DAY),
    v: { _id: v5._id, username: v5.username, token: v5.token },
    servedBy: { _id: voipAgent._id, username: voipAgent.username, ts: ago(ctx, 15 * DAY) },
    callUniqueId: `${rng.int(1_600_000_000, 1_700_000_000)}.${rng.int(1, 99)}`,
    callStatus: 'ended',
    open: false,
  };
  add({
    doc: voipRoom,
    members: [b.member('voip.user', ago(ctx, 15 * DAY))],
    messages: [
      systemMessage(rng.id(), voipRoomId, 'voip-call-on-hold', voipAgent, ago(ctx, 15 * DAY - 2 * MINUTE)),
      systemMessage(rng.id(), voipRoomId, 'voip-call-ended-unexpectedly', voipAgent, ago(ctx, 15 * DAY - 3 * MINUTE)),
      systemMessage(rng.id(), voipRoomId, 'voip-call-wrapup', voipAgent, ago(ctx, 15 * DAY - 5 * MINUTE), 'Customer asked about invoices'),
    ],
  });

  // Federated rooms (Matrix bridge): the biggest and the smallest by usersCount.
  const lounge = b.room('c', 'matrix-lounge', 'admin', day(200), { federated: true });
  const loungeMembers = ['admin', 'user', '@alice:matrix.example.org', 'google.user', 'ldap.user'];
  add({ doc: lounge, members: b.members(loungeMembers, day(200)), messages: b.filler(lounge._id, 4, loungeMembers, day(200)) });
  const fedSmall = b.room('p', 'fed-small', 'admin', day(210), { federated: true });
  add({ doc: fedSmall, members: b.members(['admin', '@alice:matrix.example.org'], day(210)), messages: b.filler(fedSmall._id, 2, ['admin', '@alice:matrix.example.org'], day(210)) });
  const matrixBridgedRooms = [
    { _id: rng.id(), rid: lounge._id, mri: `!${rng.id(18)}:matrix.example.org`, fromServer: 'matrix.example.org' },
    { _id: rng.id(), rid: fedSmall._id, mri: `!${rng.id(18)}:${new URL(ctx.siteUrl).hostname}`, fromServer: new URL(ctx.siteUrl).hostname },
  ];

  // ABAC (8.x): an enrolled room, and an archived one that no longer counts.
  const abacAttributes = [{ key: 'department', values: ['engineering'] }];
  const abac = b.room('p', 'abac-room', 'admin', day(300), { abacAttributes });
  add({ doc: abac, members: b.members(['admin', 'totp.user'], day(300)), messages: b.filler(abac._id, 2, ['admin', 'totp.user'], day(300)) });
  const archived = b.room('c', 'old-archive', 'admin', day(5), { archived: true, abacAttributes });
  add({ doc: archived, members: b.members(['admin', 'user'], day(5)), messages: b.filler(archived._id, 3, ['admin', 'user'], day(5)) });

  if (builds.length !== CORE_ROOM_COUNT) throw new Error(`CORE_ROOM_COUNT is ${CORE_ROOM_COUNT} but ${builds.length} core rooms are defined`);
  if (b.uploads.length > 0) throw new Error('a core upload points at a room that was not added');
  return { builds, teams, teamMembers, visitors, matrixBridgedRooms, adminRoomId: adminRoom._id, instanceIds };
}
