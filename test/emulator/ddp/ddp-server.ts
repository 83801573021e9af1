/**
 * The realtime API at /websocket: accepts WebSocket upgrades, runs the DDP methods Rocket.Chat's server
 * answers for these clients (login, logout, updateMessage, the stream write methods), and fans emulator
 * events out to the subscribed sessions in order.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { loginWithPassword, loginWithResume, removeLoginToken, type UserSelector } from '../accounts.js';
import type { EmulatorContext } from '../context.js';
import { MeteorError } from '../errors.js';
import { sha256Hex } from '../ids.js';
import { updateMessageMethod } from './message-methods.js';
import { DdpSession, type SessionHost } from './session.js';
import { checkSubscription, type Delivery, deliveriesFor, STREAMS, writeNotifyRoom } from './streams.js';

const LOGGED_OUT = "You've been logged out by the server. Please log in again.";

/** The login method's argument: resume token, or user + password (digest or plain). */
type LoginParams = {
	resume?: unknown;
	user?: unknown;
	password?: unknown;
};

export class DdpServer {
	private readonly wss = new WebSocketServer({ noServer: true });
	private readonly sessions = new Set<DdpSession>();
	private delivery: Promise<void> = Promise.resolve();
	private readonly host: SessionHost;
	private readonly unsubscribe: () => void;

	constructor(
		private readonly ctx: EmulatorContext,
		heartbeatMs: number,
	) {
		this.host = {
			ctx,
			heartbeatMs,
			callMethod: (session, method, params) => this.callMethod(session, method, params),
			subscribe: (session, name, params) => checkSubscription(ctx, session, name, params),
			onClose: (session) => this.sessions.delete(session),
		};
		this.unsubscribe = ctx.bus.on((event) => {
			const sessions = [...this.sessions];
			// One queue for all events keeps every subscription's frames in the order things happened.
			this.delivery = this.delivery
				.then(async () => this.send(await deliveriesFor(ctx, sessions, event)))
				.catch((error: unknown) => ctx.log(`stream delivery failed: ${error instanceof Error ? error.stack : String(error)}`));
		});
	}

	/** Takes over an HTTP upgrade when it is for /websocket; returns false otherwise. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const path = new URL(req.url ?? '/', 'http://emulator').pathname;
		if (path !== '/websocket') return false;
		this.wss.handleUpgrade(req, socket, head, (ws) => {
			this.sessions.add(new DdpSession(ws, this.host));
		});
		return true;
	}

	/** Ends every connection abruptly (clients see 1006). */
	dropAll(): void {
		for (const session of this.sessions) session.terminate();
	}

	/** Closes every connection cleanly with the given code. */
	closeAll(code: number): void {
		for (const session of this.sessions) session.close(code);
	}

	/** Resolves when every stream frame queued so far has been sent. */
	flushed(): Promise<void> {
		return this.delivery;
	}

	stop(): void {
		this.unsubscribe();
		this.dropAll();
		this.wss.close();
	}

	private send(deliveries: Delivery[]): void {
		for (const { session, stream, eventName, args } of deliveries) {
			session.send({ msg: 'changed', collection: stream, id: 'id', fields: { eventName, args } });
		}
	}

	private async callMethod(session: DdpSession, method: string, params: unknown[]): Promise<unknown> {
		switch (method) {
			case 'login':
				return this.login(session, (params[0] ?? {}) as LoginParams);
			case 'logout':
				if (session.userId && session.token) await removeLoginToken(this.ctx.c, session.userId, session.token);
				session.userId = undefined;
				session.token = undefined;
				return undefined;
			case 'updateMessage':
				return updateMessageMethod(this.ctx, session.userId, params);
			case 'stream-notify-room': {
				const [eventName, ...args] = params;
				if (typeof eventName === 'string') this.send(await writeNotifyRoom(this.ctx, [...this.sessions], session, eventName, args));
				return undefined;
			}
			default:
				// Every streamer registers a write method of its own name; the others refuse writes silently.
				if (STREAMS.includes(method)) return undefined;
				throw new MeteorError(404, `Method '${method}' not found`);
		}
	}

	private async login(session: DdpSession, params: LoginParams) {
		let result: Awaited<ReturnType<typeof loginWithResume>>;
		if (typeof params.resume === 'string') {
			if (this.ctx.faults.rejectResumes) throw new MeteorError(403, LOGGED_OUT);
			result = await loginWithResume(this.ctx.c, params.resume);
		} else if (params.user && typeof params.user === 'object' && params.password !== undefined) {
			const password = params.password;
			const digest =
				typeof password === 'string'
					? sha256Hex(password)
					: password && typeof password === 'object' && typeof (password as { digest?: unknown }).digest === 'string'
						? (password as { digest: string }).digest
						: undefined;
			if (!digest) throw new MeteorError(400, 'Match failed');
			result = await loginWithPassword(this.ctx.c, params.user as UserSelector, digest);
		} else {
			throw new MeteorError(400, 'Unrecognized options for login request');
		}
		session.userId = result.user._id;
		session.token = result.token;
		return { id: result.user._id, token: result.token, tokenExpires: result.tokenExpires, type: result.type };
	}
}
