/**
 * Room membership as Rocket.Chat writes it: direct rooms (createDirectRoom: `_id` = the sorted user ids
 * joined, one subscription per member) and joining a channel (addUserToRoom: a subscription, `usersCount`,
 * and a `uj` system message).
 */
import { canAccessRoom, hasPermission } from './authz.js';
import type { RoomDoc, SubscriptionDoc, UserDoc } from './collections.js';
import type { EmulatorContext } from './context.js';
import { MeteorError } from './errors.js';
import { randomId } from './ids.js';
import { emitSubscriptionInserted, saveSystemMessage } from './messages.js';
import { getSetting } from './settings.js';

function newSubscription(room: RoomDoc, user: UserDoc, extra: Partial<SubscriptionDoc>): SubscriptionDoc {
	const now = new Date();
	return {
		_id: randomId(),
		rid: room._id,
		u: { _id: user._id, username: user.username, ...(user.name !== undefined && { name: user.name }) },
		t: room.t,
		name: room.name,
		fname: room.fname ?? room.name,
		open: true,
		alert: false,
		unread: 0,
		userMentions: 0,
		groupMentions: 0,
		ts: now,
		ls: now,
		_updatedAt: now,
		...extra,
	};
}

// createDirectRoom's subscription fields (lib/server/functions/createDirectRoom.ts generateSubscription): no `ls`,
// `u` with id and username only, names from the other members in the room's sorted order.
function directSubscription(room: RoomDoc, member: UserDoc, others: UserDoc[], open: boolean): SubscriptionDoc {
	const now = new Date();
	return {
		_id: randomId(),
		rid: room._id,
		u: { _id: member._id, username: member.username },
		t: 'd',
		name: others.map((u) => u.username).join(', '),
		fname: others.map((u) => u.name || u.username).join(', '),
		open,
		alert: false,
		unread: 0,
		userMentions: 0,
		groupMentions: 0,
		ts: now,
		_updatedAt: now,
	};
}

/** createDirectMessage → createDirectRoom: the DM between the caller and the given users, created when missing. */
export async function createDirectRoom(ctx: EmulatorContext, caller: UserDoc, usernames: string[], excludeSelf = false): Promise<RoomDoc> {
	const others = await ctx.c.users.find({ username: { $in: usernames } }).toArray();
	if (others.length !== new Set(usernames).size) {
		throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
	}
	const members = excludeSelf ? others : [caller, ...others.filter((u) => u._id !== caller._id)];
	const uids = members.map((u) => u._id).sort();
	const existing = await ctx.c.rooms.findOne({ t: 'd', uids: { $size: uids.length, $all: uids } });
	if (existing) return existing;
	if (!(await hasPermission(ctx.c, caller._id, 'create-d'))) {
		throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'createDirectMessage' });
	}
	const maxUsers = (await getSetting<number>(ctx.c, 'DirectMesssage_maxUsers')) || 1;
	if (members.length > maxUsers) {
		throw new MeteorError(
			'error-direct-message-max-user-exceeded',
			`You cannot add more than ${maxUsers} users, including yourself to a direct message`,
			{ method: 'createDirectRoom' },
		);
	}
	const now = new Date();
	// Members sorted by display name (name, else username) with localeCompare, as createDirectRoom sorts them.
	const sorted = [...members].sort((a, b) => (a.name || a.username || '').localeCompare(b.name || b.username || ''));
	const room: RoomDoc = {
		// Rocket.Chat still builds a 1:1 DM id from the two user ids (deprecated, but current).
		_id: uids.length === 2 ? uids.join('') : randomId(),
		t: 'd',
		usernames: sorted.map((u) => u.username ?? '').filter(Boolean),
		uids,
		usersCount: members.length,
		msgs: 0,
		ts: now,
		_updatedAt: now,
	};
	await ctx.c.rooms.insertOne(room);
	for (const member of members) {
		const peers = members.length === 1 ? [member] : sorted.filter((u) => u._id !== member._id);
		// The creator's subscription is open; the others' only in a group DM.
		const open = member._id === caller._id || members.length > 2;
		const subscription = directSubscription(room, member, peers, open);
		await ctx.c.subscriptions.insertOne(subscription);
		emitSubscriptionInserted(ctx, subscription);
	}
	// Members learn of the new room once they are subscribed (rooms-changed follows subscriptions-changed).
	ctx.bus.emit({ kind: 'room', action: 'inserted', room });
	return room;
}

/** joinRoom: a public channel the user can access; already-joined users are left as they are. */
export async function joinChannel(ctx: EmulatorContext, user: UserDoc, room: RoomDoc, joinCode?: string | null): Promise<void> {
	if (room.t !== 'c' || !(await canAccessRoom(ctx.c, room, user._id))) {
		throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'joinRoom' });
	}
	if (room.archived) throw new MeteorError('error-room-archived', 'This room has been archived', { method: 'joinRoom' });
	if (
		room.joinCodeRequired &&
		room.joinCode !== joinCode &&
		!(await hasPermission(ctx.c, user._id, 'join-without-join-code'))
	) {
		throw new MeteorError('error-code-invalid', 'Invalid Room Password', { method: 'joinRoom' });
	}
	await addUserToRoom(ctx, room, user);
}

/** addUserToRoom: subscription, usersCount + 1, and the `uj` system message. */
export async function addUserToRoom(ctx: EmulatorContext, room: RoomDoc, user: UserDoc): Promise<void> {
	if (await ctx.c.subscriptions.findOne({ rid: room._id, 'u._id': user._id }, { projection: { _id: 1 } })) return;
	const subscription = newSubscription(room, user, {});
	await ctx.c.subscriptions.insertOne(subscription);
	await ctx.c.rooms.updateOne({ _id: room._id }, { $inc: { usersCount: 1 }, $set: { _updatedAt: new Date() } });
	emitSubscriptionInserted(ctx, subscription);
	const updated = await ctx.c.rooms.findOne({ _id: room._id });
	if (updated) await saveSystemMessage(ctx, 'uj', updated, user.username ?? '', user);
}
