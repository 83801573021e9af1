/** users.info, permissions.listAll, roles.list (api/server/v1/users.ts, permissions.ts, roles.ts). */
import { hasPermission } from '../../authz.js';
import { MeteorError } from '../../errors.js';
import { defineRoute, failure, ok, type Route } from '../router.js';
import * as schemas from '../schemas.js';
import { fullUserView, publicUserView } from '../user-view.js';

const usersInfo = defineRoute({
	method: 'GET',
	path: '/api/v1/users.info',
	auth: 'required',
	query: schemas.usersInfo,
	async action(ctx, { user: caller, query }) {
		const user = 'userId' in query ? await ctx.c.users.findOne({ _id: query.userId }) : await ctx.c.users.findOne({ username: query.username });
		if (!user) return failure('User not found.');
		const isSelf = user._id === caller._id;
		const full = isSelf || (await hasPermission(ctx.c, caller._id, 'view-full-other-user-info'));
		const view = full ? fullUserView(user) : publicUserView(user);
		if (query.includeUserRooms === 'true' && (isSelf || (await hasPermission(ctx.c, caller._id, 'view-other-user-channels')))) {
			const subs = await ctx.c.subscriptions.find({ 'u._id': user._id }).toArray();
			view.rooms = subs.map((sub) => ({ _id: sub._id, rid: sub.rid, name: sub.name, t: sub.t, roles: sub.roles ?? [], unread: sub.unread ?? 0 }));
		}
		return ok({ user: view });
	},
});

const permissionsListAll = defineRoute({
	method: 'GET',
	path: '/api/v1/permissions.listAll',
	auth: 'required',
	async action(ctx, { query }) {
		let since: Date | undefined;
		if (query.updatedSince) {
			if (Number.isNaN(Date.parse(query.updatedSince))) {
				throw new MeteorError('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.');
			}
			since = new Date(query.updatedSince);
		}
		const update = await ctx.c.permissions.find(since ? { _updatedAt: { $gt: since } } : {}).toArray();
		return ok({ update, remove: [] });
	},
});

const rolesList = defineRoute({
	method: 'GET',
	path: '/api/v1/roles.list',
	auth: 'required',
	async action(ctx) {
		return ok({ roles: await ctx.c.roles.find({}).toArray() });
	},
});

export const userRoutes: Route[] = [usersInfo, permissionsListAll, rolesList];
