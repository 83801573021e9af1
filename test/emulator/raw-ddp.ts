/** A bare WebSocket DDP peer for tests that check frames byte by byte. */
import WebSocket from 'ws';

type Frame = Record<string, unknown>;

/** A raw DDP connection: send frames, read every frame received, wait for one. */
export interface RawDdp {
	frames: Frame[];
	send(frame: Frame): void;
	next(predicate: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
	/** Resolves with the close code once the server closes the socket. */
	closed: Promise<number>;
	close(): void;
}

/**
 * Opens /websocket and completes the handshake unless `handshake` is false. The peer answers server pings
 * only when `answerPings` is set; otherwise the server's heartbeat eventually closes it.
 */
export async function openRawDdp(url: string, handshake = true, answerPings = false): Promise<RawDdp> {
	const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/websocket`);
	const frames: Frame[] = [];
	const waiters = new Set<() => void>();
	ws.on('message', (data) => {
		const frame = JSON.parse(data.toString()) as Frame;
		frames.push(frame);
		if (answerPings && frame.msg === 'ping') ws.send(JSON.stringify({ msg: 'pong' }));
		for (const wake of [...waiters]) wake();
	});
	const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	const peer: RawDdp = {
		frames,
		send: (frame) => ws.send(JSON.stringify(frame)),
		next(predicate, timeoutMs = 5_000) {
			return new Promise((resolve, reject) => {
				let seen = 0;
				const check = () => {
					for (; seen < frames.length; seen++) {
						const frame = frames[seen];
						if (frame && predicate(frame)) {
							clearTimeout(timer);
							waiters.delete(check);
							resolve(frame);
							return;
						}
					}
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`No matching DDP frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
		closed,
		close: () => ws.close(),
	};
	if (handshake) {
		peer.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
		await peer.next((f) => f.msg === 'connected');
	}
	return peer;
}

/** Calls a method and waits for its `result` frame. */
export async function call(peer: RawDdp, id: string, method: string, params: unknown[]): Promise<Frame> {
	peer.send({ msg: 'method', method, params, id });
	return peer.next((f) => f.msg === 'result' && f.id === id);
}

/**
 * Resolves once every frame the server sent this peer before now has arrived: the server answers a ping on
 * receipt, and one socket delivers in order, so a frame sent before the pong is in `frames` when it comes.
 * A test that asserts a frame did not come waits on this, not on a sleep.
 */
let flushes = 0;
export async function flushed(peer: RawDdp): Promise<void> {
	const id = `flush-${++flushes}`;
	peer.send({ msg: 'ping', id });
	await peer.next((f) => f.msg === 'pong' && f.id === id);
}

/** Subscribes and waits for `ready` or `nosub`. */
export async function subscribe(peer: RawDdp, id: string, name: string, params: unknown[]): Promise<Frame> {
	peer.send({ msg: 'sub', id, name, params });
	return peer.next((f) => (f.msg === 'ready' && Array.isArray(f.subs) && f.subs.includes(id)) || (f.msg === 'nosub' && f.id === id));
}
