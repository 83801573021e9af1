/**
 * `settings/:_id` and `me` against the emulator, re-expressed from Rocket.Chat's end-to-end/api/08-settings.ts
 * and checked against the server code they exercise: app/api/server/v1/settings.ts (permissions, the POST
 * branches, API.v1.failure() without text), the registry files in apps/meteor/server/settings/*.ts (a setting
 * exists with its package default before anyone writes it) and app/api/server/helpers/getUserInfo.ts (`me`).
 */
import { describe, expect, it } from 'vitest';
import { collectionsOf } from '../emulator/collections.js';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import type { RcUser } from '../support/rc-user.js';

interface Answer {
	status: number;
	body: Record<string, unknown>;
}

describe('settings/:_id and me, as Rocket.Chat answers them', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { emulator: { version: '7.10.2' } });
	const c = collectionsOf(t.db);

	async function request(method: 'GET' | 'POST', path: string, as: RcUser, body?: unknown): Promise<Answer> {
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method,
			headers: { 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken, ...(body !== undefined && { 'content-type': 'application/json' }) },
			...(body !== undefined && { body: JSON.stringify(body) }),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	/** Forgets a setting as a workspace that never wrote it: Rocket.Chat still has it from its registry. */
	const neverWritten = (id: string) => c.settings.deleteOne({ _id: id });

	it('08-settings.ts [/settings/:_id] should return one setting', async () => {
		const stored = await c.settings.findOne({ _id: 'Site_Url' });
		const res = await request('GET', 'settings/Site_Url', w.admin);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ _id: 'Site_Url', value: stored?.value, success: true });
	});

	it('reads the package default of a registered setting nobody wrote, and writes nothing', async () => {
		// message.ts, file-upload.ts, federation.ts, matrix-federation.ts: the defaults they register.
		const expected: Record<string, unknown> = {
			Message_AllowUnrecognizedSlashCommand: false,
			Message_MaxAllowedSize: 5000,
			FileUpload_Enabled_Direct: true,
			FileUpload_MediaTypeBlackList: 'image/svg+xml',
			FEDERATION_Enabled: false,
			FEDERATION_Domain: '',
			Federation_Matrix_enabled: false,
			Federation_Matrix_homeserver_domain: 'local.rocket.chat',
			Accounts_Default_User_Preferences_sendOnEnter: 'normal',
		};
		for (const [id, value] of Object.entries(expected)) {
			await neverWritten(id);
			const res = await request('GET', `settings/${id}`, w.admin);
			expect({ id, ...res }).toEqual({ id, status: 200, body: { _id: id, value, success: true } });
		}
		expect(await c.settings.countDocuments({ _id: { $in: Object.keys(expected) } })).toBe(0);
	});

	it('answers API.v1.failure() for an unknown setting and for a hidden one', async () => {
		expect(await request('GET', 'settings/No_Such_Setting', w.admin)).toEqual({ status: 400, body: { success: false } });
		// general.ts registers Statistics_reporting hidden: findOneNotHiddenById never finds it.
		expect(await request('GET', 'settings/Statistics_reporting', w.admin)).toEqual({ status: 400, body: { success: false } });
		expect(await request('POST', 'settings/Statistics_reporting', w.admin, { value: false })).toEqual({ status: 400, body: { success: false } });
	});

	it('writes a setting never written as Rocket.Chat does: the registered document, the value, a new _updatedAt', async () => {
		await neverWritten('Message_AllowUnrecognizedSlashCommand');
		const before = Date.now();
		const res = await request('POST', 'settings/Message_AllowUnrecognizedSlashCommand', w.admin, { value: true });
		expect(res).toEqual({ status: 200, body: { success: true } });
		const doc = await c.settings.findOne({ _id: 'Message_AllowUnrecognizedSlashCommand' });
		expect(doc).toMatchObject({ value: true, packageValue: false, type: 'boolean', public: true, group: 'Message', hidden: false });
		expect(doc?._updatedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
		expect((await request('GET', 'settings/Message_AllowUnrecognizedSlashCommand', w.admin)).body).toEqual({
			_id: 'Message_AllowUnrecognizedSlashCommand',
			value: true,
			success: true,
		});
	});

	it('changes _updatedAt of a stored setting on every write', async () => {
		const old = new Date(Date.now() - 86_400_000);
		await c.settings.updateOne({ _id: 'FEDERATION_Enabled' }, { $set: { value: false, _updatedAt: old } });
		expect((await request('POST', 'settings/FEDERATION_Enabled', w.admin, { value: true })).body).toEqual({ success: true });
		const doc = await c.settings.findOne({ _id: 'FEDERATION_Enabled' });
		expect(doc?.value).toBe(true);
		expect(doc?._updatedAt?.getTime()).toBeGreaterThan(old.getTime());
	});

	it('takes the value whatever its type (the REST route checks none) and fails without a value', async () => {
		expect((await request('POST', 'settings/Federation_Matrix_enabled', w.admin, { value: 'yes' })).body).toEqual({ success: true });
		expect((await c.settings.findOne({ _id: 'Federation_Matrix_enabled' }))?.value).toBe('yes');
		expect(await request('POST', 'settings/Federation_Matrix_enabled', w.admin, { other: true })).toEqual({ status: 400, body: { success: false } });
		expect(await request('POST', 'settings/No_Such_Setting', w.admin, { value: 1 })).toEqual({ status: 400, body: { success: false } });
		expect(await c.settings.findOne({ _id: 'No_Such_Setting' })).toBeNull();
	});

	it('needs view-privileged-setting to read and edit-privileged-setting to write (403)', async () => {
		const forbidden = {
			status: 403,
			body: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' },
		};
		expect(await request('GET', 'settings/Message_MaxAllowedSize', w.alice)).toEqual(forbidden);
		expect(await request('POST', 'settings/Message_MaxAllowedSize', w.alice, { value: 10 })).toEqual(forbidden);
	});

	it('registers what the claimed release registers: native federation from 7.11, legacy federation hidden there', async () => {
		await neverWritten('Federation_Service_Enabled');
		expect((await request('GET', 'settings/Federation_Service_Enabled', w.admin)).body).toEqual({ success: false });
		expect((await request('POST', 'settings/FEDERATION_Domain', w.admin, { value: 'chat.example.org' })).body).toEqual({ success: true });
		w.emulator.setVersion('8.0.0');
		try {
			expect((await request('GET', 'settings/Federation_Service_Enabled', w.admin)).body).toEqual({
				_id: 'Federation_Service_Enabled',
				value: false,
				success: true,
			});
			// The FEDERATION_Domain document exists, but the release's registry hides it (RocketChat/Rocket.Chat#36991).
			expect(await c.settings.findOne({ _id: 'FEDERATION_Domain' })).not.toBeNull();
			expect((await request('GET', 'settings/FEDERATION_Domain', w.admin)).body).toEqual({ success: false });
			expect((await request('GET', 'settings/FEDERATION_Enabled', w.admin)).status).toBe(200);
		} finally {
			w.emulator.setVersion('7.10.2');
		}
	});

	it('me: settings.preferences are the server defaults under the user’s own, profile empty (getUserInfo)', async () => {
		await neverWritten('Accounts_Default_User_Preferences_sendOnEnter');
		await c.settings.updateOne({ _id: 'Accounts_Default_User_Preferences_idleTimeLimit' }, { $set: { value: 600 } }, { upsert: true });
		await c.users.updateOne({ _id: w.alice.userId }, { $set: { 'settings.preferences': { useEmojis: false } } });
		const me = await request('GET', 'me', w.alice);
		const settings = me.body.settings as { profile: unknown; preferences: Record<string, unknown> };
		expect(settings.profile).toEqual({});
		expect(settings.preferences).toMatchObject({ sendOnEnter: 'normal', idleTimeLimit: 600, useEmojis: false, convertAsciiEmoji: true });
	});
});
