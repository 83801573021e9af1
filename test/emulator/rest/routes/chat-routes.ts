/**
 * chat.sendMessage, chat.postMessage, chat.update, chat.delete, chat.react (api/server/v1/chat.ts;
 * postMessage's room resolution from lib/server/functions/processWebhookMessage.ts and
 * getRoomByNameOrIdWithOptionToJoin.ts).
 */
import { hasPermission } from '../../authz.js';
import type { RoomDoc, UserDoc } from '../../collections.js';
import type { EmulatorContext } from '../../context.js';
import { MeteorError } from '../../errors.js';
import { executeUpdateMessage } from '../../message-editing.js';
import {
	canSendMessage,
	deleteMessage,
	executeSendMessage,
	isSystemMessage,
	type MessageInput,
	saveMessage,
	setReaction,
} from '../../messages.js';
import { addUserToRoom, createDirectRoom } from '../../rooms.js';
import { getSetting } from '../../settings.js';
import { defineRoute, failure, ok, type Route } from '../router.js';
import * as schemas from '../schemas.js';

const sendMessage = defineRoute({
	method: 'POST',
	path: '/api/v1/chat.sendMessage',
	auth: 'required',
	body: schemas.chatSendMessage,
	async action(ctx, { user, body }) {
		if (isSystemMessage(body.message)) throw new Error("Cannot send system messages using 'chat.sendMessage'");
		const message = await executeSendMessage(ctx, user, body.message as MessageInput, body.previewUrls ?? undefined);
		// A message whose _id already exists is not inserted again; Rocket.Chat then answers without one.
		return ok(message ? { message } : {});
	},
});

function invalidChannel(): MeteorError {
	return new MeteorError('invalid-channel');
}

async function roomByIdOrName(ctx: EmulatorContext, nameOrId: string): Promise<RoomDoc | null> {
	return ctx.c.rooms.findOne({ $or: [{ _id: nameOrId }, { name: nameOrId }] });
}

async function directRoomWith(ctx: EmulatorContext, user: UserDoc, target: UserDoc): Promise<RoomDoc> {
	const rid = [user._id, target._id].sort().join('');
	return (await ctx.c.rooms.findOne({ _id: rid })) ?? createDirectRoom(ctx, user, [target.username ?? '']);
}

/** getRoomByNameOrIdWithOptionToJoin as processWebhookMessage calls it for `#name`, `@user` and bare ids. */
async function resolveChannel(ctx: EmulatorContext, user: UserDoc, channel: string): Promise<RoomDoc> {
	const prefix = channel[0];
	const value = channel.slice(1);
	let room: RoomDoc | null = null;
	if (prefix === '@') {
		const target = await ctx.c.users.findOne({ $or: [{ _id: value }, { username: value }] });
		if (!target) throw invalidChannel();
		room = await directRoomWith(ctx, user, target);
	} else {
		room = await roomByIdOrName(ctx, prefix === '#' ? value : channel);
		if (!room && prefix !== '#') {
			const target = await ctx.c.users.findOne({ _id: channel });
			if (target) room = await directRoomWith(ctx, user, target);
		}
		if (!room) throw invalidChannel();
	}
	// Posting to a public channel joins it, as Rocket.Chat's webhook path does.
	if (room.t === 'c') await addUserToRoom(ctx, room, user);
	return room;
}

const postMessage = defineRoute({
	method: 'POST',
	path: '/api/v1/chat.postMessage',
	auth: 'required',
	body: schemas.chatPostMessage,
	async action(ctx, { user, body }) {
		const max = await getSetting<number>(ctx.c, 'Message_MaxAllowedSize');
		if (body.text && body.text.length > max) return failure('error-message-size-exceeded');
		for (const attachment of body.attachments ?? []) {
			if (typeof attachment.text === 'string' && attachment.text.length > max) return failure('error-message-size-exceeded');
		}
		const targets = 'channel' in body ? body.channel : body.roomId;
		const channels = Array.isArray(targets) ? targets : [targets];
		const sent: { channel: string; message: unknown }[] = [];
		for (const channel of channels) {
			const room = await resolveChannel(ctx, user, channel);
			await canSendMessage(ctx, room._id, user);
			const attachments = (body.attachments ?? []).map((attachment) => {
				if (typeof attachment.msg !== 'string') return attachment;
				const { msg, ...rest } = attachment;
				return { ...rest, text: msg.trim() };
			});
			const input: MessageInput = {
				rid: room._id,
				alias: body.alias ?? '',
				msg: (body.text ?? '').trim(),
				attachments,
				parseUrls: body.parseUrls ?? !body.attachments,
				groupable: false,
				...('tmid' in body && body.tmid && { tmid: body.tmid }),
				...(body.customFields && { customFields: body.customFields }),
				...(body.avatar ? { avatar: body.avatar } : body.emoji ? { emoji: body.emoji } : {}),
			};
			sent.push({ channel, message: await saveMessage(ctx, user, input, room) });
		}
		const first = sent[0];
		if (!first?.message) return failure('unknown-error');
		return ok({ ts: Date.now(), channel: first.channel, message: first.message });
	},
});

const update = defineRoute({
	method: 'POST',
	path: '/api/v1/chat.update',
	auth: 'required',
	style: 'typed',
	body: schemas.chatUpdate,
	async action(ctx, { user, body }) {
		const message = await ctx.c.messages.findOne({ _id: body.msgId });
		if (!message) return failure(`No message found with the id of "${body.msgId}".`);
		if (body.roomId !== message.rid) return failure('The room id provided does not match where the message is from.');
		if ('content' in body) return failure('Only encrypted messages can have content updated.');
		const edit = { _id: message._id, rid: message.rid, msg: body.text, ...(body.customFields && { customFields: body.customFields }) };
		await executeUpdateMessage(ctx, user._id, edit, body.previewUrls ?? undefined);
		return ok({ message: await ctx.c.messages.findOne({ _id: message._id }) });
	},
});

const remove = defineRoute({
	method: 'POST',
	path: '/api/v1/chat.delete',
	auth: 'required',
	body: schemas.chatDelete,
	async action(ctx, { user, body }) {
		const message = await ctx.c.messages.findOne({ _id: body.msgId ?? '' });
		if (!message) return failure(`No message found with the id of "${body.msgId}".`);
		if (body.roomId !== message.rid) return failure('The room id provided does not match where the message is from.');
		if (body.asUser && message.u._id !== user._id) {
			if (!(await hasPermission(ctx.c, user._id, 'force-delete-message', message.rid))) {
				return failure('Unauthorized. You must have the permission "force-delete-message" to delete other\'s message as them.');
			}
		}
		await deleteMessage(ctx, message, body.asUser ? message.u._id : user._id);
		return ok({ _id: message._id, ts: Date.now().toString(), message: { _id: message._id, rid: message.rid, u: message.u } });
	},
});

const react = defineRoute({
	method: 'POST',
	path: '/api/v1/chat.react',
	auth: 'required',
	body: schemas.chatReact,
	async action(ctx, { user, body }) {
		const message = await ctx.c.messages.findOne({ _id: body.messageId });
		if (!message) throw new MeteorError('error-message-not-found', 'The provided "messageId" does not match any existing message.');
		const emoji = 'emoji' in body ? body.emoji : body.reaction;
		if (!emoji) throw new MeteorError('error-emoji-param-not-provided', 'The required "emoji" param is missing.');
		await setReaction(ctx, user, message, emoji, body.shouldReact);
		return ok();
	},
});

export const chatRoutes: Route[] = [sendMessage, postMessage, update, remove, react];
