/**
 * Authorization as Rocket.Chat decides it: permissions come from `rocketchat_permissions` (which roles hold
 * each permission), a user's roles are the global `users.roles` plus, in a room, the subscription's roles.
 * Read on every check, so a test can edit the collections and see the effect at once.
 */
import type { Collections, RoomDoc } from './collections.js';

/** The roles a user holds globally and, when a room is given, in that room. */
export async function rolesOf(c: Collections, userId: string, rid?: string): Promise<string[]> {
	const user = await c.users.findOne({ _id: userId }, { projection: { roles: 1 } });
	const roles = [...(user?.roles ?? [])];
	if (rid) {
		const sub = await c.subscriptions.findOne({ rid, 'u._id': userId }, { projection: { roles: 1 } });
		roles.push(...(sub?.roles ?? []));
	}
	return roles;
}

/** hasPermissionAsync(userId, permission, scope?) */
export async function hasPermission(c: Collections, userId: string | undefined, permission: string, rid?: string): Promise<boolean> {
	if (!userId) return false;
	const doc = await c.permissions.findOne({ _id: permission });
	if (!doc) return false;
	const roles = await rolesOf(c, userId, rid);
	return roles.some((role) => doc.roles.includes(role));
}

/** True when every listed permission is held (permissionsRequired with the default "hasAll"). */
export async function hasAllPermissions(c: Collections, userId: string | undefined, permissions: string[]): Promise<boolean> {
	for (const permission of permissions) {
		if (!(await hasPermission(c, userId, permission))) return false;
	}
	return true;
}

async function isMember(c: Collections, rid: string, userId: string): Promise<boolean> {
	return (await c.subscriptions.countDocuments({ rid, 'u._id': userId }, { limit: 1 })) > 0;
}

/**
 * canAccessRoom (authorization/server/functions/canAccessRoom.ts): public channels with `view-c-room`,
 * joined rooms with `view-joined-room` or `view-<t>-room`, discussions through their parent room.
 */
export async function canAccessRoom(c: Collections, room: RoomDoc | null, userId: string | undefined, depth = 0): Promise<boolean> {
	if (!room || !userId) return false;
	if (room.t === 'c' && (await hasPermission(c, userId, 'view-c-room'))) return true;
	if (await isMember(c, room._id, userId)) {
		if (await hasPermission(c, userId, 'view-joined-room')) return true;
		if (await hasPermission(c, userId, `view-${room.t}-room`)) return true;
	}
	if (room.prid && depth < 5) {
		return canAccessRoom(c, await c.rooms.findOne({ _id: room.prid }), userId, depth + 1);
	}
	return false;
}

/** canAccessRoomIdAsync */
export async function canAccessRoomId(c: Collections, rid: string, userId: string | undefined): Promise<boolean> {
	return canAccessRoom(c, await c.rooms.findOne({ _id: rid }), userId);
}

/** Whether the user has a subscription to the room (the `roomParticipant` of stream events). */
export async function isRoomParticipant(c: Collections, rid: string, userId: string): Promise<boolean> {
	return isMember(c, rid, userId);
}
