/**
 * The realtime API frame by frame (rocketchat-bot.md §2, §7.2): handshake, heartbeat, login by digest and
 * by token, Rocket.Chat's errors for unknown methods and subscriptions, stream permissions, and one
 * `changed` frame per subscription on every insert and update.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';
import { hashPasswordForRocketChat } from '../support/seed/index.js';
import { RcRestError, RcUser } from '../support/rc-user.js';
import { hashLoginToken, sha256Hex } from './ids.js';
import { call, flushed, openRawDdp, type RawDdp, subscribe } from './raw-ddp.js';

type Frame = Record<string, unknown>;

/** The `args` of a changed frame. */
function argsOf(frame: Frame | undefined): unknown[] {
	return (frame?.fields as { args?: unknown[] } | undefined)?.args ?? [];
}

const changedIn = (eventName: string, text?: string) => (f: Frame) => {
	const fields = f.fields as { eventName?: string; args?: { msg?: string }[] } | undefined;
	return f.msg === 'changed' && fields?.eventName === eventName && (text === undefined || fields.args?.[0]?.msg === text);
};

describe('the DDP realtime API', async () => {
	const t = await openFileDb();
	const open: RawDdp[] = [];
	const log: string[] = [];
	const keys = generateLicenseKeys();
	const w = emulatorWorld(t, { emulator: { licensePublicKeyPem: keys.publicKeyPem, log: (line) => log.push(line) } });

	async function loggedIn(user: RcUser): Promise<RawDdp> {
		const peer = await openRawDdp(w.emulator.url);
		open.push(peer);
		const result = await call(peer, 'login-1', 'login', [{ resume: user.authToken }]);
		expect(result.error).toBeUndefined();
		return peer;
	}

	async function addUser(username: string): Promise<RcUser> {
		const now = new Date();
		await t.db.collection('users').insertOne({
			_id: `${username}-id` as never,
			username,
			name: username,
			type: 'user',
			active: true,
			roles: ['user'],
			services: { password: { bcrypt: hashPasswordForRocketChat('newcomer-pass') } },
			createdAt: now,
			_updatedAt: now,
		});
		return RcUser.login(w.emulator.url, username, 'newcomer-pass');
	}

	afterAll(async () => {
		for (const peer of open) peer.close();
	});

	it('greets with server_id, answers connect with a session, and closes 1002 on a first frame that is not connect', async () => {
		const peer = await openRawDdp(w.emulator.url, false);
		open.push(peer);
		peer.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
		const connected = await peer.next((f) => f.msg === 'connected');
		expect(peer.frames[0]).toEqual({ server_id: '0' });
		expect(typeof connected.session).toBe('string');

		const rude = await openRawDdp(w.emulator.url, false);
		rude.send({ msg: 'method', method: 'login', params: [], id: '1' });
		expect(await rude.closed).toBe(1002);
	});

	it('answers pings with pongs, echoing the id when there is one', async () => {
		const peer = await openRawDdp(w.emulator.url);
		open.push(peer);
		peer.send({ msg: 'ping', id: 'p1' });
		expect(await peer.next((f) => f.msg === 'pong')).toEqual({ msg: 'pong', id: 'p1' });
		peer.send({ msg: 'ping' });
		await peer.next((f) => f.msg === 'pong' && f.id === undefined);
	});

	it('logs in with a sha-256 password digest: result of type password, then updated, and the token works over REST', async () => {
		const peer = await openRawDdp(w.emulator.url);
		open.push(peer);
		const result = await call(peer, '7', 'login', [
			{ user: { username: w.fixture.user.username }, password: { digest: sha256Hex(w.fixture.user.password), algorithm: 'sha-256' } },
		]);
		const body = result.result as { id: string; token: string; tokenExpires: { $date: number }; type: string };
		expect(body).toMatchObject({ id: w.fixture.user._id, type: 'password' });
		expect(body.tokenExpires.$date).toBeGreaterThan(Date.now());
		const resultIndex = peer.frames.indexOf(result);
		expect(peer.frames[resultIndex + 1]).toEqual({ msg: 'updated', methods: ['7'] });
		const me = await fetch(`${w.emulator.url}/api/v1/me`, { headers: { 'X-User-Id': body.id, 'X-Auth-Token': body.token } });
		expect(((await me.json()) as { username: string }).username).toBe(w.fixture.user.username);
	});

	it('refuses a wrong password as an unknown user (loginErrorMessageOverride) and an unknown token with 403', async () => {
		const peer = await openRawDdp(w.emulator.url);
		open.push(peer);
		const wrong = await call(peer, '1', 'login', [{ user: { username: w.fixture.user.username }, password: { digest: sha256Hex('nope'), algorithm: 'sha-256' } }]);
		expect(wrong.error).toMatchObject({ error: 403, reason: 'User not found', errorType: 'Meteor.Error' });
		const stale = await call(peer, '2', 'login', [{ resume: 'not-a-token' }]);
		expect(stale.error).toEqual({
			isClientSafe: true,
			error: 403,
			reason: "You've been logged out by the server. Please log in again.",
			message: "You've been logged out by the server. Please log in again. [403]",
			errorType: 'Meteor.Error',
		});
		await peer.next((f) => f.msg === 'updated' && JSON.stringify(f.methods) === '["2"]');
	});

	it('accepts a personal access token over REST (X-Auth-Token) and as a DDP resume token', async () => {
		const pat = 'personal-access-token-of-the-bot';
		const entry = { hashedToken: hashLoginToken(pat), type: 'personalAccessToken', createdAt: new Date(), lastTokenPart: pat.slice(-6), name: 'infobot', bypassTwoFactor: true };
		await t.db.collection('users').updateOne({ _id: w.fixture.bot._id as never }, { $push: { 'services.resume.loginTokens': entry } as never });
		const me = await fetch(`${w.emulator.url}/api/v1/me`, { headers: { 'X-User-Id': w.fixture.bot._id, 'X-Auth-Token': pat } });
		expect(me.status).toBe(200);
		const peer = await openRawDdp(w.emulator.url);
		open.push(peer);
		const result = await call(peer, 'pat', 'login', [{ resume: pat }]);
		expect(result.result).toMatchObject({ id: w.fixture.bot._id, token: pat, type: 'resume' });
	});

	it('answers an unknown method with 404 and an unknown subscription with nosub 404', async () => {
		const peer = await loggedIn(w.alice);
		const unknown = await call(peer, 'm1', 'getRoomIdByNameOrIdX', ['general']);
		expect(unknown).toEqual({
			msg: 'result',
			id: 'm1',
			error: {
				isClientSafe: true,
				error: 404,
				reason: "Method 'getRoomIdByNameOrIdX' not found",
				message: "Method 'getRoomIdByNameOrIdX' not found [404]",
				errorType: 'Meteor.Error',
			},
		});
		const nosub = await subscribe(peer, 's1', 'meteor_autoupdate_clientVersions', []);
		expect(nosub).toEqual({
			msg: 'nosub',
			id: 's1',
			error: {
				isClientSafe: true,
				error: 404,
				reason: "Subscription 'meteor_autoupdate_clientVersions' not found",
				message: "Subscription 'meteor_autoupdate_clientVersions' not found [404]",
				errorType: 'Meteor.Error',
			},
		});
	});

	it('refuses a room stream for a private room the user is not in, and a stream-notify-user of someone else', async () => {
		const peer = await loggedIn(w.alice);
		const refused = await subscribe(peer, 's1', 'stream-room-messages', [w.fixture.secret._id, { useCollection: false, args: [] }]);
		expect(refused).toMatchObject({ msg: 'nosub', id: 's1', error: { error: 'not-allowed', errorType: 'Meteor.Error' } });
		const other = await subscribe(peer, 's2', 'stream-notify-user', [`${w.fixture.admin._id}/rooms-changed`, false]);
		expect(other).toMatchObject({ msg: 'nosub', error: { error: 'not-allowed' } });
		const own = await subscribe(peer, 's3', 'stream-notify-user', [`${w.fixture.user._id}/rooms-changed`, false]);
		expect(own).toEqual({ msg: 'ready', subs: ['s3'] });
	});

	it('sends one changed frame per subscription, on insert and on every update, with EJSON dates', async () => {
		const peer = await loggedIn(w.alice);
		await subscribe(peer, 'a', 'stream-room-messages', ['__my_messages__', { useCollection: false, args: [] }]);
		await subscribe(peer, 'b', 'stream-room-messages', ['__my_messages__', { useCollection: false, args: [] }]);
		await subscribe(peer, 'c', 'stream-room-messages', [w.fixture.general._id, { useCollection: false, args: [] }]);
		const count = () => peer.frames.filter((f) => f.msg === 'changed').length;

		const sent = await w.admin.send(w.fixture.general._id, 'three frames');
		await peer.next((f) => changedIn(w.fixture.general._id, 'three frames')(f));
		await peer.next(() => count() >= 3);
		const mine = peer.frames.filter(changedIn('__my_messages__', 'three frames'));
		expect(mine).toHaveLength(2);
		const [message, meta] = argsOf(mine[0]) as [Frame, Frame];
		expect(meta).toEqual({ roomParticipant: true, roomType: 'c', roomName: 'general' });
		expect(message.ts).toEqual({ $date: expect.any(Number) });
		const room = peer.frames.find(changedIn(w.fixture.general._id, 'three frames'));
		expect(argsOf(room)).toHaveLength(1);

		const before = count();
		await w.admin.post('chat.react', { messageId: sent._id, emoji: ':+1:' });
		await peer.next(() => count() >= before + 3);
		const reacted = peer.frames.slice(-3).map((f) => (f.fields as { args: [{ reactions?: unknown }] }).args[0].reactions);
		expect(reacted).toEqual([{ ':+1:': { usernames: ['admin'] } }, { ':+1:': { usernames: ['admin'] } }, { ':+1:': { usernames: ['admin'] } }]);

		await w.admin.post('chat.update', { roomId: w.fixture.general._id, msgId: sent._id, text: 'edited' });
		await peer.next(() => count() >= before + 6);
		const edited = argsOf(peer.frames.at(-1))[0];
		expect(edited).toMatchObject({ msg: 'edited', editedAt: { $date: expect.any(Number) } });
	});

	it('sends __my_messages__ for public channels the user has not joined with roomParticipant false, and nothing before login', async () => {
		const rid = 'NOTJOINEDCHANNEL1';
		await t.db.collection('rocketchat_room').insertOne({ _id: rid as never, t: 'c', name: 'not-joined', msgs: 0, usersCount: 0 });
		const anonymous = await openRawDdp(w.emulator.url);
		open.push(anonymous);
		expect(await subscribe(anonymous, 'x', 'stream-room-messages', ['__my_messages__', { useCollection: false, args: [] }])).toEqual({ msg: 'ready', subs: ['x'] });
		const peer = await loggedIn(w.alice);
		await subscribe(peer, 'a', 'stream-room-messages', ['__my_messages__', { useCollection: false, args: [] }]);
		await w.admin.post('channels.join', { roomId: rid });
		await w.admin.send(rid, 'in a room alice never joined');
		const frame = await peer.next(changedIn('__my_messages__', 'in a room alice never joined'));
		expect((frame.fields as { args: [Frame, Frame] }).args[1]).toEqual({ roomParticipant: false, roomType: 'c', roomName: 'not-joined' });
		// The emulator sends one event's frames to every session at once: alice has hers, so anonymous's would be sent.
		await flushed(anonymous);
		expect(anonymous.frames.filter((f) => f.msg === 'changed')).toEqual([]);
	});

	it('adds the collection document before ready when useCollection is true', async () => {
		const peer = await loggedIn(w.alice);
		await subscribe(peer, 'u', 'stream-room-messages', ['__my_messages__', true]);
		const tail = peer.frames.slice(-2);
		expect(tail).toEqual([
			{ msg: 'added', collection: 'stream-room-messages', id: 'id', fields: { eventName: '__my_messages__' } },
			{ msg: 'ready', subs: ['u'] },
		]);
	});

	it('tells a user on stream-notify-user about new subscriptions, room changes, and failed sends', async () => {
		const peer = await loggedIn(w.alice);
		const uid = w.fixture.user._id;
		for (const event of ['subscriptions-changed', 'rooms-changed', 'message']) {
			await subscribe(peer, event, 'stream-notify-user', [`${uid}/${event}`, { useCollection: false, args: [] }]);
		}
		// A newcomer without a DM with the user yet: opening one inserts the user's subscription.
		const newcomer = await addUser('newcomer');
		await newcomer.dm(w.fixture.user.username);
		const inserted = await peer.next(changedIn(`${uid}/subscriptions-changed`));
		expect(argsOf(inserted)).toMatchObject(['inserted', { t: 'd', u: { _id: uid } }]);
		const dmRoom = await peer.next(changedIn(`${uid}/rooms-changed`));
		expect(argsOf(dmRoom)).toMatchObject(['inserted', { t: 'd', uids: expect.arrayContaining([uid]) }]);

		await w.admin.send(w.fixture.general._id, 'sidebar update');
		const roomChanged = await peer.next((f) => changedIn(`${uid}/rooms-changed`)(f) && (argsOf(f)[1] as { _id?: string })?._id === w.fixture.general._id);
		expect(argsOf(roomChanged)[0]).toBe('updated');

		await expect(w.alice.send(w.fixture.secret._id, 'not my room')).rejects.toBeInstanceOf(RcRestError);
		const ephemeral = await peer.next(changedIn(`${uid}/message`));
		expect((ephemeral.fields as { args: [Frame] }).args[0]).toMatchObject({
			rid: w.fixture.secret._id,
			private: true,
			u: { _id: 'rocket.cat', username: 'rocket.cat' },
			msg: 'error-not-allowed',
		});
	});

	it('serves stream-notify-logged only to logged-in users, private settings only to those who may read them', async () => {
		const anonymous = await openRawDdp(w.emulator.url);
		open.push(anonymous);
		const refused = await subscribe(anonymous, 'l', 'stream-notify-logged', ['private-settings-changed', false]);
		expect(refused).toMatchObject({ msg: 'nosub', error: { error: 'not-allowed' } });

		const adminPeer = await loggedIn(w.admin);
		const alicePeer = await loggedIn(w.alice);
		await subscribe(adminPeer, 'l', 'stream-notify-logged', ['private-settings-changed', false]);
		await subscribe(alicePeer, 'l', 'stream-notify-logged', ['private-settings-changed', false]);
		await t.db.collection('rocketchat_settings').updateOne({ _id: 'Message_MaxAllowedSize' as never }, { $set: { value: 5000, type: 'int' } }, { upsert: true });
		await w.admin.post('settings/Message_MaxAllowedSize', { value: 6000 });
		const changed = await adminPeer.next(changedIn('private-settings-changed'));
		expect((changed.fields as { args: unknown[] }).args).toEqual(['updated', { _id: 'Message_MaxAllowedSize', value: 6000 }]);
		await flushed(alicePeer);
		expect(alicePeer.frames.filter(changedIn('private-settings-changed'))).toEqual([]);
	});

	it('tells room members about deletions on stream-notify-room and passes typing on to the others', async () => {
		const alicePeer = await loggedIn(w.alice);
		const adminPeer = await loggedIn(w.admin);
		const rid = w.fixture.general._id;
		expect(await subscribe(alicePeer, 'd', 'stream-notify-room', [`${rid}/deleteMessage`, false])).toEqual({ msg: 'ready', subs: ['d'] });
		await subscribe(alicePeer, 't', 'stream-notify-room', [`${rid}/typing`, false]);
		await subscribe(adminPeer, 't', 'stream-notify-room', [`${rid}/typing`, false]);
		const outsider = await subscribe(alicePeer, 'x', 'stream-notify-room', [`${w.fixture.secret._id}/deleteMessage`, false]);
		expect(outsider).toMatchObject({ msg: 'nosub', error: { error: 'not-allowed' } });

		const sent = await w.admin.send(rid, 'short-lived');
		await w.admin.post('chat.delete', { roomId: rid, msgId: sent._id });
		const deleted = await alicePeer.next(changedIn(`${rid}/deleteMessage`));
		expect(argsOf(deleted)).toEqual([{ _id: sent._id }]);

		const typed = await call(adminPeer, 'typing', 'stream-notify-room', [`${rid}/typing`, w.fixture.admin.username, true]);
		expect(typed).toEqual({ msg: 'result', id: 'typing' });
		const typing = await alicePeer.next(changedIn(`${rid}/typing`));
		expect(argsOf(typing)).toEqual([w.fixture.admin.username, true]);
		await flushed(adminPeer);
		expect(adminPeer.frames.filter(changedIn(`${rid}/typing`))).toEqual([]);
	});

	it('announces public settings on stream-notify-all, to anyone', async () => {
		const anonymous = await openRawDdp(w.emulator.url);
		open.push(anonymous);
		await subscribe(anonymous, 'p', 'stream-notify-all', ['public-settings-changed', false]);
		await w.admin.post('settings/Site_Url', { value: 'http://localhost:3000' });
		const changed = await anonymous.next(changedIn('public-settings-changed'));
		expect(argsOf(changed)).toEqual(['updated', { _id: 'Site_Url', value: 'http://localhost:3000' }]);
	});

	it('hands license text to privileged subscribers as Rocket.Chat does, but never writes it to its log', async () => {
		const peer = await loggedIn(w.admin);
		await subscribe(peer, 'l', 'stream-notify-logged', ['private-settings-changed', false]);
		const license = signLicenseV3(makeLicenseV3(), keys.privateKeyPem);
		const dm = await w.admin.dm(w.fixture.bot.username);
		await subscribe(peer, 'dm', 'stream-room-messages', [dm, false]);
		await w.admin.send(dm, license);
		await w.admin.post('licenses.add', { license });
		const changed = await peer.next((f) => changedIn('private-settings-changed')(f) && JSON.stringify(f).includes('Enterprise_License"'));
		expect(argsOf(changed)).toEqual(['updated', { _id: 'Enterprise_License', value: license }]);
		await peer.next(changedIn(dm, license));
		const token = license.slice('RCV3_'.length);
		expect(log.length).toBeGreaterThan(0);
		expect(log.filter((line) => line.includes(token.slice(0, 40)) || line.includes(token.slice(-40)))).toEqual([]);
	});

	it('logout answers a result without a value and ends the token', async () => {
		const user = await RcUser.login(w.emulator.url, w.fixture.user.username, w.fixture.user.password);
		const peer = await loggedIn(user);
		const result = await call(peer, 'bye', 'logout', []);
		expect(result).toEqual({ msg: 'result', id: 'bye' });
		await expect(user.get('me')).rejects.toMatchObject({ status: 401 });
	});

	it('answers unsub with nosub, even for a subscription it never had', async () => {
		const peer = await loggedIn(w.alice);
		await subscribe(peer, 'gone', 'stream-room-messages', ['__my_messages__', false]);
		peer.send({ msg: 'unsub', id: 'gone' });
		expect(await peer.next((f) => f.msg === 'nosub' && f.id === 'gone')).toEqual({ msg: 'nosub', id: 'gone' });
		peer.send({ msg: 'unsub', id: 'never' });
		expect(await peer.next((f) => f.msg === 'nosub' && f.id === 'never')).toEqual({ msg: 'nosub', id: 'never' });
	});
});
