/**
 * Rocket.Chat's own client package, @rocket.chat/ddp-client, against the emulator: connect, log in with a
 * token and with a password digest, receive a room's messages through `stream('room-messages', rid)`, and
 * call REST through its client.
 */
import { DDPSDK } from '@rocket.chat/ddp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openFileDb } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { seedTestWorkspace, type TestWorkspace } from './workspace.js';
import { sha256Hex } from './ids.js';
import { type Emulator, startEmulator } from './index.js';

// ddp-client opens sockets with the global WebSocket, which Node 20 has only behind a flag.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe("Rocket.Chat's @rocket.chat/ddp-client against the emulator", async () => {
	const t = await openFileDb();
	let fixture: TestWorkspace;
	let emulator: Emulator;
	let admin: RcUser;
	const sdks: DDPSDK[] = [];

	beforeAll(async () => {
		fixture = await seedTestWorkspace(t.db);
		emulator = await startEmulator({ db: t.db });
		admin = await RcUser.login(emulator.url, fixture.admin.username, fixture.admin.password);
	});
	afterAll(async () => {
		for (const sdk of sdks) {
			sdk.connection.close();
			sdk.timeoutControl.stop();
		}
		await emulator?.stop();
	});

	it('logs in with a token and receives room messages from the stream', async () => {
		const alice = await RcUser.login(emulator.url, fixture.user.username, fixture.user.password);
		const sdk = await DDPSDK.createAndConnect(emulator.url);
		sdks.push(sdk);
		await sdk.account.loginWithToken(alice.authToken);
		expect(sdk.account.uid).toBe(fixture.user._id);

		const received: { msg: string; u: { username: string } }[] = [];
		const stream = sdk.stream('room-messages', fixture.general._id, (message) => {
			received.push(message as { msg: string; u: { username: string } });
		});
		await stream.ready();
		await admin.send(fixture.general._id, 'to the official client');
		await until(() => received.some((m) => m.msg === 'to the official client'), 'the message');
		expect(received.find((m) => m.msg === 'to the official client')?.u.username).toBe('admin');
		stream.stop();
	});

	it('logs in with a password digest and posts through its REST client', async () => {
		const sdk = await DDPSDK.createAndConnect(emulator.url);
		sdks.push(sdk);
		await sdk.account.loginWithPassword(fixture.user.username, sha256Hex(fixture.user.password));
		expect(sdk.account.user?.token).toEqual(expect.any(String));
		const answer: unknown = await sdk.rest.post('/v1/chat.sendMessage', {
			message: { rid: fixture.general._id, msg: 'sent through ddp-client rest' },
		});
		expect(answer).toMatchObject({ success: true, message: { u: { _id: fixture.user._id } } });
	});

	it('rejects a login with a token the server does not know', async () => {
		const sdk = await DDPSDK.createAndConnect(emulator.url);
		sdks.push(sdk);
		await expect(sdk.account.loginWithToken('stale-token')).rejects.toMatchObject({ error: 403 });
	});
});
