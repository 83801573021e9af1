/** POST login, GET/POST logout, GET me (api/server/ApiClass.ts _initAuth, v1/misc.ts me). */
import { type LoginResult, loginWithPassword, loginWithPlainPassword, loginWithResume, removeLoginToken, type UserSelector } from '../../accounts.js';
import type { EmulatorContext } from '../../context.js';
import { MeteorError } from '../../errors.js';
import { defaultUserPreferences } from '../../settings.js';
import { defineRoute, ok, type Reply, type Route } from '../router.js';
import { meView } from '../user-view.js';

const LOGGED_OUT = "You've been logged out by the server. Please log in again.";

/** loginCompatibility: `user`/`username`/`email` + `password` (plain or {hashed}), or `resume`. */
function attemptLogin(ctx: EmulatorContext, body: Record<string, unknown>): Promise<LoginResult> {
	if (typeof body.resume === 'string') {
		if (ctx.faults.rejectResumes) throw new MeteorError(403, LOGGED_OUT);
		return loginWithResume(ctx.c, body.resume);
	}
	const { user, username, email, password } = body;
	let selector: UserSelector | undefined;
	if (typeof user === 'string') selector = user.includes('@') ? { email: user } : { username: user };
	else if (user && typeof user === 'object') selector = user as UserSelector;
	else if (typeof username === 'string') selector = { username };
	else if (typeof email === 'string') selector = { email };
	if (selector && typeof password === 'string') return loginWithPlainPassword(ctx.c, selector, password);
	if (selector && password && typeof password === 'object') {
		const { hashed, digest } = password as { hashed?: unknown; digest?: unknown };
		const hex = typeof hashed === 'string' ? hashed : digest;
		if (typeof hex === 'string') return loginWithPassword(ctx.c, selector, hex);
	}
	throw new MeteorError(400, 'Unrecognized options for login request');
}

/** A failed login: 401 with Meteor's error code and reason (the pre-8.0 compatible body). */
function loginFailure(error: unknown): Reply {
	if (!(error instanceof MeteorError)) return { status: 500, body: { success: false, error: 'Internal server error' } };
	const unknownUser = error.reason === 'User not found';
	return {
		status: 401,
		body: {
			success: false,
			status: 'error',
			error: unknownUser ? 'Unauthorized' : error.error,
			message: unknownUser ? 'Unauthorized' : (error.reason ?? error.message),
			...(error.details && { details: error.details }),
		},
	};
}

const login = defineRoute({
	method: 'POST',
	path: '/api/v1/login',
	auth: 'none',
	async action(ctx, { body }) {
		try {
			const result = await attemptLogin(ctx, body);
			return ok({
				status: 'success',
				data: { userId: result.user._id, authToken: result.token, me: meView(result.user, ctx.url(), await defaultUserPreferences(ctx.c, ctx.identity.version)) },
			});
		} catch (error) {
			return loginFailure(error);
		}
	},
});

function logoutRoute(method: 'GET' | 'POST'): Route {
	return defineRoute({
		method,
		path: '/api/v1/logout',
		auth: 'required',
		async action(ctx, { user, token }) {
			await removeLoginToken(ctx.c, user._id, token);
			return { status: 200, body: { status: 'success', data: { message: "You've been logged out!" } } };
		},
	});
}

const me = defineRoute({
	method: 'GET',
	path: '/api/v1/me',
	auth: 'required',
	async action(ctx, { user }) {
		return ok(meView(user, ctx.url(), await defaultUserPreferences(ctx.c, ctx.identity.version)));
	},
});

export const authRoutes: Route[] = [login, logoutRoute('GET'), logoutRoute('POST'), me];
