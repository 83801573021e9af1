/**
 * REST routes run the way Rocket.Chat's APIClass runs them (api/server/ApiClass.ts, packages/http-router):
 * authentication (401), validation (400 invalid-params), permissionsRequired (403), the action, and the
 * conversion of thrown errors into Rocket.Chat's error bodies.
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { userByToken } from '../accounts.js';
import { hasAllPermissions } from '../authz.js';
import type { UserDoc } from '../collections.js';
import type { EmulatorContext } from '../context.js';
import { MeteorError } from '../errors.js';
import { validate } from './validate.js';

/** What the HTTP layer hands a route. */
export interface RawRequest {
	req: IncomingMessage;
	params: Record<string, string>;
	query: Record<string, string>;
	/** Parsed JSON or form body; `{}` for multipart (routes parse it themselves). */
	body: unknown;
}

/** An HTTP answer: a JSON body, or raw bytes with their own headers. */
export interface Reply {
	status: number;
	body?: unknown;
	raw?: Buffer;
	headers?: Record<string, string>;
}

/** The request as a route's action sees it, with validated query and body. */
export interface ActionRequest<Q, B> {
	req: IncomingMessage;
	params: Record<string, string>;
	query: Q;
	body: B;
	user?: UserDoc;
	/** The X-Auth-Token of an authenticated request. */
	token?: string;
}

/** An action on a route that requires a logged-in user. */
export type AuthedRequest<Q, B> = ActionRequest<Q, B> & { user: UserDoc; token: string };

interface RouteSpecBase<Q, B> {
	method: 'GET' | 'POST';
	/** Path with :params, e.g. /api/v1/rooms.media/:rid */
	path: string;
	/**
	 * 'legacy' (addRoute with validateParams): validation after authentication, Meteor.Error invalid-params.
	 * 'typed' (API.v1.get/post with query/body): validation first, `{errorType, error}` without suffix.
	 */
	style?: 'legacy' | 'typed';
	permissions?: string[];
	query?: z.ZodType<Q>;
	body?: z.ZodType<B>;
	/** The route reads its own multipart body. */
	multipart?: boolean;
}

/** A route definition: `auth: 'required'` gives the action a user; otherwise the user is optional. */
export type RouteSpec<Q, B> =
	| (RouteSpecBase<Q, B> & { auth: 'required'; action(ctx: EmulatorContext, r: AuthedRequest<Q, B>): Promise<Reply> })
	| (RouteSpecBase<Q, B> & { auth: 'none'; action(ctx: EmulatorContext, r: ActionRequest<Q, B>): Promise<Reply> });

/** A compiled route. */
export interface Route {
	method: 'GET' | 'POST';
	path: string;
	multipart: boolean;
	match(pathname: string): Record<string, string> | null;
	run(ctx: EmulatorContext, raw: RawRequest): Promise<Reply>;
}

/** API.v1.success: the result plus `success: true`. */
export function ok(result: Record<string, unknown> = {}): Reply {
	return { status: 200, body: { ...result, success: true } };
}

/** API.v1.failure: 400 with `error`, `errorType` and `details` when given. */
export function failure(error: unknown, errorType?: string | number, details?: unknown): Reply {
	return {
		status: 400,
		body: { success: false, error, ...(errorType !== undefined && { errorType }), ...(details !== undefined && { details }) },
	};
}

/** API.v1.forbidden (403; `unauthorized` is Rocket.Chat's historic default text). */
export function forbidden(message = 'unauthorized'): Reply {
	return { status: 403, body: { success: false, error: message } };
}

/** API.v1.notFound */
export function notFound(message = 'Resource not found'): Reply {
	return { status: 404, body: { success: false, error: message } };
}

/** Any path Rocket.Chat has no route for. */
export function unknownRoute(): Reply {
	return notFound('Not found');
}

const NOT_LOGGED_IN = 'You must be logged in to do this.';

/** The 401 of an authRequired route called without valid credentials (with the pre-8.0 compatibility keys). */
export function notLoggedIn(): Reply {
	return { status: 401, body: { success: false, error: NOT_LOGGED_IN, status: 'error', message: NOT_LOGGED_IN } };
}

/** The catch block of APIClass: thrown errors to 400/403/429 bodies. */
export function errorReply(error: unknown): Reply {
	if (error instanceof MeteorError) {
		if (error.error === 'error-too-many-requests') return { status: 429, body: { success: false, error: error.message } };
		if (error.error === 'unauthorized' || error.error === 'error-unauthorized') return forbidden(error.message);
		return failure(error.message, error.error, error.details);
	}
	return failure(error instanceof Error ? error.message : String(error));
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
	const keys: string[] = [];
	const source = path
		.split('/')
		.map((part) => {
			if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			keys.push(part.slice(1));
			return '([^/]+)';
		})
		.join('/');
	return { pattern: new RegExp(`^${source}/?$`), keys };
}

async function authenticate(ctx: EmulatorContext, req: IncomingMessage): Promise<{ user: UserDoc; token: string } | undefined> {
	const userId = req.headers['x-user-id'];
	const token = req.headers['x-auth-token'];
	if (typeof userId !== 'string' || typeof token !== 'string' || !userId || !token) return undefined;
	const user = await ctx.c.users.findOne({ _id: userId });
	if (!user || !(await userByToken(ctx.c, userId, token))) return undefined;
	return { user, token };
}

/** Builds a route from its definition. */
export function defineRoute<Q = Record<string, string>, B = Record<string, unknown>>(spec: RouteSpec<Q, B>): Route {
	const { pattern, keys } = compile(spec.path);
	const style = spec.style ?? 'legacy';

	const validateInput = (raw: RawRequest): { query: Q; body: B } | Reply => {
		const isGet = spec.method === 'GET';
		let query = raw.query as unknown as Q;
		let body = raw.body as B;
		if (spec.query) {
			const result = validate(spec.query, raw.query);
			if (!result.ok) {
				return style === 'typed'
					? { status: 400, body: { success: false, errorType: 'error-invalid-params', error: result.message } }
					: errorReply(new MeteorError('invalid-params', result.message));
			}
			query = result.value;
		}
		if (spec.body && !isGet) {
			const result = validate(spec.body, raw.body);
			if (!result.ok) {
				return style === 'typed'
					? { status: 400, body: { success: false, errorType: 'invalid-params', error: result.message } }
					: errorReply(new MeteorError('invalid-params', result.message));
			}
			body = result.value;
		}
		return { query, body };
	};

	const isReply = (value: unknown): value is Reply => typeof value === 'object' && value !== null && 'status' in value;

	return {
		method: spec.method,
		path: spec.path,
		multipart: spec.multipart ?? false,
		match(pathname) {
			const found = pattern.exec(pathname);
			if (!found) return null;
			return Object.fromEntries(keys.map((key, i) => [key, decodeURIComponent(found[i + 1] ?? '')]));
		},
		async run(ctx, raw) {
			let input: { query: Q; body: B } | undefined;
			if (style === 'typed') {
				const validated = validateInput(raw);
				if (isReply(validated)) return validated;
				input = validated;
			}
			const auth = await authenticate(ctx, raw.req);
			if (spec.auth === 'required' && !auth) return notLoggedIn();
			try {
				if (!input) {
					const validated = validateInput(raw);
					if (isReply(validated)) return validated;
					input = validated;
				}
				if (spec.permissions && !(await hasAllPermissions(ctx.c, auth?.user._id, spec.permissions))) {
					throw new MeteorError('error-unauthorized', 'User does not have the permissions required for this action', {
						permissions: spec.permissions,
					});
				}
				const request = { req: raw.req, params: raw.params, query: input.query, body: input.body, user: auth?.user, token: auth?.token };
				if (spec.auth === 'required') {
					return await spec.action(ctx, request as AuthedRequest<Q, B>);
				}
				return await spec.action(ctx, request);
			} catch (error) {
				return errorReply(error);
			}
		},
	};
}
