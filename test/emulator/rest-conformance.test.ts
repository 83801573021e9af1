/**
 * Rocket.Chat's own REST API assertions, ported from apps/meteor/tests/end-to-end/api/ (statistics.ts incl. statistics.list,
 * licenses.ts, miscellaneous.ts, chat.ts), plus the error shapes of ApiClass (401, 403, invalid-params,
 * unknown routes) and the quirks of rooms.info and users.info.
 */
import { describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';
import { RcUser } from '../support/rc-user.js';
import { collectionsOf } from './collections.js';

interface Answer {
	status: number;
	type: string | null;
	body: Record<string, unknown>;
}

describe('REST API conformance with Rocket.Chat', async () => {
	const t = await openFileDb();
	const c = collectionsOf(t.db);
	const keys = generateLicenseKeys();
	const w = emulatorWorld(t, { emulator: { licensePublicKeyPem: keys.publicKeyPem } });

	async function request(method: string, path: string, as?: RcUser, body?: unknown): Promise<Answer> {
		const response = await fetch(`${w.emulator.url}${path}`, {
			method,
			headers: {
				...(as && { 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken }),
				...(body !== undefined && { 'content-type': 'application/json' }),
			},
			...(body !== undefined && { body: JSON.stringify(body) }),
		});
		return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
	}

	const setPermission = (permission: string, roles: string[]) => c.permissions.updateOne({ _id: permission }, { $set: { roles } });

	describe('[Statistics] (end-to-end/api/statistics.ts)', () => {
		let lastUptime: unknown;

		it('should return an error when the user does not have the necessary permission', async () => {
			await setPermission('view-statistics', []);
			try {
				const res = await request('GET', '/api/v1/statistics', w.admin);
				expect(res.status).toBe(400);
				expect(res.body).toEqual({ success: false, error: 'error-not-allowed' });
			} finally {
				await setPermission('view-statistics', ['admin']);
			}
		});

		it('should return an object with the statistics', async () => {
			const res = await request('GET', '/api/v1/statistics', w.admin);
			expect(res.status).toBe(200);
			expect(res.body).toHaveProperty('success', true);
			expect(res.body).toHaveProperty('process.uptime');
			expect(res.body).toHaveProperty('version', '7.10.2');
			lastUptime = (res.body.process as { uptime: unknown }).uptime;
		});

		it('should update the statistics when is provided the "refresh:true" query parameter', async () => {
			const res = await request('GET', '/api/v1/statistics?refresh=true', w.admin);
			expect(res.status).toBe(200);
			expect(res.body).toHaveProperty('success', true);
			expect((res.body.process as { uptime: unknown }).uptime).not.toBe(lastUptime);
			const saved = await t.db.collection('rocketchat_statistics').find({ _id: res.body._id as never }).toArray();
			expect(saved).toHaveLength(1);
		});

		it('answers a refresh that is neither true nor false as the typed route does', async () => {
			const res = await request('GET', '/api/v1/statistics?refresh=yes', w.admin);
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, errorType: 'error-invalid-params', error: 'must be equal to one of the allowed values' });
		});
	});

	describe('[/statistics.list] (end-to-end/api/statistics.ts)', () => {
		it('should return an error when the user does not have the necessary permission', async () => {
			await setPermission('view-statistics', []);
			try {
				const res = await request('GET', '/api/v1/statistics.list', w.admin);
				expect(res.status).toBe(400);
				expect(res.body).toEqual({ success: false, error: 'error-not-allowed' });
			} finally {
				await setPermission('view-statistics', ['admin']);
			}
		});

		it('should return an array with the statistics', async () => {
			const res = await request('GET', '/api/v1/statistics.list', w.admin);
			expect(res.status).toBe(200);
			const saved = await t.db.collection('rocketchat_statistics').countDocuments({});
			expect(res.body).toMatchObject({ success: true, offset: 0, total: saved, count: Math.min(saved, 50) });
			expect(Array.isArray(res.body.statistics)).toBe(true);
		});

		it('should return an array with the statistics even requested with count and offset params', async () => {
			await request('GET', '/api/v1/statistics?refresh=true', w.admin);
			const raw = await t.db.collection('rocketchat_statistics').find({}).toArray();
			const newestFirst = raw.map((doc) => ({ id: String(doc._id), at: (doc.createdAt as Date).getTime() })).sort((a, b) => b.at - a.at);
			const res = await request('GET', `/api/v1/statistics.list?count=1&offset=1&sort=${encodeURIComponent('{"createdAt":-1}')}`, w.admin);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ success: true, count: 1, offset: 1, total: raw.length });
			expect((res.body.statistics as { _id: string }[]).map((doc) => doc._id)).toEqual([newestFirst[1]?.id]);
		});

		it('refuses anonymous callers with 401 and unknown parameters as the typed route does', async () => {
			expect((await request('GET', '/api/v1/statistics.list')).status).toBe(401);
			const res = await request('GET', '/api/v1/statistics.list?refresh=true', w.admin);
			expect(res.status).toBe(400);
			expect(res.body).toMatchObject({ success: false, errorType: 'error-invalid-params' });
		});
	});

	describe('[licenses] (end-to-end/api/licenses.ts, 7.x/8.x server)', () => {
		it('licenses.add should fail if not logged in', async () => {
			const res = await request('POST', '/api/v1/licenses.add', undefined, { license: '' });
			expect(res.status).toBe(401);
			expect(res.type).toBe('application/json');
			expect(res.body).toHaveProperty('status', 'error');
			expect(res.body).toHaveProperty('message');
		});

		it('licenses.add should fail if user is unauthorized', async () => {
			const res = await request('POST', '/api/v1/licenses.add', w.alice, { license: '' });
			expect(res.status).toBe(403);
			expect(res.body).toEqual({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
		});

		it('licenses.add should fail if license is invalid', async () => {
			const empty = await request('POST', '/api/v1/licenses.add', w.admin, { license: '' });
			expect(empty.status).toBe(400);
			expect(empty.body).toEqual({ success: false, error: 'Empty license' });
			const garbage = await request('POST', '/api/v1/licenses.add', w.admin, { license: 'not a license' });
			expect(garbage.body).toEqual({ success: false, error: 'Invalid license' });
		});

		it('licenses.info should fail if not logged in', async () => {
			const res = await request('GET', '/api/v1/licenses.info');
			expect(res.status).toBe(401);
			expect(res.body).toHaveProperty('status', 'error');
			expect(res.body).toHaveProperty('message');
		});

		it('licenses.info should return limited information if user is unauthorized', async () => {
			const res = await request('GET', '/api/v1/licenses.info', w.alice);
			expect(res.status).toBe(200);
			expect(res.body).toHaveProperty('success', true);
			expect(res.body.license).toBeTypeOf('object');
			expect(res.body.license).not.toHaveProperty('license');
			expect((res.body.license as { tags: unknown }).tags).toBeInstanceOf(Array);
		});

		it('licenses.add stores a signed license and licenses.info shows it to an admin only', async () => {
			const license = signLicenseV3(makeLicenseV3(), keys.privateKeyPem);
			const added = await request('POST', '/api/v1/licenses.add', w.admin, { license });
			expect(added.status).toBe(200);
			expect(added.body).toEqual({ success: true });
			const settings = await c.settings.find({ _id: { $in: ['Enterprise_License', 'Enterprise_License_Status'] } }).toArray();
			expect(Object.fromEntries(settings.map((s) => [s._id, s.value]))).toEqual({ Enterprise_License: license, Enterprise_License_Status: 'Valid' });

			const asAdmin = await request('GET', '/api/v1/licenses.info', w.admin);
			expect(asAdmin.body.license).toHaveProperty('license.information.id', 'infobot-test-license');
			expect((asAdmin.body.license as { tags: unknown[] }).tags).toEqual([{ name: 'Premium', color: '#1D74F5' }]);
			const asUser = await request('GET', '/api/v1/licenses.info', w.alice);
			expect(asUser.body.license).not.toHaveProperty('license');
			expect(JSON.stringify(asUser.body)).not.toContain(license);
		});
	});

	describe('[miscellaneous] GET /api/info and instances.get (end-to-end/api/miscellaneous.ts)', () => {
		it('/api/info as admin has the full version and the build info', async () => {
			const res = await request('GET', '/api/info', w.admin);
			expect(res.body.version).toBe('7.10.2');
			const info = res.body.info as Record<string, unknown>;
			expect(info.version).toBeTypeOf('string');
			expect(info.build).toBeTypeOf('object');
			expect(info.commit).toBeTypeOf('object');
			expect(info.marketplaceApiVersion).toBeTypeOf('string');
		});

		it('/api/info anonymously has only the trimmed version', async () => {
			const admins = await request('GET', '/api/info', w.admin);
			const res = await request('GET', '/api/info');
			expect(res.body).toHaveProperty('version');
			expect(res.body).not.toHaveProperty('info');
			expect(res.body.version).toBe((admins.body.info as { version: string }).version.replace(/(\d+\.\d+).*/, '$1'));
		});

		it('instances.get refuses non-admins with 403 and anonymous callers with 401', async () => {
			const user = await request('GET', '/api/v1/instances.get', w.alice);
			expect(user.status).toBe(403);
			expect(user.body).toEqual({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
			const anonymous = await request('GET', '/api/v1/instances.get');
			expect(anonymous.status).toBe(401);
		});

		it('instances.get shows exactly one connected rocket.chat instance to an admin', async () => {
			// The e2e suite runs one fresh server; the seeded workspace also remembers instances of the past.
			const own = (await request('GET', '/api/v1/instances.get', w.admin)).body.instances as { instanceRecord: { _id: string } }[];
			const connected = own.filter((i) => (i as unknown as { currentStatus: { connected: boolean } }).currentStatus.connected);
			await c.instances.deleteMany({ _id: { $nin: connected.map((i) => i.instanceRecord._id) } });
			const res = await request('GET', '/api/v1/instances.get', w.admin);
			expect(res.status).toBe(200);
			const instances = res.body.instances as { instanceRecord: Record<string, unknown>; currentStatus: { connected: boolean } }[];
			expect(instances).toHaveLength(1);
			const [instance] = instances;
			expect(instance?.instanceRecord).toHaveProperty('_id');
			expect(instance?.instanceRecord).toHaveProperty('extraInformation');
			expect(instance?.instanceRecord).toHaveProperty('name', 'rocket.chat');
			expect(instance?.currentStatus).toHaveProperty('connected', true);
		});
	});

	describe('[Chat] (end-to-end/api/chat.ts)', () => {
		it('chat.sendMessage without rid passes the schema (rid is not required there) and executeSendMessage refuses it', async () => {
			const res = await request('POST', '/api/v1/chat.sendMessage', w.admin, { message: { _id: 'message-id', msg: 'Sample message' } });
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: "The 'rid' property on the message object is missing." });
		});

		it('chat.sendMessage keeps a client _id and refuses nothing when it comes twice', async () => {
			const first = await request('POST', '/api/v1/chat.sendMessage', w.admin, { message: { _id: 'client-chosen-id', rid: w.fixture.general._id, msg: 'once' } });
			expect(first.body).toMatchObject({ success: true, message: { _id: 'client-chosen-id', msg: 'once', rid: w.fixture.general._id } });
			const again = await request('POST', '/api/v1/chat.sendMessage', w.admin, { message: { _id: 'client-chosen-id', rid: w.fixture.general._id, msg: 'twice' } });
			expect(again.body).toEqual({ success: true });
			expect(await c.messages.countDocuments({ _id: 'client-chosen-id' })).toBe(1);
		});

		it('chat.sendMessage refuses attachment fields whose title or value is falsy', async () => {
			const res = await request('POST', '/api/v1/chat.sendMessage', w.admin, {
				message: { rid: w.fixture.general._id, msg: '', attachments: [{ title: 'Card', fields: [{ short: true, title: 'Users', value: 0 }] }] },
			});
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: 'Invalid attachment field, title and value is required' });
		});

		it('chat.sendMessage refuses a title_link that is not a full URL', async () => {
			const res = await request('POST', '/api/v1/chat.sendMessage', w.admin, {
				message: { rid: w.fixture.general._id, attachments: [{ title: 'x', title_link: 'javascript:alert(1)' }] },
			});
			expect(res.body).toEqual({ success: false, error: 'Invalid href value provided' });
		});

		it('chat.sendMessage refuses system messages', async () => {
			const res = await request('POST', '/api/v1/chat.sendMessage', w.admin, { message: { rid: w.fixture.general._id, msg: 'x', t: 'uj' } });
			expect(res.body).toEqual({ success: false, error: "Cannot send system messages using 'chat.sendMessage'" });
		});

		it('chat.postMessage returns ts, channel and the message, and resolves #name', async () => {
			const res = await request('POST', '/api/v1/chat.postMessage', w.admin, {
				channel: '#general',
				text: 'Sample message',
				alias: 'Gruggy',
				emoji: ':smirk:',
				attachments: [{ color: '#ff0000', text: 'Yay for gruggy!', title: 'Attachment Example', fields: [{ short: true, title: 'Test', value: 'Testing out something or other' }] }],
			});
			// alias needs message-impersonate, which admin does not hold by default.
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ success: false, error: 'Not enough permission' });

			const bot = await RcUser.login(w.emulator.url, w.fixture.bot.username, w.fixture.bot.password);
			const ok = await request('POST', '/api/v1/chat.postMessage', bot, { channel: '#general', text: 'Sample message', alias: 'Gruggy' });
			expect(ok.status).toBe(200);
			expect(ok.body).toMatchObject({ success: true, channel: '#general', message: { msg: 'Sample message', alias: 'Gruggy', rid: w.fixture.general._id } });
			expect(ok.body.ts).toBeTypeOf('number');
		});

		it('chat.postMessage with @username posts into the direct room, creating it', async () => {
			const res = await request('POST', '/api/v1/chat.postMessage', w.alice, { channel: '@admin', text: 'hello by handle' });
			expect(res.body).toMatchObject({ success: true, channel: '@admin', message: { rid: [w.fixture.admin._id, w.fixture.user._id].sort().join('') } });
		});

		it('chat.update edits, and refuses to edit someone else’s message without edit-message', async () => {
			const sent = await w.admin.send(w.fixture.general._id, 'mine');
			const foreign = await request('POST', '/api/v1/chat.update', w.alice, { roomId: w.fixture.general._id, msgId: sent._id, text: 'hijack' });
			expect(foreign.status).toBe(400);
			expect(foreign.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed', error: 'Message editing not allowed [error-action-not-allowed]' });
			const missing = await request('POST', '/api/v1/chat.update', w.admin, { roomId: w.fixture.general._id, msgId: sent._id });
			expect(missing.body).toMatchObject({ success: false, errorType: 'invalid-params' });
			expect(missing.body.error).not.toContain('[invalid-params]');
		});

		it('chat.delete refuses a room id that does not match, and a bot deleting its own message', async () => {
			const sent = await w.alice.send(w.fixture.general._id, 'x');
			const wrongRoom = await request('POST', '/api/v1/chat.delete', w.alice, { roomId: w.fixture.adminRoom._id, msgId: sent._id });
			expect(wrongRoom.body).toEqual({ success: false, error: 'The room id provided does not match where the message is from.' });
			// A pure bot account: role `bot` lacks delete-own-message.
			await c.users.updateOne({ _id: w.fixture.bot._id }, { $set: { roles: ['bot'] } });
			try {
				const bot = await RcUser.login(w.emulator.url, w.fixture.bot.username, w.fixture.bot.password);
				const own = await bot.send(w.fixture.general._id, 'bots cannot delete this');
				const res = await request('POST', '/api/v1/chat.delete', bot, { roomId: w.fixture.general._id, msgId: own._id });
				expect(res.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
			} finally {
				await c.users.updateOne({ _id: w.fixture.bot._id }, { $set: { roles: w.fixture.bot.roles } });
			}
			const deleted = await request('POST', '/api/v1/chat.delete', w.alice, { roomId: w.fixture.general._id, msgId: sent._id });
			expect(deleted.body).toMatchObject({ success: true, _id: sent._id, ts: expect.any(String) });
		});

		it('chat.react toggles a reaction and refuses an unknown message', async () => {
			const sent = await w.admin.send(w.fixture.general._id, 'react to me');
			await w.alice.post('chat.react', { emoji: 'smile', messageId: sent._id });
			expect((await c.messages.find({ _id: sent._id }).toArray())[0]?.reactions).toEqual({ ':smile:': { usernames: [w.fixture.user.username] } });
			await w.alice.post('chat.react', { emoji: ':smile:', messageId: sent._id });
			expect((await c.messages.find({ _id: sent._id }).toArray())[0]?.reactions).toBeUndefined();
			const unknown = await request('POST', '/api/v1/chat.react', w.alice, { emoji: 'smile', messageId: 'nope' });
			expect(unknown.body).toMatchObject({ success: false, errorType: 'error-message-not-found' });
		});
	});

	describe('ApiClass error shapes and room/user lookups', () => {
		it('answers a route without credentials with the 401 body', async () => {
			const res = await request('GET', '/api/v1/me');
			expect(res.status).toBe(401);
			expect(res.body).toEqual({
				success: false,
				error: 'You must be logged in to do this.',
				status: 'error',
				message: 'You must be logged in to do this.',
			});
		});

		it('answers routes Rocket.Chat does not have with a JSON 404', async () => {
			for (const path of ['/api/v1/chat.getRoomIdByNameOrId?name=general', '/api/v1/info', '/api/v1/chat.find']) {
				const res = await request('GET', path, w.admin);
				expect(res.status).toBe(404);
				expect(res.body).toEqual({ success: false, error: 'Not found' });
			}
		});

		it('rooms.info answers the SDK’s ?rid= with 400 and finds rooms by roomId or roomName', async () => {
			const bad = await request('GET', `/api/v1/rooms.info?rid=${w.fixture.general._id}`, w.admin);
			expect(bad.status).toBe(400);
			expect(bad.body).toEqual({
				success: false,
				error: 'The parameter "roomId" or "roomName" is required [error-roomid-param-not-provided]',
				errorType: 'error-roomid-param-not-provided',
			});
			const byName = await request('GET', '/api/v1/rooms.info?roomName=infobot-admin', w.alice);
			expect(byName.body).toMatchObject({ success: true, room: { _id: w.fixture.adminRoom._id, name: 'infobot-admin' } });
			const secret = await request('GET', `/api/v1/rooms.info?roomId=${w.fixture.secret._id}`, w.alice);
			expect(secret.body).toEqual({ success: false, error: 'not-allowed', errorType: 'Not Allowed' });
		});

		it('users.info shows roles only to the user itself and to holders of view-full-other-user-info', async () => {
			const asUser = await w.alice.get<{ user: Record<string, unknown> }>('users.info', { username: 'admin' });
			expect(asUser.user).toMatchObject({ _id: w.fixture.admin._id, username: w.fixture.admin.username });
			expect(asUser.user).not.toHaveProperty('roles');
			expect(asUser.user).not.toHaveProperty('emails');
			const self = await w.alice.get<{ user: Record<string, unknown> }>('users.info', { userId: w.fixture.user._id });
			expect(self.user.roles).toEqual(w.fixture.user.roles);
			const bot = await RcUser.login(w.emulator.url, w.fixture.bot.username, w.fixture.bot.password);
			const asBot = await bot.get<{ user: Record<string, unknown> }>('users.info', { username: 'admin' });
			expect(asBot.user.roles).toEqual(w.fixture.admin.roles);
			expect(JSON.stringify(asBot)).not.toContain('bcrypt');
			const neither = await request('GET', '/api/v1/users.info?rid=x', w.admin);
			expect(neither.body).toEqual({
				success: false,
				error: "must have required property 'userId'\n must have required property 'username'\n must match a schema in anyOf [invalid-params]",
				errorType: 'invalid-params',
			});
		});

		it('permissions.listAll and roles.list read the collections as they are now', async () => {
			await setPermission('view-statistics', ['admin', 'user']);
			try {
				const { update } = await w.alice.get<{ update: { _id: string; roles: string[] }[] }>('permissions.listAll');
				expect(update.find((p) => p._id === 'view-statistics')?.roles).toEqual(['admin', 'user']);
				const stats = await request('GET', '/api/v1/statistics', w.alice);
				expect(stats.status).toBe(200);
			} finally {
				await setPermission('view-statistics', ['admin']);
			}
			const stored = await c.roles.find({}).toArray();
			const { roles } = await w.alice.get<{ roles: { _id: string }[] }>('roles.list');
			expect(roles.map((r) => r._id).sort()).toEqual(stored.map((r) => r._id).sort());
		});

		it('settings/:_id reads and writes for admins, 403 for others', async () => {
			const read = await request('GET', '/api/v1/settings/Site_Url', w.admin);
			expect(read.body).toEqual({ _id: 'Site_Url', value: 'http://localhost:3000', success: true });
			const denied = await request('GET', '/api/v1/settings/Site_Url', w.alice);
			expect(denied.status).toBe(403);
			const missing = await request('GET', '/api/v1/settings/No_Such_Setting', w.admin);
			expect(missing.body).toEqual({ success: false });
		});

		it('settings.public answers without a login, only public settings, their default before anyone wrote them', async () => {
			const res = await request('GET', '/api/v1/settings.public?_id=Message_AllowUnrecognizedSlashCommand,Site_Url,Enterprise_License');
			expect(res.status).toBe(200);
			const registered = await c.settings.findOne({ _id: 'Message_AllowUnrecognizedSlashCommand' });
			// Public: the slash-command switch (default false, server/settings/message.ts) and Site_Url; never the license.
			expect(res.body.settings).toEqual([
				{ _id: 'Message_AllowUnrecognizedSlashCommand', value: registered?.value ?? false },
				{ _id: 'Site_Url', value: 'http://localhost:3000' },
			]);
			expect(res.body).toMatchObject({ count: 2, offset: 0, total: 2, success: true });
		});

		it('rooms.get and subscriptions.get list the caller’s rooms and subscriptions, since a date if asked', async () => {
			const own = await c.subscriptions.find({ 'u._id': w.fixture.user._id }).toArray();
			const subs = await w.alice.get<{ update: { _id: string }[]; remove: unknown[] }>('subscriptions.get');
			expect(subs.update.map((s) => s._id).sort()).toEqual(own.map((s) => s._id).sort());
			expect(subs.remove).toEqual([]);
			const rooms = await w.alice.get<{ update: { _id: string }[] }>('rooms.get');
			expect(rooms.update.map((r) => r._id).sort()).toEqual([...new Set(own.map((s) => s.rid))].sort());
			const future = await w.alice.get<{ update: unknown[] }>('rooms.get', { updatedSince: new Date(Date.now() + 60_000).toISOString() });
			expect(future.update).toEqual([]);
			const bad = await request('GET', '/api/v1/subscriptions.get?updatedSince=yesterday', w.alice);
			expect(bad.body).toEqual({
				success: false,
				error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
				errorType: 'error-updatedSince-param-invalid',
			});
		});

		it('me never shows credentials; logout ends the token it was called with', async () => {
			const user = await RcUser.login(w.emulator.url, w.fixture.user.username, w.fixture.user.password);
			const me = await user.get<Record<string, unknown>>('me');
			expect(me).toMatchObject({ _id: w.fixture.user._id, username: w.fixture.user.username, success: true });
			expect(me).not.toHaveProperty('services');
			const out = await request('POST', '/api/v1/logout', user);
			expect(out).toMatchObject({ status: 200, body: { status: 'success', data: { message: "You've been logged out!" } } });
			expect((await request('GET', '/api/v1/me', user)).status).toBe(401);
			await expect(w.alice.get('me')).resolves.toMatchObject({ _id: w.fixture.user._id });
		});

		it('history routes return newest first and only rooms of their kind that the caller is in', async () => {
			await w.admin.send(w.fixture.secret._id, 'first');
			await w.admin.send(w.fixture.secret._id, 'second');
			const { messages } = await w.admin.get<{ messages: { msg: string }[] }>('groups.history', { roomId: w.fixture.secret._id, count: '2' });
			expect(messages.map((m) => m.msg)).toEqual(['second', 'first']);
			const wrongKind = await request('GET', `/api/v1/channels.history?roomId=${w.fixture.secret._id}`, w.admin);
			expect(wrongKind.body).toMatchObject({ success: false, errorType: 'error-room-not-found' });
			const notMember = await request('GET', `/api/v1/groups.history?roomId=${w.fixture.secret._id}`, w.alice);
			expect(notMember.body).toMatchObject({ success: false, errorType: 'error-room-not-found' });
			const { messages: channel } = await w.alice.get<{ messages: { rid: string }[] }>('channels.history', { roomId: w.fixture.general._id });
			expect(channel.length).toBe(20);
			expect(channel.every((m) => m.rid === w.fixture.general._id)).toBe(true);
		});
	});
});
