/** The HTTP side: routing a request to its route, request bodies, faults, and writing the answer. */
import { type IncomingMessage, STATUS_CODES, type ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { applyDelay } from '../faults.js';
import { type RawRequest, type Reply, type Route, unknownRoute } from './router.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { chatRoutes } from './routes/chat-routes.js';
import { roomRoutes } from './routes/room-routes.js';
import { serveFile, uploadRoutes } from './routes/upload-routes.js';
import { userRoutes } from './routes/user-routes.js';

const ROUTES: Route[] = [...authRoutes, ...chatRoutes, ...roomRoutes, ...userRoutes, ...adminRoutes, ...uploadRoutes];
const FILE_UPLOAD = /^\/file-upload\/([^/]+)\/(.*)$/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** The router's body parsing: JSON or form-encoded; anything else (or unparsable) is an empty object. */
async function parseBody(req: IncomingMessage): Promise<unknown> {
	const type = req.headers['content-type'] ?? '';
	const text = (await readBody(req)).toString('utf8');
	if (!text) return {};
	try {
		if (type.includes('application/json')) return JSON.parse(text);
		if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
	} catch {
		return {};
	}
	return {};
}

function write(res: ServerResponse, reply: Reply): void {
	if (reply.raw) {
		res.writeHead(reply.status, { 'content-length': reply.raw.length, ...reply.headers });
		res.end(reply.raw);
		return;
	}
	const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
	res.writeHead(reply.status, {
		'content-type': 'application/json',
		'cache-control': 'no-store',
		pragma: 'no-cache',
		...reply.headers,
	});
	res.end(body);
}

async function answer(ctx: EmulatorContext, req: IncomingMessage, url: URL): Promise<Reply> {
	const query = Object.fromEntries(url.searchParams);
	const fileMatch = FILE_UPLOAD.exec(url.pathname);
	if (fileMatch && req.method === 'GET') {
		return serveFile(ctx, { req, params: { id: fileMatch[1] ?? '', name: fileMatch[2] ?? '' }, query, body: {} });
	}
	for (const route of ROUTES) {
		if (route.method !== req.method) continue;
		const params = route.match(url.pathname);
		if (!params) continue;
		const raw: RawRequest = { req, params, query, body: route.multipart ? {} : await parseBody(req) };
		return route.run(ctx, raw);
	}
	return unknownRoute();
}

/** The `request` listener of the emulator's HTTP server. */
export function requestHandler(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const started = Date.now();
		const finish = (reply: Reply) => {
			write(res, reply);
			ctx.log(`REST ${req.method} ${url.pathname} ${reply.status} ${Date.now() - started}ms`);
		};
		const failing = ctx.faults.failRest;
		if (failing?.pattern.test(url.pathname)) {
			req.resume();
			void applyDelay(ctx.faults).then(() =>
				finish({ status: failing.status, body: { success: false, error: STATUS_CODES[failing.status] ?? 'Error' } }),
			);
			return;
		}
		answer(ctx, req, url)
			.then(async (reply) => {
				await applyDelay(ctx.faults);
				finish(reply);
			})
			.catch((error: unknown) => {
				ctx.log(`REST ${req.method} ${url.pathname} crashed: ${error instanceof Error ? error.stack : String(error)}`);
				finish({ status: 500, body: { success: false, error: 'Internal server error' } });
			});
	};
}
