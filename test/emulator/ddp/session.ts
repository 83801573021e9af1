/**
 * One DDP connection, speaking as Rocket.Chat's Meteor server does: `{"server_id":"0"}` on open, `connect` →
 * `connected`, ping/pong both ways, methods answered with `result` then `updated`, subscriptions with `ready`
 * or `nosub`, and a heartbeat that pings an idle client and closes the socket when it stays silent.
 * Messages of one connection are handled in order (Meteor runs a connection's methods one after another).
 */
import type { WebSocket } from 'ws';
import type { EmulatorContext } from '../context.js';
import { fromEjson, stringifyFrame } from '../ejson.js';
import { MeteorError } from '../errors.js';
import { applyDelay } from '../faults.js';
import { randomId } from '../ids.js';
import { redact } from '../redact.js';

/** A client's subscription to a stream event. */
export interface StreamSubscription {
	id: string;
	/** The publication name, e.g. stream-room-messages. */
	name: string;
	/** params[0]: the stream event, e.g. __my_messages__, a room id, `<uid>/rooms-changed`. */
	eventName: string;
}

/** What a session asks of the server it belongs to. */
export interface SessionHost {
	ctx: EmulatorContext;
	heartbeatMs: number;
	callMethod(session: DdpSession, method: string, params: unknown[]): Promise<unknown>;
	/** Validates a subscription; throws a MeteorError to refuse it. */
	subscribe(session: DdpSession, name: string, params: unknown[]): Promise<StreamSubscription>;
	onClose(session: DdpSession): void;
}

type Frame = Record<string, unknown>;

export class DdpSession {
	readonly id = randomId();
	userId?: string;
	/** The login token this connection is logged in with (removed again by `logout`). */
	token?: string;
	readonly subscriptions = new Map<string, StreamSubscription>();
	private connected = false;
	private chain: Promise<void> = Promise.resolve();
	private idleTimer?: NodeJS.Timeout;
	private closed = false;

	constructor(
		private readonly ws: WebSocket,
		private readonly host: SessionHost,
	) {
		ws.on('message', (data, isBinary) => this.receive(data.toString(), isBinary));
		ws.on('close', () => {
			this.closed = true;
			clearTimeout(this.idleTimer);
			this.subscriptions.clear();
			host.onClose(this);
		});
		ws.on('error', () => ws.terminate());
		// The Meteor server greets before the client speaks; clients ignore frames without `msg`.
		this.sendText(JSON.stringify({ server_id: '0' }));
		this.armHeartbeat();
	}

	get isOpen(): boolean {
		return !this.closed && this.ws.readyState === this.ws.OPEN;
	}

	/** Sends one frame (EJSON). */
	send(frame: Frame): void {
		this.sendText(stringifyFrame(frame));
	}

	private sendText(text: string): void {
		if (!this.isOpen) return;
		this.host.ctx.log(`S->C ${redact(text)}`);
		this.ws.send(text);
	}

	/** Abrupt end: the client sees 1006. */
	terminate(): void {
		this.ws.terminate();
	}

	/** Clean close with a code. */
	close(code: number, reason = ''): void {
		this.ws.close(code, reason);
	}

	private armHeartbeat(): void {
		clearTimeout(this.idleTimer);
		if (this.closed || this.host.heartbeatMs <= 0) return;
		this.idleTimer = setTimeout(() => {
			if (this.host.ctx.faults.ignorePings) {
				// Logged so a test can wait for the moment a ping would have gone out instead of sleeping past it.
				this.host.ctx.log(`heartbeat ${this.id}: ping withheld (ignorePings)`);
				return this.armHeartbeat();
			}
			this.send({ msg: 'ping' });
			// Still silent after another interval: Meteor's heartbeat gives the connection up.
			this.idleTimer = setTimeout(() => this.close(1000, 'heartbeat timeout'), this.host.heartbeatMs);
		}, this.host.heartbeatMs);
	}

	private receive(text: string, isBinary: boolean): void {
		this.armHeartbeat();
		this.host.ctx.log(`C->S ${redact(text)}`);
		let frame: Frame;
		try {
			if (isBinary) throw new Error('binary frame');
			// SockJS clients wrap frames in an array of strings.
			const payload: unknown = text.startsWith('[') ? JSON.parse(JSON.parse(text)[0]) : JSON.parse(text);
			frame = fromEjson(payload) as Frame;
		} catch {
			this.close(1007, 'UNSUPPORTED_DATA');
			return;
		}
		if (!this.connected) {
			this.handshake(frame);
			return;
		}
		const id = typeof frame.id === 'string' ? frame.id : undefined;
		switch (frame.msg) {
			case 'ping':
				if (!this.host.ctx.faults.ignorePings) this.send({ msg: 'pong', ...(frame.id !== undefined && { id: frame.id }) });
				break;
			case 'method': {
				const method = frame.method;
				if (typeof method !== 'string' || !id) this.close(1002, 'CLOSE_PROTOCOL_ERROR');
				else this.enqueue(() => this.method(id, method, (frame.params as unknown[]) ?? []));
				break;
			}
			case 'sub': {
				const name = frame.name;
				if (typeof name !== 'string' || !id) this.close(1002, 'CLOSE_PROTOCOL_ERROR');
				else this.enqueue(() => this.sub(id, name, (frame.params as unknown[]) ?? []));
				break;
			}
			case 'unsub':
				if (!id) this.close(1002, 'CLOSE_PROTOCOL_ERROR');
				else this.enqueue(async () => this.unsub(id));
				break;
			default:
				// `pong` and anything unknown need no answer.
				break;
		}
	}

	private handshake(frame: Frame): void {
		if (frame.msg !== 'connect') {
			this.close(1002, 'CLOSE_PROTOCOL_ERROR');
			return;
		}
		const offered = [frame.version, ...((frame.support as unknown[]) ?? [])];
		if (!offered.some((version) => version === '1' || version === 'pre2' || version === 'pre1')) {
			this.send({ msg: 'failed', version: '1' });
			this.close(1002, 'unsupported DDP version');
			return;
		}
		this.connected = true;
		this.send({ msg: 'connected', session: this.id });
	}

	private enqueue(task: () => Promise<void>): void {
		this.chain = this.chain.then(task).catch((error: unknown) => {
			this.host.ctx.log(`DDP task failed: ${error instanceof Error ? error.stack : String(error)}`);
		});
	}

	private async method(id: string, name: string, params: unknown[]): Promise<void> {
		let result: unknown;
		let error: Record<string, unknown> | undefined;
		try {
			result = await this.host.callMethod(this, name, params);
		} catch (thrown) {
			const meteor = thrown instanceof MeteorError ? thrown : new MeteorError(500, 'Internal server error');
			error = meteor.toJSON();
		}
		await applyDelay(this.host.ctx.faults);
		// Meteor omits `result` when the method returned nothing.
		this.send({ msg: 'result', id, ...(result !== undefined && { result }), ...(error && { error }) });
		this.send({ msg: 'updated', methods: [id] });
	}

	private async sub(id: string, name: string, params: unknown[]): Promise<void> {
		try {
			const subscription = await this.host.subscribe(this, name, params);
			if (!this.isOpen) return;
			this.subscriptions.set(id, { ...subscription, id });
			const options = params[1];
			if (options === true || (options && typeof options === 'object' && (options as { useCollection?: unknown }).useCollection === true)) {
				this.send({ msg: 'added', collection: name, id: 'id', fields: { eventName: subscription.eventName } });
			}
			this.send({ msg: 'ready', subs: [id] });
		} catch (thrown) {
			const meteor = thrown instanceof MeteorError ? thrown : new MeteorError(500, 'Internal server error');
			this.send({ msg: 'nosub', id, error: meteor.toJSON() });
		}
	}

	private unsub(id: string): void {
		this.subscriptions.delete(id);
		// Meteor answers every unsub with nosub, known or not.
		this.send({ msg: 'nosub', id });
	}
}
