/**
 * Rocket.Chat's own API assertions for the routes the emulator serves and no other test here covers,
 * re-expressed (not copied) from apps/meteor/tests/end-to-end/api/: miscellaneous.ts (/login forms, /me),
 * direct-message.ts (im.create, dm.create), permissions.ts (permissions.listAll), roles.ts (roles.list),
 * users.ts (users.info), rooms.ts (rooms.get), subscriptions.ts (subscriptions.get), channels.ts
 * (channels.join, channels.history). Each case names the file it comes from.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { collectionsOf } from '../emulator/collections.js';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import type { RcUser } from '../support/rc-user.js';

// miscellaneous.ts /me: the preference keys of a Community server at the revision of accounts.ts the registry
// transcribes (with sidebarSectionsOrder and featuresPreview, before voipRingerVolume).
const PREFERENCE_KEYS = [
	'alsoSendThreadToChannel',
	'newRoomNotification',
	'newMessageNotification',
	'showThreadsInMainChannel',
	'useEmojis',
	'convertAsciiEmoji',
	'saveMobileBandwidth',
	'collapseMediaByDefault',
	'autoImageLoad',
	'emailNotificationMode',
	'unreadAlert',
	'notificationsSoundVolume',
	'omnichannelTranscriptEmail',
	'desktopNotifications',
	'pushNotifications',
	'enableAutoAway',
	'desktopNotificationRequireInteraction',
	'hideUsernames',
	'hideRoles',
	'displayAvatars',
	'hideFlexTab',
	'sendOnEnter',
	'idleTimeLimit',
	'sidebarShowFavorites',
	'sidebarShowUnread',
	'themeAppearence',
	'sidebarSortby',
	'sidebarViewMode',
	'sidebarDisplayAvatar',
	'sidebarGroupByType',
	'sidebarSectionsOrder',
	'muteFocusedConversations',
	'notifyCalendarEvents',
	'enableMobileRinging',
	'featuresPreview',
];

describe('Rocket.Chat’s end-to-end API assertions, per route', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t);
	const c = collectionsOf(t.db);
	let adminEmail = '';

	async function call(method: 'GET' | 'POST', path: string, as?: RcUser, body?: unknown) {
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method,
			headers: { ...(as && { 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken }), ...(body !== undefined && { 'content-type': 'application/json' }) },
			...(body !== undefined && { body: JSON.stringify(body) }),
		});
		return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
	}

	beforeAll(async () => {
		adminEmail = (await c.users.findOne({ _id: w.fixture.admin._id }))?.emails?.[0]?.address ?? '';
		expect(adminEmail).toContain('@');
	});

	describe('miscellaneous.ts', () => {
		it.each([
			['/login (wrapper username)', () => ({ user: { username: w.fixture.admin.username }, password: w.fixture.admin.password })],
			['/login (wrapper email)', () => ({ user: { email: adminEmail }, password: w.fixture.admin.password })],
			['/login by user', () => ({ user: adminEmail, password: w.fixture.admin.password })],
			['/login by username', () => ({ username: w.fixture.admin.username, password: w.fixture.admin.password })],
		])('%s', async (_name, body) => {
			const res = await call('POST', 'login', undefined, body());
			expect(res.status).toBe(200);
			expect(res.type).toMatch(/^application\/json/);
			expect(res.body).toHaveProperty('status', 'success');
			expect(res.body.data).toEqual(expect.objectContaining({ userId: w.fixture.admin._id, authToken: expect.any(String), me: expect.any(Object) }));
		});

		it('/me', async () => {
			const stored = await c.users.findOne({ _id: w.fixture.user._id });
			await c.users.updateOne({ _id: w.fixture.user._id }, { $unset: { 'settings.preferences': 1 } });
			const res = await call('GET', 'me', w.alice);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ success: true, _id: w.fixture.user._id, username: w.fixture.user.username });
			expect(res.body).toHaveProperty('active');
			expect(res.body).toHaveProperty('name');
			expect(Array.isArray(res.body.roles)).toBe(true);
			expect((res.body.emails as { address: string }[])[0]?.address).toBe(stored?.emails?.[0]?.address);
			const preferences = (res.body.settings as { preferences: Record<string, unknown> }).preferences;
			expect(Object.keys(preferences).sort()).toEqual([...PREFERENCE_KEYS].sort());
			expect((res.body.services as { password?: { bcrypt?: unknown } } | undefined)?.password?.bcrypt).toBeUndefined();
		});
	});

	describe('direct-message.ts', () => {
		it('[/im.create] should create a direct message, and return the same room when asked again', async () => {
			const first = await call('POST', 'im.create', w.admin, { username: w.fixture.user.username });
			expect(first.status).toBe(200);
			const room = first.body.room as { _id: string; t: string; usernames: string[] };
			expect(room).toMatchObject({ t: 'd' });
			expect([...room.usernames].sort()).toEqual([w.fixture.admin.username, w.fixture.user.username].sort());
			const again = await call('POST', 'dm.create', w.admin, { username: w.fixture.user.username });
			expect((again.body.room as { _id: string })._id).toBe(room._id);
		});

		it('[/im.create] should fail to create a direct message with an invalid user', async () => {
			const res = await call('POST', 'im.create', w.admin, { username: 'no-such-user-anywhere' });
			expect(res.status).toBe(400);
			expect(res.body).toMatchObject({ success: false, errorType: 'error-invalid-user' });
		});

		it('[/im.create] should create a direct message with excludeSelf, between the others only', async () => {
			const res = await call('POST', 'im.create', w.admin, { usernames: `${w.fixture.user.username},${w.fixture.bot.username}`, excludeSelf: true });
			expect(res.status).toBe(200);
			const room = res.body.room as { usernames: string[] };
			expect([...room.usernames].sort()).toEqual([w.fixture.user.username, w.fixture.bot.username].sort());
		});
	});

	describe('permissions.ts and roles.ts', () => {
		it('[/permissions.listAll] should return an array with update and remove properties', async () => {
			const res = await call('GET', 'permissions.listAll', w.admin);
			expect(res.status).toBe(200);
			expect(Array.isArray(res.body.update)).toBe(true);
			expect(res.body.remove).toEqual([]);
		});

		it('[/permissions.listAll] should return an error when updatedSince is not a valid date', async () => {
			const res = await call('GET', 'permissions.listAll?updatedSince=2018-11-27 13:52:56', w.admin);
			expect(res.status).toBe(200);
			const invalid = await call('GET', 'permissions.listAll?updatedSince=not-a-date', w.admin);
			expect(invalid.status).toBe(400);
			expect(invalid.body).toMatchObject({ success: false, errorType: 'error-updatedSince-param-invalid' });
		});

		it('[/roles.list] should return all roles', async () => {
			const res = await call('GET', 'roles.list', w.alice);
			expect(res.status).toBe(200);
			expect(res.body.success).toBe(true);
			expect((res.body.roles as unknown[]).length).toBe(await c.roles.countDocuments());
		});
	});

	describe('users.ts', () => {
		it('[/users.info] should query information about a user by userId, and fail for an unknown one', async () => {
			const res = await call('GET', `users.info?userId=${w.fixture.user._id}`, w.admin);
			expect(res.status).toBe(200);
			expect(res.body.user).toMatchObject({ _id: w.fixture.user._id, username: w.fixture.user.username });
			const missing = await call('GET', 'users.info?userId=no-such-id', w.admin);
			expect(missing).toMatchObject({ status: 400, body: { success: false, error: 'User not found.' } });
		});
	});

	describe('rooms.ts, subscriptions.ts, channels.ts', () => {
		it('[/rooms.get] should return an array of rooms, and nothing updated after a future date', async () => {
			const res = await call('GET', 'rooms.get', w.alice);
			expect(res.status).toBe(200);
			expect(Array.isArray(res.body.update)).toBe(true);
			expect(Array.isArray(res.body.remove)).toBe(true);
			const later = await call('GET', `rooms.get?updatedSince=${new Date(Date.now() + 3_600_000).toISOString()}`, w.alice);
			expect(later.body.update).toEqual([]);
		});

		it('[/subscriptions.get] should return all subscriptions with update and remove', async () => {
			const res = await call('GET', 'subscriptions.get', w.alice);
			expect(res.status).toBe(200);
			expect((res.body.update as unknown[]).length).toBe(await c.subscriptions.countDocuments({ 'u._id': w.fixture.user._id }));
			expect(res.body.remove).toEqual([]);
		});

		it('[/channels.join] should join a public channel, and [/channels.history] should then list its messages', async () => {
			const room = await c.rooms.findOne({ t: 'c', _id: { $ne: w.fixture.general._id } });
			expect(room).not.toBeNull();
			const joined = await call('POST', 'channels.join', w.alice, { roomId: room?._id });
			expect(joined.status).toBe(200);
			expect(await c.subscriptions.findOne({ rid: room?._id, 'u._id': w.fixture.user._id })).not.toBeNull();
			const history = await call('GET', `channels.history?roomId=${room?._id}`, w.alice);
			expect(history.status).toBe(200);
			const messages = history.body.messages as { ts: string }[];
			expect(Array.isArray(messages)).toBe(true);
			const times = messages.map((m) => Date.parse(m.ts));
			expect(times).toEqual([...times].sort((a, b) => b - a));
		});

		it('[/channels.history] should fail without a room id or name', async () => {
			const res = await call('GET', 'channels.history', w.alice);
			expect(res.status).toBe(400);
			expect(res.body.success).toBe(false);
		});
	});
});
