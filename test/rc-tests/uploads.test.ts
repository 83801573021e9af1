/**
 * Uploads refused as Rocket.Chat refuses them, re-expressed from Rocket.Chat's end-to-end/api/rooms.ts
 * (`/rooms.media`, `/rooms.upload`, "Max allowed size") and checked against the code they exercise:
 * FileUpload.validateFileUpload (file-upload/server/lib/FileUpload.ts), utils/lib/restrictions.ts,
 * getUploadFormData and the English reasons of packages/i18n/src/locales/en.i18n.json. Every setting is
 * changed through POST settings/:_id, as Rocket.Chat's tests change them (updateSetting).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectionsOf } from '../emulator/collections.js';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JSON_DOC = Buffer.from('{"totalUsers": 3}\n');

describe('upload rules (FileUpload.validateFileUpload)', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t, { emulator: { version: '7.10.2' }, users: ['admin'] });
	const c = collectionsOf(t.db);
	let dmWithAlice: string;
	const changed = new Map<string, unknown>();

	async function setSetting(id: string, value: unknown): Promise<void> {
		if (!changed.has(id)) changed.set(id, (await w.admin.get<{ value: unknown }>(`settings/${id}`)).value);
		await w.admin.post(`settings/${id}`, { value });
	}

	async function upload(path: string, name: string, type: string, bytes: Buffer, field = 'file') {
		const form = new FormData();
		form.append(field, new Blob([bytes], { type }), name);
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method: 'POST',
			headers: { 'X-User-Id': w.admin.userId, 'X-Auth-Token': w.admin.authToken },
			body: form,
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	const refused = (errorType: string, reason?: string) => ({
		status: 400,
		body: { success: false, error: reason ? `${reason} [${errorType}]` : `[${errorType}]`, errorType },
	});

	beforeAll(async () => {
		dmWithAlice = await w.admin.dm(w.fixture.user.username);
	});
	afterEach(async () => {
		for (const [id, value] of changed) await w.admin.post(`settings/${id}`, { value });
		changed.clear();
		w.emulator.setVersion('7.10.2');
	});

	it("rooms.ts: don't upload a file to room with file field other than file ([invalid-field])", async () => {
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'a.png', 'image/png', PNG, 'test')).toEqual(refused('invalid-field'));
	});

	it('rooms.ts: should not allow uploading a blocked media type to a room (rooms.media and rooms.upload)', async () => {
		await setSetting('FileUpload_MediaTypeBlackList', 'text/plain');
		const before = await c.uploads.countDocuments();
		const expected = refused('error-invalid-file-type', 'File type is not accepted.');
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'list.lst', 'text/plain', Buffer.from('a\n'))).toEqual(expected);
		expect(await upload(`rooms.upload/${w.fixture.general._id}`, 'list.lst', 'text/plain', Buffer.from('a\n'))).toEqual(expected);
		expect(await c.uploads.countDocuments()).toBe(before);
	});

	it('blocks image/svg+xml by default (file-upload.ts registers it in the blocked list)', async () => {
		await c.settings.deleteOne({ _id: 'FileUpload_MediaTypeBlackList' });
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'logo.svg', 'image/svg+xml', svg)).toEqual(
			refused('error-invalid-file-type', 'File type is not accepted.'),
		);
	});

	it('takes only accepted media types when the accepted list is set, wildcards included; the blocked list wins', async () => {
		await setSetting('FileUpload_MediaTypeWhiteList', 'image/*, text/plain');
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).body.errorType).toBe('error-invalid-file-type');
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'a.png', 'image/png', PNG)).status).toBe(200);
		await setSetting('FileUpload_MediaTypeBlackList', 'image/png');
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'a.png', 'image/png', PNG)).body.errorType).toBe('error-invalid-file-type');
		await setSetting('FileUpload_MediaTypeWhiteList', '*');
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).status).toBe(200);
	});

	it('refuses every upload while FileUpload_Enabled is off', async () => {
		await setSetting('FileUpload_Enabled', false);
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).toEqual(
			refused('error-file-upload-disabled', 'File uploads are disabled.'),
		);
	});

	it('refuses uploads in direct messages only while FileUpload_Enabled_Direct is off', async () => {
		await setSetting('FileUpload_Enabled_Direct', false);
		expect(await upload(`rooms.media/${dmWithAlice}`, 'stats.json', 'application/json', JSON_DOC)).toEqual(
			refused('error-direct-message-file-upload-not-allowed', 'File sharing not allowed in direct messages.'),
		);
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).status).toBe(200);
	});

	it('refuses a file over FileUpload_MaxFileSize while reading the form: bare on 7.x, with a reason on 8.x', async () => {
		await setSetting('FileUpload_MaxFileSize', 8);
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).toEqual(refused('error-file-too-large'));
		w.emulator.setVersion('8.0.0');
		expect(await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).toEqual(
			refused('error-file-too-large', 'File size exceeds the allowed limit'),
		);
		await setSetting('FileUpload_MaxFileSize', 1024);
		expect((await upload(`rooms.media/${w.fixture.general._id}`, 'stats.json', 'application/json', JSON_DOC)).status).toBe(200);
	});

	it('rooms.ts /rooms.media - Max allowed size: a description over Message_MaxAllowedSize is refused at confirm', async () => {
		await setSetting('Message_MaxAllowedSize', 10);
		const first = await upload(`rooms.media/${w.fixture.general._id}`, 'a.png', 'image/png', PNG);
		const ok = await w.admin.post<{ success: boolean }>(`rooms.mediaConfirm/${w.fixture.general._id}/${(first.body.file as { _id: string })._id}`, {
			description: '123456789',
		});
		expect(ok.success).toBe(true);
		const second = await upload(`rooms.media/${w.fixture.general._id}`, 'a.png', 'image/png', PNG);
		const fileId = (second.body.file as { _id: string })._id;
		await expect(w.admin.post(`rooms.mediaConfirm/${w.fixture.general._id}/${fileId}`, { description: '12345678910' })).rejects.toMatchObject({
			status: 400,
			body: { success: false, errorType: 'error-message-size-exceeded' },
		});
	});
});
