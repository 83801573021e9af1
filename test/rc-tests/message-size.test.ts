/**
 * Message_MaxAllowedSize as Rocket.Chat enforces it, lowered through POST settings/:_id as Rocket.Chat's own
 * tests lower it (end-to-end/api/chat.ts, rooms.ts "Max allowed size"), checked against the code:
 * executeSendMessage (lib/server/methods/sendMessage.ts: `msg.length`, Meteor.Error with method sendMessage),
 * chat.postMessage (v1/chat.ts: text and attachment text, API.v1.failure('error-message-size-exceeded')),
 * and chat.update, which checks no size (v1/chat.ts → executeUpdateMessage in lib/server/methods/updateMessage.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';

const LIMIT = 10;

describe('Message_MaxAllowedSize', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { users: ['admin'] });
	let original: unknown;

	async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method: 'POST',
			headers: { 'X-User-Id': w.admin.userId, 'X-Auth-Token': w.admin.authToken, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	beforeAll(async () => {
		original = (await w.admin.get<{ value: unknown }>('settings/Message_MaxAllowedSize')).value;
		await w.admin.post('settings/Message_MaxAllowedSize', { value: LIMIT });
	});
	afterAll(async () => {
		await w.admin?.post('settings/Message_MaxAllowedSize', { value: original });
	});

	it('chat.sendMessage takes a message of exactly the limit and refuses one character more', async () => {
		const at = await post('chat.sendMessage', { message: { rid: w.fixture.general._id, msg: 'x'.repeat(LIMIT) } });
		expect(at.status).toBe(200);
		const over = await post('chat.sendMessage', { message: { rid: w.fixture.general._id, msg: 'x'.repeat(LIMIT + 1) } });
		expect(over).toEqual({
			status: 400,
			body: {
				success: false,
				error: 'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
				errorType: 'error-message-size-exceeded',
				details: { method: 'sendMessage' },
			},
		});
	});

	it('counts UTF-16 code units, as `msg.length` does', async () => {
		// Five emoji are ten code units: at the limit.
		expect((await post('chat.sendMessage', { message: { rid: w.fixture.general._id, msg: '😀'.repeat(5) } })).status).toBe(200);
		expect((await post('chat.sendMessage', { message: { rid: w.fixture.general._id, msg: `${'😀'.repeat(5)}x` } })).status).toBe(400);
	});

	it('chat.postMessage refuses a long text or a long attachment text with a bare error', async () => {
		const bare = { status: 400, body: { success: false, error: 'error-message-size-exceeded' } };
		expect(await post('chat.postMessage', { roomId: w.fixture.general._id, text: 'x'.repeat(LIMIT + 1) })).toEqual(bare);
		expect(await post('chat.postMessage', { roomId: w.fixture.general._id, text: 'ok', attachments: [{ text: 'x'.repeat(LIMIT + 1) }] })).toEqual(bare);
		expect((await post('chat.postMessage', { roomId: w.fixture.general._id, text: 'x'.repeat(LIMIT) })).status).toBe(200);
	});

	it('chat.update checks no size: Rocket.Chat lets an edit grow past the limit', async () => {
		const sent = await w.admin.send(w.fixture.general._id, 'short');
		const edited = await post('chat.update', { roomId: w.fixture.general._id, msgId: sent._id, text: 'x'.repeat(LIMIT * 3) });
		expect(edited.status).toBe(200);
		expect((edited.body.message as { msg: string }).msg).toBe('x'.repeat(LIMIT * 3));
	});
});
