/**
 * A message sent through the emulator changes Rocket.Chat's collections as Rocket.Chat does: the message
 * document, the room's msgs / lm / lastMessage / _updatedAt, members' subscriptions, a thread parent's
 * tcount / tlm / replies. Expected values are read back from the documents, never computed by the engine.
 */
import { describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { collectionsOf, type MessageDoc, type RoomDoc } from './collections.js';

describe('what sending a message writes to the database', async () => {
	const t = await openFileDb();
	// Nothing here reads statistics: no boot snapshot computed beside the writes under test.
	const w = emulatorWorld(t, { emulator: { statisticsAtBoot: false } });
	const c = collectionsOf(t.db);

	const room = async (rid: string) => (await c.rooms.find({ _id: rid }).toArray())[0] as RoomDoc;

	it('stores the message with its sender and bumps the room by exactly one', async () => {
		const before = await room(w.fixture.general._id);
		const text = `hello @${w.fixture.user.username} see https://example.com/x`;
		const sent = await w.admin.send(w.fixture.general._id, text);
		const after = await room(w.fixture.general._id);
		const [stored] = (await c.messages.find({ _id: sent._id }).toArray()) as MessageDoc[];

		expect(stored?.rid).toBe(w.fixture.general._id);
		expect(stored?.msg).toBe(text);
		expect(stored?.u).toMatchObject({ _id: w.fixture.admin._id, username: w.fixture.admin.username });
		expect(stored?.ts).toBeInstanceOf(Date);
		expect(stored?.mentions?.map((m) => m.username)).toEqual([w.fixture.user.username]);
		expect(stored?.urls).toEqual([{ url: 'https://example.com/x' }]);
		expect(after.msgs).toBe((before.msgs ?? 0) + 1);
		expect(after.lastMessage?._id).toBe(sent._id);
		expect(after.lm?.getTime()).toBe(stored?.ts.getTime());
		expect(after._updatedAt?.getTime()).toBeGreaterThan(before._updatedAt?.getTime() ?? 0);
	});

	it('marks the other members unread and alerted, and the sender as having read the room', async () => {
		const dm = await w.alice.dm(w.fixture.admin.username);
		await c.subscriptions.updateMany({ rid: dm }, { $set: { unread: 0, alert: true } });
		await w.alice.send(dm, 'a direct question');
		const subs = await c.subscriptions.find({ rid: dm }).toArray();
		const adminSub = subs.find((s) => s.u._id === w.fixture.admin._id);
		const aliceSub = subs.find((s) => s.u._id === w.fixture.user._id);
		// Unread_Count_DM defaults to all_messages: every DM message counts.
		expect(adminSub).toMatchObject({ alert: true, open: true, unread: 1 });
		expect(aliceSub).toMatchObject({ alert: false, unread: 0 });
		expect(aliceSub?.ls).toBeInstanceOf(Date);
	});

	it('a thread reply counts in the room and bumps its parent without becoming the last message', async () => {
		const parent = await w.admin.send(w.fixture.general._id, 'parent');
		const roomBefore = await room(w.fixture.general._id);
		const reply = await w.alice.send(w.fixture.general._id, 'reply', { tmid: parent._id });
		const roomAfter = await room(w.fixture.general._id);
		const [parentDoc] = (await c.messages.find({ _id: parent._id }).toArray()) as MessageDoc[];
		const [replyDoc] = (await c.messages.find({ _id: reply._id }).toArray()) as MessageDoc[];

		expect(replyDoc?.tmid).toBe(parent._id);
		expect(parentDoc?.tcount).toBe(1);
		expect(parentDoc?.replies).toEqual([w.fixture.user._id]);
		expect(parentDoc?.tlm?.getTime()).toBe(replyDoc?.ts.getTime());
		expect(roomAfter.msgs).toBe((roomBefore.msgs ?? 0) + 1);
		expect(roomAfter.lastMessage?._id).toBe(parent._id);
	});

	it('an edit changes the text, marks editedAt/editedBy and refreshes the room lastMessage, without counting', async () => {
		const sent = await w.admin.send(w.fixture.general._id, 'typo');
		const before = await room(w.fixture.general._id);
		await w.admin.post('chat.update', { roomId: w.fixture.general._id, msgId: sent._id, text: 'fixed' });
		const after = await room(w.fixture.general._id);
		const [stored] = (await c.messages.find({ _id: sent._id }).toArray()) as MessageDoc[];
		expect(stored?.msg).toBe('fixed');
		expect(stored?.editedBy).toEqual({ _id: w.fixture.admin._id, username: w.fixture.admin.username });
		expect(stored?.editedAt).toBeInstanceOf(Date);
		expect(after.msgs).toBe(before.msgs);
		expect(after.lastMessage?.msg).toBe('fixed');
	});

	it('a deletion removes the message and takes it off the count', async () => {
		const sent = await w.admin.send(w.fixture.general._id, 'to be deleted');
		const before = await room(w.fixture.general._id);
		await w.admin.post('chat.delete', { roomId: w.fixture.general._id, msgId: sent._id });
		const after = await room(w.fixture.general._id);
		expect(await c.messages.countDocuments({ _id: sent._id })).toBe(0);
		expect(after.msgs).toBe((before.msgs ?? 0) - 1);
		expect(after.lastMessage?._id).not.toBe(sent._id);
	});

	it('joining a channel writes a subscription, counts the member and posts a uj system message', async () => {
		const rid = 'PUBLICJOINROOM001';
		await c.rooms.insertOne({ _id: rid, t: 'c', name: 'open-room', msgs: 0, usersCount: 0, _updatedAt: new Date() });
		await w.alice.post('channels.join', { roomId: rid });
		const joined = await room(rid);
		const subs = await c.subscriptions.find({ rid }).toArray();
		const messages = await c.messages.find({ rid }).toArray();
		expect(subs.map((s) => s.u._id)).toEqual([w.fixture.user._id]);
		expect(joined.usersCount).toBe(1);
		expect(messages.map((m) => [m.t, m.msg])).toEqual([['uj', w.fixture.user.username]]);
		expect(joined.msgs).toBe(1);
	});

	it('a login token is stored hashed, never as issued', async () => {
		const [doc] = await c.users.find({ _id: w.fixture.admin._id }).toArray();
		const tokens = doc?.services?.resume?.loginTokens ?? [];
		expect(tokens.length).toBeGreaterThan(0);
		expect(tokens.every((entry) => entry.hashedToken !== w.admin.authToken && entry.when instanceof Date)).toBe(true);
	});
});
