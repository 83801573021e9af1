/**
 * rooms.media/:rid + rooms.mediaConfirm/:rid/:fileId (two-step upload, 6.8+), rooms.upload/:rid (one step,
 * removed in 8.0) and file download at /file-upload/:id/:name (api/server/v1/rooms.ts,
 * file-upload/server/lib/requests.ts and FileUpload.requestCanAccessFiles).
 */
import { canAccessRoomId } from '../../authz.js';
import { userByToken } from '../../accounts.js';
import type { UploadDoc, UserDoc } from '../../collections.js';
import type { EmulatorContext } from '../../context.js';
import { majorOf } from '../../context.js';
import { MeteorError } from '../../errors.js';
import { randomId } from '../../ids.js';
import { executeSendMessage, type MessageInput } from '../../messages.js';
import { readUploadForm } from '../../multipart.js';
import { getSetting } from '../../settings.js';
import { validateFileUpload } from '../../upload-rules.js';
import { fileAttachments, storeUpload } from '../../uploads.js';
import { defineRoute, forbidden, notLoggedIn, ok, type RawRequest, type Reply, type Route, unknownRoute } from '../router.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// sendFileMessage's check(msgData, Match.Maybe({...})): these keys only.
const MSG_DATA_TYPES: Record<string, 'string' | 'boolean'> = {
	avatar: 'string',
	emoji: 'string',
	alias: 'string',
	groupable: 'boolean',
	msg: 'string',
	tmid: 'string',
	customFields: 'string',
	t: 'string',
};

function checkMsgData(msgData: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(msgData)) {
		const expected = MSG_DATA_TYPES[key];
		if (!expected) throw new Error(`Match error: Unknown key in field ${key}`);
		if (typeof value !== expected) throw new Error(`Match error: Expected ${expected}, got ${typeof value} in field ${key}`);
	}
}

/** sendFileMessage: a message carrying `file`, `files` and `attachments` built from the upload. */
async function sendFileMessage(ctx: EmulatorContext, user: UserDoc, rid: string, file: UploadDoc, msgData: Record<string, unknown>) {
	checkMsgData(msgData);
	const { files, attachments } = fileAttachments(file);
	const input: MessageInput = {
		rid,
		...msgData,
		...(typeof msgData.customFields === 'string' && { customFields: JSON.parse(msgData.customFields) }),
		msg: typeof msgData.msg === 'string' ? msgData.msg : '',
		groupable: typeof msgData.groupable === 'boolean' ? msgData.groupable : false,
		file: files[0],
		files,
		attachments,
	};
	return executeSendMessage(ctx, user, input);
}

async function sizeChecked(ctx: EmulatorContext, description: unknown): Promise<void> {
	const max = await getSetting<number>(ctx.c, 'Message_MaxAllowedSize');
	if (typeof description === 'string' && description.length > max) throw new MeteorError('error-message-size-exceeded');
}

// 7.x getUploadFormData rejects an oversized file with a bare MeteorError('error-file-too-large'); the 8.x
// MultipartUploadHandler gives it a reason.
async function readForm(ctx: EmulatorContext, raw: RawRequest) {
	const tooLargeReason = majorOf(ctx.identity.version) >= 8 ? 'File size exceeds the allowed limit' : undefined;
	const form = await readUploadForm(raw.req, 'file', await getSetting<number>(ctx.c, 'FileUpload_MaxFileSize'), tooLargeReason);
	if (!form) throw new MeteorError('invalid-field');
	return form;
}

/** The store's filter (FileUpload.validateFileUpload) runs on every insert, before the bytes are kept. */
async function validated(ctx: EmulatorContext, user: UserDoc, rid: string, form: { fileBuffer: Buffer; mimetype: string }): Promise<void> {
	const room = await ctx.c.rooms.findOne({ _id: rid });
	if (!room) throw new MeteorError('invalid-file', 'File does not match filter');
	await validateFileUpload(ctx, { room, user, size: form.fileBuffer.length, type: form.mimetype });
}

const media = defineRoute({
	method: 'POST',
	path: '/api/v1/rooms.media/:rid',
	auth: 'required',
	multipart: true,
	async action(ctx, r) {
		const rid = r.params.rid ?? '';
		if (!(await canAccessRoomId(ctx.c, rid, r.user._id))) return forbidden();
		const form = await readForm(ctx, r);
		let content: unknown;
		if (form.fields.content) {
			try {
				content = JSON.parse(form.fields.content);
			} catch {
				throw new MeteorError('invalid-field-content');
			}
		}
		await validated(ctx, r.user, rid, form);
		// Temporary until confirmed: Rocket.Chat drops unconfirmed uploads after 24 hours.
		const upload = await storeUpload(ctx.c, ctx.files, {
			id: randomId(),
			name: form.filename,
			type: form.mimetype,
			bytes: form.fileBuffer,
			rid,
			userId: r.user._id,
			expiresAt: new Date(Date.now() + DAY_MS),
			content,
		});
		return ok({ file: { _id: upload._id, url: upload.path } });
	},
});

const mediaConfirm = defineRoute({
	method: 'POST',
	path: '/api/v1/rooms.mediaConfirm/:rid/:fileId',
	auth: 'required',
	async action(ctx, { user, params, body }) {
		const rid = params.rid ?? '';
		if (!(await canAccessRoomId(ctx.c, rid, user._id))) return forbidden();
		const file = await ctx.c.uploads.findOne({ _id: params.fileId ?? '' });
		if (!file) throw new MeteorError('invalid-file');
		const { description, ...msgData } = body;
		await sizeChecked(ctx, description);
		if (typeof description === 'string') {
			await ctx.c.uploads.updateOne({ _id: file._id }, { $set: { description } });
			file.description = description;
		}
		const message = await sendFileMessage(ctx, user, rid, file, msgData);
		await ctx.c.uploads.updateOne({ _id: file._id, userId: user._id }, { $unset: { expiresAt: 1 } });
		return ok({ message });
	},
});

// Rocket.Chat 8.0 removed rooms.upload (PR #36857): in 8.x mode it answers like any unknown route.
const upload = defineRoute({
	method: 'POST',
	path: '/api/v1/rooms.upload/:rid',
	auth: 'none',
	multipart: true,
	async action(ctx, r) {
		if (majorOf(ctx.identity.version) >= 8) return unknownRoute();
		const user = r.user;
		if (!user) return notLoggedIn();
		const rid = r.params.rid ?? '';
		if (!(await canAccessRoomId(ctx.c, rid, user._id))) return forbidden();
		const form = await readForm(ctx, r);
		const { description, ...fields } = form.fields;
		await validated(ctx, user, rid, form);
		const file = await storeUpload(ctx.c, ctx.files, {
			id: randomId(),
			name: form.filename,
			type: form.mimetype,
			bytes: form.fileBuffer,
			rid,
			userId: user._id,
		});
		await sizeChecked(ctx, description);
		if (description !== undefined) {
			await ctx.c.uploads.updateOne({ _id: file._id }, { $set: { description } });
			file.description = description;
		}
		const message = await sendFileMessage(ctx, user, rid, file, fields);
		return ok({ message });
	},
});

function cookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return decodeURIComponent(value.join('='));
	}
	return undefined;
}

/** requestCanAccessFiles with FileUpload_ProtectFiles: query rc_uid/rc_token, cookies, or X-User-Id/X-Auth-Token. */
async function canDownload(ctx: EmulatorContext, raw: RawRequest, file: UploadDoc): Promise<boolean> {
	if (!(await getSetting<boolean>(ctx.c, 'FileUpload_ProtectFiles'))) return true;
	const headers = raw.req.headers;
	let uid = raw.query.rc_uid;
	let token = raw.query.rc_token;
	if (!uid) {
		uid = cookie(headers.cookie, 'rc_uid');
		token = cookie(headers.cookie, 'rc_token');
	}
	uid = uid || (typeof headers['x-user-id'] === 'string' ? headers['x-user-id'] : undefined);
	token = token || (typeof headers['x-auth-token'] === 'string' ? headers['x-auth-token'] : undefined);
	const user = uid && token ? await userByToken(ctx.c, uid, token) : null;
	if (!user) return false;
	const membersOnly = await getSetting<boolean>(ctx.c, 'FileUpload_Restrict_to_room_members');
	const accessOnly = await getSetting<boolean>(ctx.c, 'FileUpload_Restrict_to_users_who_can_access_room');
	if (!membersOnly && !accessOnly) return true;
	if (membersOnly && !accessOnly) return Boolean(await ctx.c.subscriptions.findOne({ rid: file.rid, 'u._id': user._id }));
	if (accessOnly && !membersOnly) return canAccessRoomId(ctx.c, file.rid, user._id);
	return false;
}

/** GET /file-upload/:id/:name — not an API route: bare 403/404 without a body. */
export async function serveFile(ctx: EmulatorContext, raw: RawRequest): Promise<Reply> {
	const file = await ctx.c.uploads.findOne({ _id: raw.params.id ?? '' });
	if (!file) return { status: 404, raw: Buffer.alloc(0) };
	if (!(await canDownload(ctx, raw, file))) return { status: 403, raw: Buffer.alloc(0) };
	return {
		status: 200,
		raw: await ctx.files.read(file._id),
		headers: {
			'content-type': file.type || 'application/octet-stream',
			'content-disposition': `attachment; filename="${encodeURIComponent(file.name)}"`,
			'content-security-policy': "default-src 'none'",
			'cache-control': 'max-age=31536000',
		},
	};
}

export const uploadRoutes: Route[] = [media, mediaConfirm, upload];
