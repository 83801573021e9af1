/**
 * Answers where the emulator used to differ from Rocket.Chat, each checked against the Rocket.Chat code that
 * produces it: the login route of ApiClass with server/lib loginErrorMessageOverride (a wrong password is
 * reported as an unknown user: 401 Unauthorized), chat.sendMessage without `rid` (rest-typings'
 * chatSendMessageSchema does not require it; executeSendMessage refuses it), AJV's wording for oneOf/anyOf
 * (every branch's first error, then the combinator's), BeforeSaveJumpToMessage dropping quote attachments of
 * an edited message (RocketChat/Rocket.Chat#31660, 6.6.0) and createDirectRoom's member order.
 * Re-expressed from end-to-end/api/miscellaneous.ts (login), chat.ts (sendMessage, update), direct-message.ts.
 */
import { describe, expect, it } from 'vitest';
import { collectionsOf } from '../emulator/collections.js';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import type { RcUser } from '../support/rc-user.js';

describe('Rocket.Chat’s answers', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { emulator: { version: '7.10.2' }, users: ['admin'] });
	const c = collectionsOf(t.db);

	async function post(path: string, body: unknown, as?: RcUser): Promise<{ status: number; body: Record<string, unknown> }> {
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method: 'POST',
			headers: { ...(as && { 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken }), 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	it('miscellaneous.ts [/login]: a wrong password and an unknown user get the same 401 Unauthorized', async () => {
		const unauthorized = { status: 401, body: { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' } };
		expect(await post('login', { user: w.fixture.user.username, password: 'not-the-password' })).toEqual(unauthorized);
		expect(await post('login', { user: 'nobody-here', password: 'whatever' })).toEqual(unauthorized);
		expect(await post('login', { username: w.fixture.user.username, password: 'not-the-password' })).toEqual(unauthorized);
	});

	it('chat.ts: chat.sendMessage without rid passes the schema and is refused by executeSendMessage', async () => {
		expect(await post('chat.sendMessage', { message: { msg: 'where to?' } }, w.admin)).toEqual({
			status: 400,
			body: { success: false, error: "The 'rid' property on the message object is missing." },
		});
	});

	it('schema errors name the missing property of every oneOf/anyOf branch, as AJV words them', async () => {
		expect((await post('chat.postMessage', { text: 'hello' }, w.admin)).body).toEqual({
			success: false,
			error: "must have required property 'roomId'\n must have required property 'channel'\n must match exactly one schema in oneOf [invalid-params]",
			errorType: 'invalid-params',
		});
		expect((await post('chat.delete', {}, w.admin)).body.error).toBe(
			"must have required property 'msgId'\n must have required property 'fileId'\n must match a schema in anyOf [invalid-params]",
		);
		expect((await post('chat.sendMessage', 'not an object', w.admin)).body.error).toBe('must be object [invalid-params]');
	});

	it('chat.update drops the quote attachments of the edited message from 6.6 on, and keeps them before', async () => {
		const attachments = [{ message_link: `${w.emulator.url}/channel/general?msg=abc`, text: 'quoted' }, { text: 'plain' }];
		const edit = async () => {
			const { message } = await w.admin.post<{ message: { _id: string } }>('chat.sendMessage', {
				message: { rid: w.fixture.general._id, msg: 'with a quote', attachments },
			});
			await w.admin.post('chat.update', { roomId: w.fixture.general._id, msgId: message._id, text: 'edited' });
			return (await c.messages.findOne({ _id: message._id }))?.attachments;
		};
		expect(await edit()).toEqual([{ text: 'plain' }]);
		w.emulator.setVersion('6.5.0');
		try {
			expect(await edit()).toEqual(attachments);
		} finally {
			w.emulator.setVersion('7.10.2');
		}
	});

	it('direct-message.ts: a group DM lists its members by display name, and names each subscription after the others', async () => {
		const others = [w.fixture.user, w.fixture.bot];
		const { room } = await w.admin.post<{ room: { _id: string; usernames: string[] } }>('dm.create', {
			usernames: others.map((u) => u.username).join(','),
		});
		const users = await c.users.find({ username: { $in: [w.fixture.admin.username, ...others.map((u) => u.username)] } }).toArray();
		const display = (u: { name?: string; username?: string }) => u.name || u.username || '';
		const expected = [...users].sort((a, b) => display(a).localeCompare(display(b)));
		expect(room.usernames).toEqual(expected.map((u) => u.username));
		const subscriptions = await c.subscriptions.find({ rid: room._id }).toArray();
		expect(subscriptions).toHaveLength(3);
		for (const subscription of subscriptions) {
			const peers = expected.filter((u) => u._id !== subscription.u._id);
			expect(subscription.name).toBe(peers.map((u) => u.username).join(', '));
			expect(subscription.fname).toBe(peers.map(display).join(', '));
			expect(subscription.open).toBe(true);
			expect(subscription.ls).toBeUndefined();
		}
	});
});
