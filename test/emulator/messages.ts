/**
 * Messages as Rocket.Chat stores them: insert into `rocketchat_message`, then the afterSaveMessage work
 * (room `msgs`/`lm`/`lastMessage`/`_updatedAt`, members' subscriptions, thread parent `tcount`/`tlm`/`replies`),
 * and a `message` event for every insert and update so the streams re-emit it.
 * Sources: lib/server/methods/sendMessage.ts, functions/sendMessage.ts, lib/notifyUsersOnMessage.ts,
 * threads/server/hooks/aftersavemessage.ts, functions/deleteMessage.ts, reactions/setReaction.ts. Edits: message-editing.ts.
 */
import type { UpdateFilter } from 'mongodb';
import { canAccessRoom, hasPermission } from './authz.js';
import type { MessageDoc, RoomDoc, SubscriptionDoc, UserDoc } from './collections.js';
import type { EmulatorContext } from './context.js';
import { MeteorError } from './errors.js';
import { randomId } from './ids.js';
import { parseMessageText } from './message-parsing.js';
import { validateMessage } from './message-validation.js';
import { getSetting } from './settings.js';

/** A message as a client or a service hands it in, before the server completes it. */
export interface MessageInput {
	_id?: string | null;
	rid: string;
	msg?: string | null;
	t?: string;
	tmid?: string | null;
	tshow?: boolean | null;
	alias?: string | null;
	emoji?: string | null;
	avatar?: string | null;
	attachments?: Record<string, unknown>[] | null;
	blocks?: Record<string, unknown>[] | null;
	customFields?: Record<string, unknown> | null;
	groupable?: boolean;
	parseUrls?: boolean;
	bot?: Record<string, unknown>;
	file?: MessageDoc['file'];
	files?: MessageDoc['files'];
	[field: string]: unknown;
}

// Message types a client may not send (MessageTypes.isSystemMessage): everything typed but e2e and otr.
const CLIENT_TYPES = new Set(['e2e', 'otr', 'otr-ack']);

/** True for system message types (uj, ul, au, room_changed_topic, …). */
export function isSystemMessage(message: Record<string, unknown>): boolean {
	return typeof message.t === 'string' && message.t.length > 0 && !CLIENT_TYPES.has(message.t);
}

function publicUser(user: UserDoc): MessageDoc['u'] {
	return { _id: user._id, username: user.username ?? '', ...(user.name !== undefined && { name: user.name }) };
}

/** canSendMessageAsync: the room exists, the user can access it, is not muted, and may post if it is read-only. */
export async function canSendMessage(ctx: EmulatorContext, rid: string, user: UserDoc): Promise<RoomDoc> {
	const room = await ctx.c.rooms.findOne({ _id: rid });
	if (!room) throw new MeteorError('error-invalid-room', 'Invalid room');
	if (!(await canAccessRoom(ctx.c, room, user._id))) throw new MeteorError('error-not-allowed');
	const username = user.username ?? '';
	if (room.ro === true && !(await hasPermission(ctx.c, user._id, 'post-readonly', room._id))) {
		if (!(room.unmuted ?? []).includes(username)) throw new Error("You can't send messages because the room is readonly.");
	}
	if ((room.muted ?? []).includes(username)) throw new Error('You_have_been_muted');
	return room;
}

async function emitSubscriptionChanges(ctx: EmulatorContext, filter: Record<string, unknown>): Promise<void> {
	const subs = await ctx.c.subscriptions.find(filter).toArray();
	for (const subscription of subs) ctx.bus.emit({ kind: 'subscription', action: 'updated', subscription });
}

/** updateUsersSubscriptions: alert/open/unread for the other members, read state for the sender. */
async function updateSubscriptions(ctx: EmulatorContext, message: MessageDoc, room: RoomDoc): Promise<void> {
	const now = new Date();
	const senderId = message.u._id;
	const setting = room.t === 'd' ? 'Unread_Count_DM' : 'Unread_Count';
	const unreadCount = await getSetting<string>(ctx.c, setting);
	const mentioned = (message.mentions ?? []).filter((m) => m.type === 'user' && m._id !== senderId).map((m) => m._id);
	const toGroup = (message.mentions ?? []).some((m) => m._id === 'all' || m._id === 'here');
	const others = { rid: room._id, 'u._id': { $ne: senderId } };
	await ctx.c.subscriptions.updateMany(others, { $set: { alert: true, open: true, _updatedAt: now } });
	if (unreadCount === 'all_messages' || toGroup) {
		await ctx.c.subscriptions.updateMany(others, { $inc: { unread: 1, ...(toGroup && { groupMentions: 1 }) } });
	} else if (mentioned.length) {
		await ctx.c.subscriptions.updateMany(
			{ rid: room._id, 'u._id': { $in: mentioned } },
			{ $inc: { unread: 1, userMentions: 1 } },
		);
	}
	await ctx.c.subscriptions.updateMany(
		{ rid: room._id, 'u._id': senderId },
		{ $set: { open: true, alert: false, unread: 0, userMentions: 0, groupMentions: 0, ls: now, lr: now, _updatedAt: now } },
	);
	await emitSubscriptionChanges(ctx, { rid: room._id });
}

/** Tells the room's members that the room changed (watch.rooms). */
export async function emitRoom(ctx: EmulatorContext, rid: string): Promise<void> {
	const room = await ctx.c.rooms.findOne({ _id: rid });
	if (room) ctx.bus.emit({ kind: 'room', action: 'updated', room });
}

/** Thread bookkeeping on the parent (Messages.updateRepliesByThreadId), which re-emits the parent. */
async function bumpThreadParent(ctx: EmulatorContext, message: MessageDoc): Promise<void> {
	if (!message.tmid) return;
	await ctx.c.messages.updateOne(
		{ _id: message.tmid },
		{
			$addToSet: { replies: message.u._id },
			$set: { tlm: message.ts, _updatedAt: new Date() },
			$inc: { tcount: 1 },
		},
	);
	const parent = await ctx.c.messages.findOne({ _id: message.tmid });
	if (parent) ctx.bus.emit({ kind: 'message', message: parent });
}

/** afterSaveMessage for a new message: room counters, subscriptions, threads. */
async function afterSave(ctx: EmulatorContext, message: MessageDoc, room: RoomDoc): Promise<void> {
	const now = new Date();
	const threadOnly = Boolean(message.tmid && !message.tshow);
	const update: UpdateFilter<RoomDoc> = { $inc: { msgs: 1 }, $set: { _updatedAt: now } };
	if (!threadOnly) {
		update.$set = { ...update.$set, lm: message.ts };
		if (await getSetting<boolean>(ctx.c, 'Store_Last_Message')) update.$set = { ...update.$set, lastMessage: message };
	}
	await ctx.c.rooms.updateOne({ _id: room._id }, update);
	if (!threadOnly) await updateSubscriptions(ctx, message, room);
	await bumpThreadParent(ctx, message);
	await emitRoom(ctx, room._id);
}

/** functions/sendMessage: validate, complete, insert, after-save. Undefined when the `_id` already exists. */
export async function saveMessage(
	ctx: EmulatorContext,
	user: UserDoc,
	input: MessageInput,
	room: RoomDoc,
	previewUrls?: string[],
): Promise<MessageDoc | undefined> {
	await validateMessage(ctx.c, input, room, user);
	const { _id, tshow, ...rest } = input;
	const now = new Date();
	const msg = typeof input.msg === 'string' ? input.msg : '';
	const parsed = await parseMessageText(ctx.c, msg, previewUrls);
	// Keys Rocket.Chat does not know stay on the message, as they do in Rocket.Chat (e.g. the SDK's `roomId`).
	const message = {
		...(stripNulls(rest) as Partial<MessageDoc>),
		_id: _id ?? randomId(),
		rid: room._id,
		msg,
		ts: now,
		u: publicUser(user),
		...(tshow === true && { tshow: true }),
		...(input.parseUrls === false ? { mentions: parsed.mentions, channels: parsed.channels } : parsed),
		_updatedAt: now,
	} as MessageDoc;
	if (_id && (await ctx.c.messages.findOne({ _id }, { projection: { _id: 1 } }))) return undefined;
	await ctx.c.messages.insertOne(message);
	ctx.bus.emit({ kind: 'message', message });
	await afterSave(ctx, message, room);
	return message;
}

function stripNulls<T extends Record<string, unknown>>(object: T): Partial<T> {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value != null)) as Partial<T>;
}

/** executeSendMessage: the checks before saving; failures are also told to the sender as an ephemeral message. */
export async function executeSendMessage(
	ctx: EmulatorContext,
	user: UserDoc,
	input: MessageInput,
	previewUrls?: string[],
): Promise<MessageDoc | undefined> {
	if (input.tshow && !input.tmid) {
		throw new MeteorError('invalid-params', 'tshow provided but missing tmid', { method: 'sendMessage' });
	}
	if (input.tmid && !(await getSetting<boolean>(ctx.c, 'Threads_enabled'))) {
		throw new MeteorError('error-not-allowed', 'not-allowed', { method: 'sendMessage' });
	}
	if (typeof input.msg === 'string' && input.msg.length > (await getSetting<number>(ctx.c, 'Message_MaxAllowedSize'))) {
		throw new MeteorError('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize', { method: 'sendMessage' });
	}
	if (!user.username) throw new MeteorError('error-invalid-user', 'Invalid user');
	let rid = input.rid;
	if (input.tmid) {
		// Threads do not nest: a reply to a reply goes to the first parent, in the parent's room.
		const parent = await ctx.c.messages.findOne({ _id: input.tmid }, { projection: { rid: 1, tmid: 1 } });
		input.tmid = parent?.tmid || input.tmid;
		if (parent?.rid) rid = parent.rid;
	}
	if (!rid) throw new Error("The 'rid' property on the message object is missing.");
	try {
		const room = await canSendMessage(ctx, rid, user);
		return await saveMessage(ctx, user, { ...input, rid }, room, previewUrls);
	} catch (error) {
		const text = error instanceof MeteorError ? String(error.error) : error instanceof Error ? error.message : String(error);
		sendEphemeral(ctx, user._id, rid, text);
		throw error;
	}
}

/** notify.ephemeralMessage: a private note from rocket.cat to one user (stream-notify-user `<uid>/message`). */
export function sendEphemeral(ctx: EmulatorContext, userId: string, rid: string, msg: string): void {
	const now = new Date();
	ctx.bus.emit({
		kind: 'user',
		userId,
		event: 'message',
		args: [
			{
				groupable: false,
				u: { _id: 'rocket.cat', username: 'rocket.cat' },
				private: true,
				_id: String(now.getTime()),
				rid,
				ts: now,
				_updatedAt: now,
				msg,
			},
		],
	});
}

/** Message.saveSystemMessage: a typed message (uj, ul, …) that counts in `msgs` like any other. */
export async function saveSystemMessage(ctx: EmulatorContext, type: string, room: RoomDoc, msg: string, user: UserDoc): Promise<MessageDoc> {
	const now = new Date();
	const message: MessageDoc = { _id: randomId(), t: type, rid: room._id, msg, ts: now, u: publicUser(user), groupable: false, _updatedAt: now };
	await ctx.c.messages.insertOne(message);
	ctx.bus.emit({ kind: 'message', message });
	await afterSave(ctx, message, room);
	return message;
}

/** canDeleteMessage: force-delete-message, or delete-message, or one's own message with delete-own-message. */
async function assertCanDelete(ctx: EmulatorContext, message: MessageDoc, userId: string): Promise<void> {
	if (await hasPermission(ctx.c, userId, 'force-delete-message', message.rid)) return;
	const notAllowed = new MeteorError('error-action-not-allowed', 'Not allowed', { method: 'deleteMessage', action: 'Delete_message' });
	if (!(await getSetting<boolean>(ctx.c, 'Message_AllowDeleting'))) throw notAllowed;
	if (await hasPermission(ctx.c, userId, 'delete-message', message.rid)) return;
	const own = message.u._id === userId && (await hasPermission(ctx.c, userId, 'delete-own-message'));
	if (!own) throw notAllowed;
}

/** deleteMessageValidatingPermission: remove (or blank a thread parent), decrement `msgs`, tell the room. */
export async function deleteMessage(ctx: EmulatorContext, message: MessageDoc, userId: string): Promise<void> {
	await assertCanDelete(ctx, message, userId);
	const user = await ctx.c.users.findOne({ _id: userId });
	const isThreadParent = (message.tcount ?? 0) > 0;
	const now = new Date();
	if (isThreadParent) {
		// Thread parents stay, shown as deleted, so their replies keep a parent.
		await ctx.c.messages.updateOne(
			{ _id: message._id },
			{
				$set: { t: 'rm', msg: '', editedAt: now, editedBy: { _id: userId, username: user?.username }, _updatedAt: now },
				$unset: { urls: 1, mentions: 1, attachments: 1, reactions: 1, file: 1, files: 1 },
			},
		);
		const blanked = await ctx.c.messages.findOne({ _id: message._id });
		if (blanked) ctx.bus.emit({ kind: 'message', message: blanked });
	} else {
		await ctx.c.messages.deleteOne({ _id: message._id });
	}
	if (message.tmid) {
		await ctx.c.messages.updateOne({ _id: message.tmid }, { $inc: { tcount: -1 }, $set: { _updatedAt: now } });
	}
	const room = await ctx.c.rooms.findOne({ _id: message.rid }, { projection: { lastMessage: 1 } });
	const set: Partial<RoomDoc> = { _updatedAt: now };
	const unset: Record<string, 1> = {};
	if (room?.lastMessage?._id === message._id) {
		const last = await ctx.c.messages.find({ rid: message.rid, t: { $exists: false } }).sort({ ts: -1 }).limit(1).next();
		if (last) set.lastMessage = last;
		else unset.lastMessage = 1;
	}
	await ctx.c.rooms.updateOne(
		{ _id: message.rid },
		{ $inc: { msgs: -1 }, $set: set, ...(Object.keys(unset).length > 0 && { $unset: unset }) },
	);
	ctx.bus.emit({ kind: 'message-deleted', rid: message.rid, messageId: message._id });
	await emitRoom(ctx, message.rid);
}

/** executeSetReaction: toggle (or force with shouldReact) the user's reaction; the message is re-emitted. */
export async function setReaction(
	ctx: EmulatorContext,
	user: UserDoc,
	message: MessageDoc,
	emoji: string,
	shouldReact?: boolean | null,
): Promise<void> {
	const room = await ctx.c.rooms.findOne({ _id: message.rid });
	if (!room || !(await canAccessRoom(ctx.c, room, user._id))) throw new MeteorError('not-authorized', 'Not Authorized');
	const reaction = `:${emoji.replace(/:/g, '')}:`;
	if (!/^:[\w+-]+:$/.test(reaction)) throw new MeteorError('error-not-allowed', 'Invalid emoji provided.', { method: 'setReaction' });
	const username = user.username ?? '';
	if ((room.muted ?? []).includes(username)) throw new MeteorError('error-not-allowed', 'You have been muted', { method: 'setReaction' });
	const reactions = { ...(message.reactions ?? {}) };
	const users = reactions[reaction]?.usernames ?? [];
	const has = users.includes(username);
	if (has && shouldReact === true) return;
	if (!has && shouldReact === false) return;
	const next = has ? users.filter((name) => name !== username) : [...users, username];
	if (next.length) reactions[reaction] = { usernames: next };
	else delete reactions[reaction];
	const now = new Date();
	if (Object.keys(reactions).length) {
		await ctx.c.messages.updateOne({ _id: message._id }, { $set: { reactions, _updatedAt: now } });
	} else {
		await ctx.c.messages.updateOne({ _id: message._id }, { $unset: { reactions: 1 }, $set: { _updatedAt: now } });
	}
	const updated = await ctx.c.messages.findOne({ _id: message._id });
	if (updated) ctx.bus.emit({ kind: 'message', message: updated });
}

/** Subscriptions changed by a join or a DM: told to their owner on stream-notify-user. */
export function emitSubscriptionInserted(ctx: EmulatorContext, subscription: SubscriptionDoc): void {
	ctx.bus.emit({ kind: 'subscription', action: 'inserted', subscription });
}
