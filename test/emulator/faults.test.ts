/** Each fault switch does what it says, as a client observes it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { seedTestWorkspace, type TestWorkspace } from './workspace.js';
import { type Emulator, startEmulator } from './index.js';
import { call, openRawDdp } from './raw-ddp.js';

describe('faults on demand', async () => {
	const t = await openFileDb();
	let fixture: TestWorkspace;
	let emulator: Emulator;
	let admin: RcUser;
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

	beforeAll(async () => {
		fixture = await seedTestWorkspace(t.db);
		emulator = await startEmulator({ db: t.db, heartbeatMs: 1_000, log: (line) => logged(line) });
		admin = await RcUser.login(emulator.url, fixture.admin.username, fixture.admin.password);
	});
	afterAll(async () => {
		await emulator?.stop();
	});

	it('dropSockets ends connections abruptly (1006); closeSockets closes them cleanly with the code asked', async () => {
		const dropped = await openRawDdp(emulator.url, true, true);
		emulator.faults.dropSockets();
		expect(await dropped.closed).toBe(1006);

		const clean = await openRawDdp(emulator.url, true, true);
		emulator.faults.closeSockets();
		expect(await clean.closed).toBe(1000);

		const coded = await openRawDdp(emulator.url, true, true);
		emulator.faults.closeSockets(4000);
		expect(await coded.closed).toBe(4000);
	});

	it('rejectResumes answers token logins with 403 over DDP and REST, and leaves password logins alone', async () => {
		emulator.faults.rejectResumes(true);
		try {
			const peer = await openRawDdp(emulator.url, true, true);
			const refused = await call(peer, '1', 'login', [{ resume: admin.authToken }]);
			expect(refused.error).toMatchObject({ error: 403, reason: "You've been logged out by the server. Please log in again." });
			peer.close();
			const rest = await fetch(`${emulator.url}/api/v1/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ resume: admin.authToken }),
			});
			expect(rest.status).toBe(401);
			expect(await rest.json()).toMatchObject({ success: false, status: 'error', error: 403 });
			await expect(RcUser.login(emulator.url, fixture.user.username, fixture.user.password)).resolves.toBeInstanceOf(RcUser);
		} finally {
			emulator.faults.rejectResumes(false);
		}
		const peer = await openRawDdp(emulator.url, true, true);
		expect((await call(peer, '2', 'login', [{ resume: admin.authToken }])).error).toBeUndefined();
		peer.close();
	});

	it('pings an idle client, and closes the connection of a client that stays silent', async () => {
		const peer = await openRawDdp(emulator.url);
		await peer.next((f) => f.msg === 'ping', 5_000);
		expect(await peer.closed).toBe(1000);
	});

	it('ignorePings stops both answering pings and sending them', async () => {
		emulator.faults.ignorePings(true);
		try {
			const withheld = nextLog(/^heartbeat \S+: ping withheld/);
			const peer = await openRawDdp(emulator.url);
			peer.send({ msg: 'ping', id: 'anyone?' });
			// The heartbeat interval has passed since the client's ping: without the fault a ping would have gone out now.
			await withheld;
			// A method's result comes after anything the server sent before it on this socket (a pong, a ping).
			expect((await call(peer, 'after', 'no-such-method', [])).error).toMatchObject({ error: 404 });
			expect(peer.frames.filter((f) => f.msg === 'pong' || f.msg === 'ping')).toEqual([]);
			peer.close();
		} finally {
			emulator.faults.ignorePings(false);
		}
	});

	it('delayResponses holds REST answers and DDP method results back', async () => {
		const peer = await openRawDdp(emulator.url, true, true);
		emulator.faults.delayResponses(400);
		try {
			let started = Date.now();
			await admin.get('me');
			expect(Date.now() - started).toBeGreaterThanOrEqual(390);
			started = Date.now();
			await call(peer, '1', 'login', [{ resume: admin.authToken }]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		} finally {
			emulator.faults.delayResponses(0);
			peer.close();
		}
	});

	it('failRest fails matching routes with the status given, until switched off', async () => {
		emulator.faults.failRest(/licenses\.add$/, 502);
		try {
			const failing = await fetch(`${emulator.url}/api/v1/licenses.add`, {
				method: 'POST',
				headers: { 'X-User-Id': admin.userId, 'X-Auth-Token': admin.authToken, 'content-type': 'application/json' },
				body: JSON.stringify({ license: 'x' }),
			});
			expect(failing.status).toBe(502);
			await expect(admin.get('me')).resolves.toMatchObject({ username: 'admin' });
		} finally {
			emulator.faults.failRest(null);
		}
		await expect(admin.post('licenses.add', { license: 'x' })).rejects.toMatchObject({ status: 400 });
	});

	it('restart disconnects every client and serves again on the same port, tokens still valid', async () => {
		const peer = await openRawDdp(emulator.url, true, true);
		const { port, url } = emulator;
		await emulator.restart();
		expect(await peer.closed).toBe(1006);
		expect(emulator.port).toBe(port);
		const again = await openRawDdp(url, true, true);
		expect((await call(again, '1', 'login', [{ resume: admin.authToken }])).error).toBeUndefined();
		again.close();
		await expect(admin.get('me')).resolves.toMatchObject({ username: 'admin' });
	});

	it('setVersion changes the version the server claims', async () => {
		emulator.setVersion('8.2.1');
		try {
			const info = (await (await fetch(`${emulator.url}/api/info`)).json()) as { version: string };
			expect(info.version).toBe('8.2');
		} finally {
			emulator.setVersion('7.10.2');
		}
	});
});
