/** Each fault switch does what it says, as a client observes it. */
import { describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { RcUser } from '../support/rc-user.js';
import { call, openRawDdp } from './raw-ddp.js';

describe('faults on demand', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { emulator: { heartbeatMs: 1_000, log: (line) => logged(line) }, users: ['admin'] });
	const logWaiters = new Set<(line: string) => void>();
	const logged = (line: string) => {
		for (const waiter of [...logWaiters]) waiter(line);
	};
	/** Resolves with the next emulator log line that matches (lines before the call are not looked at). */
	const nextLog = (pattern: RegExp, timeoutMs = 10_000) =>
		new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				logWaiters.delete(waiter);
				reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms`));
			}, timeoutMs);
			const waiter = (line: string) => {
				if (!pattern.test(line)) return;
				clearTimeout(timer);
				logWaiters.delete(waiter);
				resolve(line);
			};
			logWaiters.add(waiter);
		});

	it('dropSockets ends connections abruptly (1006); closeSockets closes them cleanly with the code asked', async () => {
		const dropped = await openRawDdp(w.emulator.url, true, true);
		w.emulator.faults.dropSockets();
		expect(await dropped.closed).toBe(1006);

		const clean = await openRawDdp(w.emulator.url, true, true);
		w.emulator.faults.closeSockets();
		expect(await clean.closed).toBe(1000);

		const coded = await openRawDdp(w.emulator.url, true, true);
		w.emulator.faults.closeSockets(4000);
		expect(await coded.closed).toBe(4000);
	});

	it('rejectResumes answers token logins with 403 over DDP and REST, and leaves password logins alone', async () => {
		w.emulator.faults.rejectResumes(true);
		try {
			const peer = await openRawDdp(w.emulator.url, true, true);
			const refused = await call(peer, '1', 'login', [{ resume: w.admin.authToken }]);
			expect(refused.error).toMatchObject({ error: 403, reason: "You've been logged out by the server. Please log in again." });
			peer.close();
			const rest = await fetch(`${w.emulator.url}/api/v1/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ resume: w.admin.authToken }),
			});
			expect(rest.status).toBe(401);
			expect(await rest.json()).toMatchObject({ success: false, status: 'error', error: 403 });
			await expect(RcUser.login(w.emulator.url, w.fixture.user.username, w.fixture.user.password)).resolves.toBeInstanceOf(RcUser);
		} finally {
			w.emulator.faults.rejectResumes(false);
		}
		const peer = await openRawDdp(w.emulator.url, true, true);
		expect((await call(peer, '2', 'login', [{ resume: w.admin.authToken }])).error).toBeUndefined();
		peer.close();
	});

	it('pings an idle client, and closes the connection of a client that stays silent', async () => {
		const peer = await openRawDdp(w.emulator.url);
		await peer.next((f) => f.msg === 'ping', 5_000);
		expect(await peer.closed).toBe(1000);
	});

	it('ignorePings stops both answering pings and sending them', async () => {
		w.emulator.faults.ignorePings(true);
		try {
			const withheld = nextLog(/^heartbeat \S+: ping withheld/);
			const peer = await openRawDdp(w.emulator.url);
			peer.send({ msg: 'ping', id: 'anyone?' });
			// The heartbeat interval has passed since the client's ping: without the fault a ping would have gone out now.
			await withheld;
			// A method's result comes after anything the server sent before it on this socket (a pong, a ping).
			expect((await call(peer, 'after', 'no-such-method', [])).error).toMatchObject({ error: 404 });
			expect(peer.frames.filter((f) => f.msg === 'pong' || f.msg === 'ping')).toEqual([]);
			peer.close();
		} finally {
			w.emulator.faults.ignorePings(false);
		}
	});

	it('delayResponses holds REST answers and DDP method results back', async () => {
		const peer = await openRawDdp(w.emulator.url, true, true);
		w.emulator.faults.delayResponses(400);
		try {
			let started = Date.now();
			await w.admin.get('me');
			expect(Date.now() - started).toBeGreaterThanOrEqual(390);
			started = Date.now();
			await call(peer, '1', 'login', [{ resume: w.admin.authToken }]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		} finally {
			w.emulator.faults.delayResponses(0);
			peer.close();
		}
	});

	it('failRest fails matching routes with the status given, until switched off', async () => {
		w.emulator.faults.failRest(/licenses\.add$/, 502);
		try {
			const failing = await fetch(`${w.emulator.url}/api/v1/licenses.add`, {
				method: 'POST',
				headers: { 'X-User-Id': w.admin.userId, 'X-Auth-Token': w.admin.authToken, 'content-type': 'application/json' },
				body: JSON.stringify({ license: 'x' }),
			});
			expect(failing.status).toBe(502);
			await expect(w.admin.get('me')).resolves.toMatchObject({ username: 'admin' });
		} finally {
			w.emulator.faults.failRest(null);
		}
		await expect(w.admin.post('licenses.add', { license: 'x' })).rejects.toMatchObject({ status: 400 });
	});

	it('restart disconnects every client and serves again on the same port, tokens still valid', async () => {
		const peer = await openRawDdp(w.emulator.url, true, true);
		const { port, url } = w.emulator;
		await w.emulator.restart();
		expect(await peer.closed).toBe(1006);
		expect(w.emulator.port).toBe(port);
		const again = await openRawDdp(url, true, true);
		expect((await call(again, '1', 'login', [{ resume: w.admin.authToken }])).error).toBeUndefined();
		again.close();
		await expect(w.admin.get('me')).resolves.toMatchObject({ username: 'admin' });
	});

	it('setVersion changes the version the server claims', async () => {
		w.emulator.setVersion('8.2.1');
		try {
			const info = (await (await fetch(`${w.emulator.url}/api/info`)).json()) as { version: string };
			expect(info.version).toBe('8.2');
		} finally {
			w.emulator.setVersion('7.10.2');
		}
	});
});
