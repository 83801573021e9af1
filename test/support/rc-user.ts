/**
 * A Rocket.Chat user as tests, the sandbox and the benchmarks drive one: REST (/api/v1, X-User-Id and
 * X-Auth-Token) to act, and a DDP connection (stream-room-messages per room) to see what arrives.
 * It is a plain client of the server: it works against the emulator and against a real Rocket.Chat.
 */
import WebSocket from 'ws';
import { fromEjson } from '../emulator/ejson.js';

/** A message as stream-room-messages delivers it (EJSON dates already turned into Date). */
export interface Message {
	_id: string;
	rid: string;
	msg: string;
	ts: Date;
	u: { _id: string; username: string; name?: string };
	t?: string;
	tmid?: string;
	editedAt?: Date;
	attachments?: Record<string, unknown>[];
	[field: string]: unknown;
}

/** Messages of one room as they arrive (updates of a message arrive again, as Rocket.Chat re-emits them). */
export interface RoomWatch {
	messages: Message[];
	/** The first message received since the watch began that matches, waiting for it if need be. */
	next(predicate: (message: Message) => boolean, timeoutMs?: number): Promise<Message>;
	/** Calls the listener for every message arriving from now on; returns a function that stops it. */
	onMessage(listener: (message: Message) => void): () => void;
	close(): void;
}

/** A REST call that Rocket.Chat answered with an error status. */
export class RcRestError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		path: string,
	) {
		super(`${path} answered ${status}: ${JSON.stringify(body)}`);
	}
}

type Frame = Record<string, unknown>;

/** Just enough DDP for a logged-in user to subscribe to streams. */
class StreamConnection {
	private nextId = 1;
	private readonly pending = new Map<string, { resolve: (frame: Frame) => void; reject: (error: Error) => void }>();
	private readonly listeners = new Map<string, (args: unknown[]) => void>();

	private constructor(private readonly ws: WebSocket) {
		ws.on('message', (data) => this.receive(data.toString()));
		ws.on('close', () => {
			for (const { reject } of this.pending.values()) reject(new Error('The DDP connection closed before the server answered.'));
			this.pending.clear();
		});
	}

	static async open(url: string, token: string): Promise<StreamConnection> {
		const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/websocket`);
		await new Promise<void>((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('error', reject);
		});
		const connection = new StreamConnection(ws);
		await connection.request('connected', { msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
		const login = await connection.request('result', { msg: 'method', method: 'login', params: [{ resume: token }] });
		if (login.error) {
			ws.close();
			throw new Error(`DDP login was refused: ${JSON.stringify(login.error)}`);
		}
		return connection;
	}

	private send(frame: Frame): void {
		this.ws.send(JSON.stringify(frame));
	}

	private request(answer: 'connected' | 'result' | 'ready', frame: Frame): Promise<Frame> {
		const id = answer === 'connected' ? 'connect' : String(this.nextId++);
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.send(answer === 'connected' ? frame : { ...frame, id });
		});
	}

	private settle(id: string, frame: Frame): void {
		const waiter = this.pending.get(id);
		this.pending.delete(id);
		waiter?.resolve(frame);
	}

	private receive(text: string): void {
		const frame = fromEjson(JSON.parse(text)) as Frame;
		switch (frame.msg) {
			case 'ping':
				this.send({ msg: 'pong', ...(frame.id !== undefined && { id: frame.id }) });
				break;
			case 'connected':
				this.settle('connect', frame);
				break;
			case 'result':
				this.settle(String(frame.id), frame);
				break;
			case 'ready':
				for (const id of (frame.subs as string[]) ?? []) this.settle(id, frame);
				break;
			case 'nosub':
				this.settle(String(frame.id), frame);
				break;
			case 'changed': {
				const fields = frame.fields as { eventName?: string; args?: unknown[] } | undefined;
				const listener = this.listeners.get(`${frame.collection}:${fields?.eventName}`);
				listener?.(fields?.args ?? []);
				break;
			}
			default:
				break;
		}
	}

	async subscribe(name: string, eventName: string, onEvent: (args: unknown[]) => void): Promise<string> {
		this.listeners.set(`${name}:${eventName}`, onEvent);
		const answer = await this.request('ready', { msg: 'sub', name, params: [eventName, { useCollection: false, args: [] }] });
		if (answer.msg === 'nosub') {
			this.listeners.delete(`${name}:${eventName}`);
			throw new Error(`Subscription to ${name} ${eventName} was refused: ${JSON.stringify(answer.error)}`);
		}
		return String(answer.subs && (answer.subs as string[])[0]);
	}

	unsubscribe(id: string, name: string, eventName: string): void {
		this.listeners.delete(`${name}:${eventName}`);
		if (this.ws.readyState === WebSocket.OPEN) this.send({ msg: 'unsub', id });
	}

	close(): void {
		this.ws.close();
	}
}

export class RcUser {
	private streams?: Promise<StreamConnection>;

	private constructor(
		readonly url: string,
		readonly userId: string,
		readonly authToken: string,
		readonly username: string,
	) {}

	/** Logs in over REST (POST /api/v1/login) with username and password. */
	static async login(url: string, username: string, password: string): Promise<RcUser> {
		const response = await fetch(`${url}/api/v1/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ user: username, password }),
		});
		const body = (await response.json()) as { data?: { userId: string; authToken: string; me?: { username?: string } } };
		if (!response.ok || !body.data) throw new RcRestError(response.status, body, 'login');
		return new RcUser(url, body.data.userId, body.data.authToken, body.data.me?.username ?? username);
	}

	private async call<T>(method: 'GET' | 'POST', path: string, query?: Record<string, string>, body?: unknown): Promise<T> {
		const clean = path.replace(/^\/+/, '');
		const search = query ? `?${new URLSearchParams(query)}` : '';
		const response = await fetch(`${this.url}/api/v1/${clean}${search}`, {
			method,
			headers: {
				'X-User-Id': this.userId,
				'X-Auth-Token': this.authToken,
				...(body !== undefined && { 'content-type': 'application/json' }),
			},
			...(body !== undefined && { body: JSON.stringify(body) }),
		});
		const text = await response.text();
		const parsed: unknown = text ? JSON.parse(text) : undefined;
		if (!response.ok) throw new RcRestError(response.status, parsed, clean);
		return parsed as T;
	}

	/** GET /api/v1/<path>; throws RcRestError with the status and body on an error status. */
	get<T>(path: string, query?: Record<string, string>): Promise<T> {
		return this.call<T>('GET', path, query);
	}

	/** POST /api/v1/<path> with a JSON body. */
	post<T>(path: string, body: unknown): Promise<T> {
		return this.call<T>('POST', path, undefined, body);
	}

	/** chat.sendMessage into a room; `extra` adds message fields (attachments, tmid, …). */
	async send(roomId: string, text: string, extra: Record<string, unknown> = {}): Promise<{ _id: string }> {
		const { message } = await this.post<{ message: { _id: string } }>('chat.sendMessage', { message: { rid: roomId, msg: text, ...extra } });
		return message;
	}

	/** im.create with one user: the DM's room id. */
	async dm(username: string): Promise<string> {
		const { room } = await this.post<{ room: { _id: string } }>('im.create', { username });
		return room._id;
	}

	/** Starts receiving a room's messages (stream-room-messages with the room id). */
	async watch(roomId: string): Promise<RoomWatch> {
		this.streams ??= StreamConnection.open(this.url, this.authToken);
		const connection = await this.streams;
		const messages: Message[] = [];
		const waiters = new Set<(message: Message) => void>();
		const listeners = new Set<(message: Message) => void>();
		const id = await connection.subscribe('stream-room-messages', roomId, (args) => {
			const message = args[0] as Message;
			messages.push(message);
			for (const waiter of [...waiters]) waiter(message);
			for (const listener of [...listeners]) listener(message);
		});
		return {
			messages,
			next(predicate, timeoutMs = 10_000) {
				const found = messages.find(predicate);
				if (found) return Promise.resolve(found);
				return new Promise((resolve, reject) => {
					const timer = setTimeout(() => {
						waiters.delete(waiter);
						reject(new Error(`No matching message arrived in room ${roomId} within ${timeoutMs} ms.`));
					}, timeoutMs);
					const waiter = (message: Message) => {
						if (!predicate(message)) return;
						clearTimeout(timer);
						waiters.delete(waiter);
						resolve(message);
					};
					waiters.add(waiter);
				});
			},
			onMessage(listener) {
				listeners.add(listener);
				return () => listeners.delete(listener);
			},
			close() {
				waiters.clear();
				listeners.clear();
				connection.unsubscribe(id, 'stream-room-messages', roomId);
			},
		};
	}

	/** Closes the stream connection (the login token stays valid). */
	async close(): Promise<void> {
		if (!this.streams) return;
		const connection = await this.streams.catch(() => undefined);
		connection?.close();
		this.streams = undefined;
	}
}
