/**
 * Rocket.Chat's own client package, @rocket.chat/ddp-client, against the emulator: connect, log in with a
 * token and with a password digest, receive a room's messages through `stream('room-messages', rid)`, and
 * call REST through its client.
 */
import { DDPSDK } from '@rocket.chat/ddp-client';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { RcUser } from '../support/rc-user.js';
import { sha256Hex } from './ids.js';

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
	const w = emulatorWorld(t, { users: ['admin'] });
	const sdks: DDPSDK[] = [];

	afterAll(async () => {
		for (const sdk of sdks) {
			sdk.connection.close();
			sdk.timeoutControl.stop();
		}
	});

	it('logs in with a token and receives room messages from the stream', async () => {
		const alice = await RcUser.login(w.emulator.url, w.fixture.user.username, w.fixture.user.password);
		const sdk = await DDPSDK.createAndConnect(w.emulator.url);
		sdks.push(sdk);
		await sdk.account.loginWithToken(alice.authToken);
		expect(sdk.account.uid).toBe(w.fixture.user._id);

		const received: { msg: string; u: { username: string } }[] = [];
		const stream = sdk.stream('room-messages', w.fixture.general._id, (message) => {
			received.push(message as { msg: string; u: { username: string } });
		});
		await stream.ready();
		await w.admin.send(w.fixture.general._id, 'to the official client');
		await until(() => received.some((m) => m.msg === 'to the official client'), 'the message');
		expect(received.find((m) => m.msg === 'to the official client')?.u.username).toBe('admin');
		stream.stop();
	});

	it('logs in with a password digest and posts through its REST client', async () => {
		const sdk = await DDPSDK.createAndConnect(w.emulator.url);
		sdks.push(sdk);
		await sdk.account.loginWithPassword(w.fixture.user.username, sha256Hex(w.fixture.user.password));
		expect(sdk.account.user?.token).toEqual(expect.any(String));
		const answer: unknown = await sdk.rest.post('/v1/chat.sendMessage', {
			message: { rid: w.fixture.general._id, msg: 'sent through ddp-client rest' },
		});
		expect(answer).toMatchObject({ success: true, message: { u: { _id: w.fixture.user._id } } });
	});

	it('rejects a login with a token the server does not know', async () => {
		const sdk = await DDPSDK.createAndConnect(w.emulator.url);
		sdks.push(sdk);
		await expect(sdk.account.loginWithToken('stale-token')).rejects.toMatchObject({ error: 403 });
	});
});
