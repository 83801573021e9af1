/**
 * Uploads as Rocket.Chat handles them: rooms.media + rooms.mediaConfirm (the message carries file, files
 * and attachments), rooms.upload only before 8.0, the rocketchat_uploads document, and protected downloads
 * at /file-upload/:id/:name (credentials by header, cookie or query; members only by default).
 */
import { describe, expect, it } from 'vitest';
import { openFileDb } from '../support/db.js';
import { emulatorWorld } from '../support/emulator-world.js';
import { RcUser } from '../support/rc-user.js';
import { collectionsOf } from './collections.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('uploads and downloads', async () => {
	const t = await openFileDb();
	const w = emulatorWorld(t);
	const c = collectionsOf(t.db);

	async function upload(as: RcUser, path: string, name: string, type: string, bytes: Buffer, fields: Record<string, string> = {}) {
		const form = new FormData();
		form.append('file', new Blob([bytes], { type }), name);
		for (const [key, value] of Object.entries(fields)) form.append(key, value);
		const response = await fetch(`${w.emulator.url}/api/v1/${path}`, {
			method: 'POST',
			headers: { 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken },
			body: form,
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	it('rooms.media stores a temporary upload; mediaConfirm posts it as a file message and makes it permanent', async () => {
		const watch = await w.admin.watch(w.fixture.general._id);
		const media = await upload(w.admin, `rooms.media/${w.fixture.general._id}`, 'stats.png', 'image/png', PNG);
		expect(media.status).toBe(200);
		const file = media.body.file as { _id: string; url: string };
		expect(file.url).toBe(`/file-upload/${file._id}/stats.png`);
		const [temporary] = await c.uploads.find({ _id: file._id }).toArray();
		expect(temporary).toMatchObject({ name: 'stats.png', type: 'image/png', size: PNG.length, rid: w.fixture.general._id, userId: w.fixture.admin._id, complete: true });
		expect(temporary?.expiresAt).toBeInstanceOf(Date);

		const confirmed = await w.admin.post<{ message: Record<string, unknown> }>(`rooms.mediaConfirm/${w.fixture.general._id}/${file._id}`, {
			msg: 'Stats',
			description: 'CPU 24h',
		});
		expect(confirmed.message).toMatchObject({
			msg: 'Stats',
			rid: w.fixture.general._id,
			file: { _id: file._id, name: 'stats.png', type: 'image/png', size: PNG.length },
			files: [{ _id: file._id, name: 'stats.png' }],
			attachments: [
				{
					title: 'stats.png',
					type: 'file',
					description: 'CPU 24h',
					title_link: file.url,
					title_link_download: true,
					image_url: file.url,
					image_type: 'image/png',
					image_size: PNG.length,
				},
			],
		});
		const [permanent] = await c.uploads.find({ _id: file._id }).toArray();
		expect(permanent?.expiresAt).toBeUndefined();
		expect(permanent?.description).toBe('CPU 24h');
		const streamed = await watch.next((m) => m._id === confirmed.message._id);
		expect(streamed.attachments?.[0]).toMatchObject({ title: 'stats.png', description: 'CPU 24h' });
		watch.close();
	});

	it('mediaConfirm refuses keys sendFileMessage does not know', async () => {
		const media = await upload(w.admin, `rooms.media/${w.fixture.general._id}`, 'a.txt', 'text/plain', Buffer.from('a'));
		const file = media.body.file as { _id: string };
		const response = await fetch(`${w.emulator.url}/api/v1/rooms.mediaConfirm/${w.fixture.general._id}/${file._id}`, {
			method: 'POST',
			headers: { 'X-User-Id': w.admin.userId, 'X-Auth-Token': w.admin.authToken, 'content-type': 'application/json' },
			body: JSON.stringify({ msg: 'x', fileName: 'renamed.txt' }),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ success: false, error: 'Match error: Unknown key in field fileName' });
	});

	it('refuses uploads to rooms the user cannot access', async () => {
		const media = await upload(w.alice, `rooms.media/${w.fixture.secret._id}`, 'x.png', 'image/png', PNG);
		expect(media).toEqual({ status: 403, body: { success: false, error: 'unauthorized' } });
	});

	it('rooms.upload posts in one step on 7.x and is gone on 8.x', async () => {
		const done = await upload(w.admin, `rooms.upload/${w.fixture.general._id}`, 'report.pdf', 'application/pdf', Buffer.from('%PDF-1.4'), {
			msg: 'report',
			description: 'weekly',
		});
		expect(done.status).toBe(200);
		expect(done.body.message).toMatchObject({ msg: 'report', attachments: [{ title: 'report.pdf', format: 'PDF', description: 'weekly' }] });

		w.emulator.setVersion('8.1.0');
		try {
			const gone = await upload(w.admin, `rooms.upload/${w.fixture.general._id}`, 'report.pdf', 'application/pdf', Buffer.from('%PDF-1.4'));
			expect(gone).toEqual({ status: 404, body: { success: false, error: 'Not found' } });
			const media = await upload(w.admin, `rooms.media/${w.fixture.general._id}`, 'still.png', 'image/png', PNG);
			expect(media.status).toBe(200);
		} finally {
			w.emulator.setVersion('7.10.2');
		}
	});

	it('serves a file to members by header, cookie or query, and 403 to anyone else', async () => {
		const media = await upload(w.admin, `rooms.media/${w.fixture.adminRoom._id}`, 'secret.png', 'image/png', PNG);
		const url = `${w.emulator.url}${(media.body.file as { url: string }).url}`;
		const byHeader = await fetch(url, { headers: { 'X-User-Id': w.alice.userId, 'X-Auth-Token': w.alice.authToken } });
		expect(byHeader.status).toBe(200);
		expect(byHeader.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await byHeader.arrayBuffer())).toEqual(PNG);
		const byCookie = await fetch(url, { headers: { cookie: `rc_uid=${w.alice.userId}; rc_token=${w.alice.authToken}` } });
		expect(byCookie.status).toBe(200);
		const byQuery = await fetch(`${url}?rc_uid=${w.alice.userId}&rc_token=${w.alice.authToken}`);
		expect(byQuery.status).toBe(200);
		expect((await fetch(url)).status).toBe(403);
		const wrongToken = await fetch(url, { headers: { 'X-User-Id': w.alice.userId, 'X-Auth-Token': 'forged' } });
		expect(wrongToken.status).toBe(403);

		const outsider = await RcUser.login(w.emulator.url, w.fixture.bot.username, w.fixture.bot.password);
		await c.subscriptions.deleteOne({ rid: w.fixture.adminRoom._id, 'u._id': w.fixture.bot._id });
		const notMember = await fetch(url, { headers: { 'X-User-Id': outsider.userId, 'X-Auth-Token': outsider.authToken } });
		expect(notMember.status).toBe(403);
		expect((await fetch(`${w.emulator.url}/file-upload/nope/x.png`, { headers: { 'X-User-Id': w.alice.userId, 'X-Auth-Token': w.alice.authToken } })).status).toBe(404);
	});
});
