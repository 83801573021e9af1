/**
 * Rocket.Chat's streams (server/modules/notifications/notifications.module.ts, streamer.module.ts): who may
 * subscribe to which event (allowRead), and how each emulator event becomes `changed` frames, one per
 * matching subscription (sendToManySubscriptions), with __my_messages__'s per-user room check (allowEmit).
 */
import { canAccessRoom, hasPermission, isRoomParticipant } from '../authz.js';
import type { BusEvent } from '../bus.js';
import type { EmulatorContext } from '../context.js';
import { MeteorError } from '../errors.js';
import type { DdpSession, StreamSubscription } from './session.js';

/** The streams this emulator publishes. */
export const STREAMS = ['stream-room-messages', 'stream-notify-user', 'stream-notify-logged', 'stream-notify-all', 'stream-notify-room'];

const PRIVATE_SETTING_READERS = ['view-privileged-setting', 'edit-privileged-setting', 'manage-selected-settings'];

async function readsPrivateSettings(ctx: EmulatorContext, userId: string | undefined): Promise<boolean> {
	for (const permission of PRIVATE_SETTING_READERS) {
		if (await hasPermission(ctx.c, userId, permission)) return true;
	}
	return false;
}

/** allowRead of each stream; throws Rocket.Chat's nosub errors. */
export async function checkSubscription(ctx: EmulatorContext, session: DdpSession, name: string, params: unknown[]): Promise<StreamSubscription> {
	if (!STREAMS.includes(name)) throw new MeteorError(404, `Subscription '${name}' not found`);
	const eventName = params[0];
	if (typeof eventName !== 'string' || eventName.length === 0) throw new MeteorError('invalid-event-name');
	const notAllowed = new MeteorError('not-allowed', 'not-allowed');
	const { userId } = session;
	switch (name) {
		case 'stream-room-messages': {
			if (eventName === '__my_messages__') break;
			const room = await ctx.c.rooms.findOne({ _id: eventName });
			if (!room) throw notAllowed;
			if (!(await canAccessRoom(ctx.c, room, userId))) {
				const preview = room.t === 'c' && userId && (await hasPermission(ctx.c, userId, 'preview-c-room'));
				if (!preview) throw notAllowed;
			}
			break;
		}
		case 'stream-notify-user': {
			const [target, event] = eventName.split('/');
			if (event !== 'webrtc' && (!userId || userId !== target)) throw notAllowed;
			break;
		}
		case 'stream-notify-logged':
			if (!userId) throw notAllowed;
			break;
		case 'stream-notify-all':
			if (eventName === 'private-settings-changed' && !(await readsPrivateSettings(ctx, userId))) throw notAllowed;
			break;
		case 'stream-notify-room': {
			const [rid, event] = eventName.split('/');
			if (event !== 'webrtc' && (!userId || !(await isRoomParticipant(ctx.c, rid ?? '', userId)))) throw notAllowed;
			break;
		}
	}
	return { id: '', name, eventName };
}

/** One frame to send on one subscription. */
export interface Delivery {
	session: DdpSession;
	stream: string;
	eventName: string;
	args: unknown[];
}

function subscribers(sessions: Iterable<DdpSession>, stream: string, eventName: string): [DdpSession, StreamSubscription][] {
	const found: [DdpSession, StreamSubscription][] = [];
	for (const session of sessions) {
		if (!session.isOpen) continue;
		for (const subscription of session.subscriptions.values()) {
			if (subscription.name === stream && subscription.eventName === eventName) found.push([session, subscription]);
		}
	}
	return found;
}

/** Per-user memo for one event, so a user with many subscriptions is checked once. */
function memo<T>(compute: (userId: string) => Promise<T>): (userId: string) => Promise<T> {
	const cache = new Map<string, Promise<T>>();
	return (userId) => {
		let value = cache.get(userId);
		if (!value) {
			value = compute(userId);
			cache.set(userId, value);
		}
		return value;
	};
}

async function messageDeliveries(ctx: EmulatorContext, sessions: DdpSession[], event: Extract<BusEvent, { kind: 'message' }>): Promise<Delivery[]> {
	const { message } = event;
	const out: Delivery[] = [];
	const room = await ctx.c.rooms.findOne({ _id: message.rid });
	// allowEmit('__my_messages__'): logged in and can access the room; the answer becomes the meta argument.
	const metaFor = memo(async (userId: string) => {
		if (!room || !(await canAccessRoom(ctx.c, room, userId))) return null;
		return { roomParticipant: await isRoomParticipant(ctx.c, room._id, userId), roomType: room.t, roomName: room.name };
	});
	for (const [session] of subscribers(sessions, 'stream-room-messages', '__my_messages__')) {
		if (!session.userId) continue;
		const meta = await metaFor(session.userId);
		if (meta) out.push({ session, stream: 'stream-room-messages', eventName: '__my_messages__', args: [message, meta] });
	}
	for (const [session] of subscribers(sessions, 'stream-room-messages', message.rid)) {
		out.push({ session, stream: 'stream-room-messages', eventName: message.rid, args: [message] });
	}
	return out;
}

async function roomDeliveries(ctx: EmulatorContext, sessions: DdpSession[], event: Extract<BusEvent, { kind: 'room' }>): Promise<Delivery[]> {
	const out: Delivery[] = [];
	const member = memo((userId: string) => isRoomParticipant(ctx.c, event.room._id, userId));
	for (const session of sessions) {
		if (!session.userId) continue;
		const eventName = `${session.userId}/rooms-changed`;
		for (const [match] of subscribers([session], 'stream-notify-user', eventName)) {
			if (await member(session.userId)) out.push({ session: match, stream: 'stream-notify-user', eventName, args: [event.action, event.room] });
		}
	}
	return out;
}

async function settingDeliveries(ctx: EmulatorContext, sessions: DdpSession[], event: Extract<BusEvent, { kind: 'setting' }>): Promise<Delivery[]> {
	const { setting } = event;
	const value = { _id: setting._id, value: setting.value };
	const out: Delivery[] = [];
	if (setting.public) {
		for (const [session] of subscribers(sessions, 'stream-notify-all', 'public-settings-changed')) {
			out.push({ session, stream: 'stream-notify-all', eventName: 'public-settings-changed', args: [event.action, value] });
		}
	}
	// Private values (Enterprise_License among them) go only to those who may read private settings.
	const reader = memo((userId: string) => readsPrivateSettings(ctx, userId));
	for (const [session] of subscribers(sessions, 'stream-notify-logged', 'private-settings-changed')) {
		if (session.userId && (await reader(session.userId))) {
			out.push({ session, stream: 'stream-notify-logged', eventName: 'private-settings-changed', args: [event.action, value] });
		}
	}
	return out;
}

/** The frames one emulator event produces on the open sessions. */
export async function deliveriesFor(ctx: EmulatorContext, sessions: DdpSession[], event: BusEvent): Promise<Delivery[]> {
	switch (event.kind) {
		case 'message':
			return messageDeliveries(ctx, sessions, event);
		case 'message-deleted': {
			const eventName = `${event.rid}/deleteMessage`;
			return subscribers(sessions, 'stream-notify-room', eventName).map(([session]) => ({
				session,
				stream: 'stream-notify-room',
				eventName,
				args: [{ _id: event.messageId }],
			}));
		}
		case 'subscription': {
			const eventName = `${event.subscription.u._id}/subscriptions-changed`;
			return subscribers(sessions, 'stream-notify-user', eventName).map(([session]) => ({
				session,
				stream: 'stream-notify-user',
				eventName,
				args: [event.action, event.subscription],
			}));
		}
		case 'room':
			return roomDeliveries(ctx, sessions, event);
		case 'user': {
			const eventName = `${event.userId}/${event.event}`;
			return subscribers(sessions, 'stream-notify-user', eventName).map(([session]) => ({
				session,
				stream: 'stream-notify-user',
				eventName,
				args: event.args,
			}));
		}
		case 'setting':
			return settingDeliveries(ctx, sessions, event);
	}
}

/** The `stream-notify-room` method: typing and user-activity from a member, passed on to the others. */
export async function writeNotifyRoom(
	ctx: EmulatorContext,
	sessions: DdpSession[],
	origin: DdpSession,
	eventName: string,
	args: unknown[],
): Promise<Delivery[]> {
	const [rid, event] = eventName.split('/');
	if (event !== 'typing' && event !== 'user-activity') return [];
	if (!origin.userId || !(await isRoomParticipant(ctx.c, rid ?? '', origin.userId))) return [];
	const user = await ctx.c.users.findOne({ _id: origin.userId }, { projection: { username: 1 } });
	if (!user || user.username !== args[0]) return [];
	return subscribers(sessions, 'stream-notify-room', eventName)
		.filter(([session]) => session !== origin)
		.map(([session]) => ({ session, stream: 'stream-notify-room', eventName, args }));
}
