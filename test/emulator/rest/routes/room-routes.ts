/**
 * rooms.info, rooms.get, subscriptions.get, im.create (dm.create), channels.join and the history routes
 * (api/server/v1/rooms.ts, subscriptions.ts, im.ts, channels.ts, groups.ts; lib/server/functions/getChannelHistory.ts).
 */
import { canAccessRoom } from '../../authz.js';
import type { MessageDoc, RoomDoc, UserDoc } from '../../collections.js';
import type { EmulatorContext } from '../../context.js';
import { MeteorError } from '../../errors.js';
import { createDirectRoom, joinChannel } from '../../rooms.js';
import { defineRoute, failure, forbidden, ok, type Route } from '../router.js';
import * as schemas from '../schemas.js';

const ROOM_NOT_FOUND_CHANNEL = 'The required "roomId" or "roomName" param provided does not match any channel';

/** API.v1.defaultFieldsToExclude */
function roomView(room: RoomDoc): Record<string, unknown> {
	const { joinCode: _joinCode, members: _members, importIds: _importIds, e2e: _e2e, ...rest } = room as RoomDoc & Record<string, unknown>;
	return rest;
}

/** findRoomByIdOrName (rooms.ts) */
async function findRoomByIdOrName(ctx: EmulatorContext, params: Record<string, unknown>): Promise<RoomDoc> {
	const hasId = 'roomId' in params;
	const hasName = 'roomName' in params;
	if ((!hasId && !hasName) || (hasId && !params.roomId && hasName && !params.roomName)) {
		throw new MeteorError('error-roomid-param-not-provided', 'The parameter "roomId" or "roomName" is required');
	}
	const room = hasId
		? await ctx.c.rooms.findOne({ _id: String(params.roomId ?? '') })
		: await ctx.c.rooms.findOne({ name: String(params.roomName ?? '') });
	if (!room) throw new MeteorError('error-room-not-found', ROOM_NOT_FOUND_CHANNEL);
	if (room.archived) throw new MeteorError('error-room-archived', `The channel, ${room.name}, is archived`);
	return room;
}

// rooms.info validates nothing up front: `?rid=` (what the SDK sends) fails the roomId/roomName check above.
const roomsInfo = defineRoute({
	method: 'GET',
	path: '/api/v1/rooms.info',
	auth: 'required',
	async action(ctx, { user, query }) {
		const room = await findRoomByIdOrName(ctx, query);
		if (!(await canAccessRoom(ctx.c, room, user._id))) return failure('not-allowed', 'Not Allowed');
		return ok({ room: roomView(room) });
	},
});

function sinceOf(value: string | null | undefined): Date | undefined {
	if (!value) return undefined;
	if (Number.isNaN(Date.parse(value))) {
		throw new MeteorError('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.');
	}
	return new Date(value);
}

const roomsGet = defineRoute({
	method: 'GET',
	path: '/api/v1/rooms.get',
	auth: 'required',
	async action(ctx, { user, query }) {
		const since = sinceOf(query.updatedSince);
		const rids = (await ctx.c.subscriptions.find({ 'u._id': user._id }, { projection: { rid: 1 } }).toArray()).map((s) => s.rid);
		const rooms = await ctx.c.rooms.find({ _id: { $in: rids }, ...(since && { _updatedAt: { $gt: since } }) }).toArray();
		return ok({ update: rooms.map(roomView), remove: [] });
	},
});

const subscriptionsGet = defineRoute({
	method: 'GET',
	path: '/api/v1/subscriptions.get',
	auth: 'required',
	query: schemas.updatedSince,
	async action(ctx, { user, query }) {
		const since = sinceOf(query.updatedSince);
		const update = await ctx.c.subscriptions.find({ 'u._id': user._id, ...(since && { _updatedAt: { $gt: since } }) }).toArray();
		return ok({ update, remove: [] });
	},
});

function imCreate(path: string): Route {
	return defineRoute({
		method: 'POST',
		path,
		auth: 'required',
		body: schemas.dmCreate,
		async action(ctx, { user, body }) {
			const usernames = 'username' in body ? [body.username] : body.usernames.split(',').map((name) => name.trim());
			const { _id, ...room } = await createDirectRoom(ctx, user, usernames, body.excludeSelf ?? false);
			return ok({ room: { rid: _id, ...room, _id } });
		},
	});
}

const channelsJoin = defineRoute({
	method: 'POST',
	path: '/api/v1/channels.join',
	auth: 'required',
	body: schemas.channelsJoin,
	async action(ctx, { user, body }) {
		const room = await findChannel(ctx, body);
		await joinChannel(ctx, user, room, body.joinCode);
		const joined = await ctx.c.rooms.findOne({ _id: room._id });
		return ok({ channel: roomView(joined ?? room) });
	},
});

/** findChannelByIdOrName: public channels only. */
async function findChannel(ctx: EmulatorContext, params: { roomId?: string; roomName?: string }): Promise<RoomDoc> {
	const room = params.roomId
		? await ctx.c.rooms.findOne({ _id: params.roomId })
		: await ctx.c.rooms.findOne({ name: params.roomName ?? '' });
	if (room?.t !== 'c') throw new MeteorError('error-room-not-found', ROOM_NOT_FOUND_CHANNEL);
	return room;
}

type HistoryQuery = {
	latest?: string | null;
	oldest?: string | null;
	inclusive?: string | null;
	count?: number | null;
	offset?: number | null;
	showThreadMessages?: string | null;
};

/** getChannelHistory: newest first, hidden messages out, thread replies in unless showThreadMessages=false. */
async function history(ctx: EmulatorContext, room: RoomDoc, user: UserDoc, query: HistoryQuery): Promise<MessageDoc[] | false> {
	if (!(await canAccessRoom(ctx.c, room, user._id))) return false;
	const inclusive = query.inclusive === 'true';
	const latest = query.latest ? new Date(query.latest) : new Date();
	const ts: Record<string, Date> = { [inclusive ? '$lte' : '$lt']: latest };
	if (query.oldest) ts[inclusive ? '$gte' : '$gt'] = new Date(query.oldest);
	const filter: Record<string, unknown> = { rid: room._id, _hidden: { $ne: true }, ts };
	if (query.showThreadMessages === 'false') filter.$or = [{ tmid: { $exists: false } }, { tshow: true }];
	return ctx.c.messages
		.find(filter)
		.sort({ ts: -1 })
		.skip(query.offset ?? 0)
		.limit(query.count ?? 20)
		.toArray();
}

function historyRoute(path: string, find: (ctx: EmulatorContext, user: UserDoc, q: Record<string, unknown>) => Promise<RoomDoc>, schema: typeof schemas.channelsHistory | typeof schemas.roomHistory): Route {
	return defineRoute({
		method: 'GET',
		path,
		auth: 'required',
		query: schema,
		async action(ctx, { user, query }) {
			const room = await find(ctx, user, query);
			const messages = await history(ctx, room, user, query);
			if (!messages) return forbidden();
			return ok({ messages });
		},
	});
}

async function findGroup(ctx: EmulatorContext, user: UserDoc, q: Record<string, unknown>): Promise<RoomDoc> {
	const room = await ctx.c.rooms.findOne({ _id: String(q.roomId ?? '') });
	const member = room && (await ctx.c.subscriptions.findOne({ rid: room._id, 'u._id': user._id }, { projection: { _id: 1 } }));
	if (room?.t !== 'p' || !member) {
		throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');
	}
	return room;
}

async function findDirect(ctx: EmulatorContext, user: UserDoc, q: Record<string, unknown>): Promise<RoomDoc> {
	const room = await ctx.c.rooms.findOne({ _id: String(q.roomId ?? ''), t: 'd' });
	if (!room || !(await canAccessRoom(ctx.c, room, user._id))) {
		throw new MeteorError('error-room-not-found', 'The required "roomId" or "username" params provided does not match any direct message');
	}
	return room;
}

export const roomRoutes: Route[] = [
	roomsInfo,
	roomsGet,
	subscriptionsGet,
	imCreate('/api/v1/im.create'),
	imCreate('/api/v1/dm.create'),
	channelsJoin,
	historyRoute('/api/v1/channels.history', (ctx, _user, q) => findChannel(ctx, q as { roomId?: string; roomName?: string }), schemas.channelsHistory),
	historyRoute('/api/v1/groups.history', findGroup, schemas.roomHistory),
	historyRoute('/api/v1/im.history', findDirect, schemas.roomHistory),
	historyRoute('/api/v1/dm.history', findDirect, schemas.roomHistory),
];
