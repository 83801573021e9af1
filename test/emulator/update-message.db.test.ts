/**
 * The `updateMessage` DDP method through real sockets: Rocket.Chat's own DDP client edits a message into
 * card attachments, the stored document is read back, a room watcher receives the edit as a `changed` frame,
 * and the method's refusals arrive as `result` errors in Meteor's shape while the message stays as it was.
 */
import { DDPSDK } from '@rocket.chat/ddp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { RcUser } from '../support/rc-user.js';
import { collectionsOf, type MessageDoc } from './collections.js';
import { call, openRawDdp, type RawDdp, subscribe } from './raw-ddp.js';

// ddp-client opens sockets with the global WebSocket, which Node 20 has only behind a flag.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

type Frame = Record<string, unknown>;

const CARDS = [
	{ title: 'Usage', color: '#2de0a5', fields: [{ short: true, title: 'Users', value: '42' }] },
	{ title: 'Deployment', fields: [{ short: false, title: 'Version', value: '7.10.2' }] },
];

describe('the updateMessage DDP method', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t);
	const c = collectionsOf(t.db);
	let bot: RcUser;
	const peers: RawDdp[] = [];
	const sdks: DDPSDK[] = [];
	let callId = 0;

	async function peerOf(user?: RcUser): Promise<RawDdp> {
		const peer = await openRawDdp(w.emulator.url);
		peers.push(peer);
		if (user) expect((await call(peer, 'login', 'login', [{ resume: user.authToken }])).error).toBeUndefined();
		return peer;
	}

	/** Calls updateMessage on a raw socket; the `result` frame. */
	function update(peer: RawDdp, ...params: unknown[]): Promise<Frame> {
		callId += 1;
		return call(peer, `u${callId}`, 'updateMessage', params);
	}

	async function stored(id: string): Promise<MessageDoc | undefined> {
		return (await c.messages.find({ _id: id }).toArray())[0];
	}

	async function setSetting(id: string, value: unknown): Promise<void> {
		await c.settings.updateOne({ _id: id }, { $set: { value } }, { upsert: true });
	}

	async function setPermissionRoles(id: string, roles: string[]): Promise<void> {
		await c.permissions.updateOne({ _id: id }, { $set: { roles } }, { upsert: true });
	}

	beforeAll(async () => {
		bot = await RcUser.login(w.emulator.url, w.fixture.bot.username, w.fixture.bot.password);
	});
	afterAll(async () => {
		for (const peer of peers) peer.close();
		for (const sdk of sdks) {
			sdk.connection.close();
			sdk.timeoutControl.stop();
		}
	});

	it('turns a placeholder into card attachments in place: stored with editedAt/editedBy, streamed to a room watcher', async () => {
		const rid = w.fixture.general._id;
		const watcher = await peerOf(w.alice);
		expect(await subscribe(watcher, 'watch', 'stream-room-messages', [rid, { useCollection: false, args: [] }])).toEqual({
			msg: 'ready',
			subs: ['watch'],
		});
		const placeholder = await bot.send(rid, '⏳ Computing…');
		const original = await stored(placeholder._id);

		const sdk = await DDPSDK.createAndConnect(w.emulator.url);
		sdks.push(sdk);
		await sdk.account.loginWithToken(bot.authToken);
		const before = Date.now();
		await expect(sdk.call('updateMessage', { _id: placeholder._id, rid, msg: 'Usage and deployment', attachments: CARDS })).resolves.toBeUndefined();

		const doc = await stored(placeholder._id);
		expect(doc?.msg).toBe('Usage and deployment');
		expect(doc?.attachments).toEqual(CARDS);
		expect(doc?.editedAt).toBeInstanceOf(Date);
		expect(doc?.editedAt?.getTime()).toBeGreaterThanOrEqual(before);
		expect(doc?.editedBy).toEqual({ _id: w.fixture.bot._id, username: w.fixture.bot.username });
		expect(doc?.u).toEqual(original?.u);
		expect(doc?.ts.getTime()).toBe(original?.ts.getTime());
		expect(await c.messages.countDocuments({ rid, msg: '⏳ Computing…' })).toBe(0);

		const frame = await watcher.next((f) => {
			const args = (f.fields as { args?: { _id?: string; editedAt?: unknown }[] } | undefined)?.args;
			return f.msg === 'changed' && args?.[0]?._id === placeholder._id && args[0].editedAt !== undefined;
		});
		expect(frame).toMatchObject({ collection: 'stream-room-messages', id: 'id', fields: { eventName: rid } });
		const args = (frame.fields as { args: Frame[] }).args;
		expect(args).toHaveLength(1);
		expect(args[0]).toMatchObject({
			msg: 'Usage and deployment',
			attachments: CARDS,
			editedAt: { $date: doc?.editedAt?.getTime() },
			editedBy: { _id: w.fixture.bot._id, username: w.fixture.bot.username },
		});

		const [room] = await c.rooms.find({ _id: rid }).toArray();
		expect(room?.lastMessage?._id).toBe(placeholder._id);
		expect(room?.lastMessage?.attachments).toEqual(CARDS);
	});

	it("refuses someone else's message without edit-message, as a result error, and leaves it as it was", async () => {
		const sent = await w.admin.send(w.fixture.general._id, "the admin's words");
		const before = await stored(sent._id);
		const peer = await peerOf(w.alice);
		const result = await update(peer, { _id: sent._id, rid: w.fixture.general._id, msg: 'hijacked', attachments: CARDS });
		expect(result).toEqual({
			msg: 'result',
			id: `u${callId}`,
			error: {
				isClientSafe: true,
				error: 'error-action-not-allowed',
				reason: 'Message editing not allowed',
				details: { method: 'updateMessage', action: 'Message_editing' },
				message: 'Message editing not allowed [error-action-not-allowed]',
				errorType: 'Meteor.Error',
			},
		});
		await peer.next((f) => f.msg === 'updated' && JSON.stringify(f.methods) === JSON.stringify([`u${callId}`]));
		expect(await stored(sent._id)).toEqual(before);
	});

	it("lets a holder of edit-message edit anyone's message; the author stays", async () => {
		const sent = await w.alice.send(w.fixture.general._id, 'typo hree');
		const peer = await peerOf(w.admin);
		expect((await update(peer, { _id: sent._id, rid: w.fixture.general._id, msg: 'typo here' })).error).toBeUndefined();
		const doc = await stored(sent._id);
		expect(doc?.msg).toBe('typo here');
		expect(doc?.u._id).toBe(w.fixture.user._id);
		expect(doc?.editedBy).toEqual({ _id: w.fixture.admin._id, username: w.fixture.admin.username });
	});

	it('refuses own edits when Message_AllowEditing is off, and once Message_AllowEditing_BlockEditInMinutes have passed', async () => {
		const rid = w.fixture.general._id;
		const sent = await w.alice.send(rid, 'first draft');
		const peer = await peerOf(w.alice);
		try {
			await setSetting('Message_AllowEditing', false);
			expect((await update(peer, { _id: sent._id, rid, msg: 'second draft' })).error).toMatchObject({ error: 'error-action-not-allowed' });
			await setSetting('Message_AllowEditing', true);

			await setSetting('Message_AllowEditing_BlockEditInMinutes', 2);
			await c.messages.updateOne({ _id: sent._id }, { $set: { ts: new Date(Date.now() - 2 * 60_000 - 1_000) } });
			expect((await update(peer, { _id: sent._id, rid, msg: 'second draft' })).error).toMatchObject({
				error: 'error-message-editing-blocked',
				reason: 'Message editing is blocked',
				details: { method: 'updateMessage' },
			});
			expect((await stored(sent._id))?.msg).toBe('first draft');

			await setPermissionRoles('bypass-time-limit-edit-and-delete', ['bot', 'app', 'user']);
			expect((await update(peer, { _id: sent._id, rid, msg: 'second draft' })).error).toBeUndefined();
			expect((await stored(sent._id))?.msg).toBe('second draft');
		} finally {
			await setSetting('Message_AllowEditing', true);
			await setSetting('Message_AllowEditing_BlockEditInMinutes', 0);
			await setPermissionRoles('bypass-time-limit-edit-and-delete', ['bot', 'app']);
		}
	});

	it("checks its arguments as Meteor's check does, wants a login, and refuses to change keys other than the editable ones", async () => {
		const rid = w.fixture.general._id;
		const sent = await w.alice.send(rid, 'stays put');
		const peer = await peerOf(w.alice);
		const matchFailed = { error: 400, reason: 'Match failed', message: 'Match failed [400]', errorType: 'Meteor.Error' };
		expect((await update(peer)).error).toMatchObject(matchFailed);
		expect((await update(peer, { _id: 7, rid, msg: 'x' })).error).toMatchObject(matchFailed);
		expect((await update(peer, { _id: sent._id, rid, msg: 'x' }, 'https://example.com')).error).toMatchObject(matchFailed);

		const anonymous = await peerOf();
		expect((await update(anonymous, { _id: sent._id, rid, msg: 'x' })).error).toMatchObject({
			error: 'error-invalid-user',
			details: { method: 'updateMessage' },
		});

		expect((await update(peer, { _id: sent._id, rid: w.fixture.adminRoom._id, msg: 'moved' })).error).toMatchObject({
			error: 'error-invalid-update-key',
			reason: 'Cannot update the message rid',
		});
		expect((await stored(sent._id))?.msg).toBe('stays put');
	});

	it('answers an unknown message id and an unchanged text with an empty result and writes nothing', async () => {
		const rid = w.fixture.general._id;
		const sent = await w.alice.send(rid, 'same words');
		const before = await stored(sent._id);
		const peer = await peerOf(w.alice);
		const unknown = await update(peer, { _id: 'no-such-message', rid, msg: 'x' });
		expect(unknown).toEqual({ msg: 'result', id: `u${callId}` });
		// Rocket.Chat compares only the text: attachments sent with the same text are dropped.
		const unchanged = await update(peer, { _id: sent._id, rid, msg: 'same words', attachments: CARDS });
		expect(unchanged).toEqual({ msg: 'result', id: `u${callId}` });
		expect(await stored(sent._id)).toEqual(before);
		expect(await c.messages.countDocuments({ _id: 'no-such-message' })).toBe(0);
	});

	it("edits a file message's caption in its first attachment's description and keeps msg", async () => {
		const rid = w.fixture.general._id;
		const now = new Date();
		const file = { _id: 'file-caption-msg', rid, msg: '', ts: now, _updatedAt: now, u: { _id: w.fixture.user._id, username: w.fixture.user.username } };
		const attachments = [{ title: 'report.txt', title_link: '/file-upload/f1/report.txt', description: 'old caption' }];
		await c.messages.insertOne({ ...file, attachments });
		const peer = await peerOf(w.alice);
		expect((await update(peer, { _id: file._id, rid, msg: 'new caption' })).error).toBeUndefined();
		const doc = await stored(file._id);
		expect(doc?.msg).toBe('');
		expect(doc?.attachments).toEqual([{ ...attachments[0], description: 'new caption' }]);
	});
});
