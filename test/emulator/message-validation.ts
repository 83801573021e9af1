/**
 * The checks Rocket.Chat's sendMessage runs on a message before saving it
 * (lib/server/functions/sendMessage.ts validateMessage): field types, impersonation, attachments.
 */
import { hasPermission } from './authz.js';
import type { Collections, RoomDoc, UserDoc } from './collections.js';

type Check = 'string' | 'boolean' | 'number' | 'array' | 'object' | 'url' | 'partial-url' | 'string|number' | 'field-value';

function typeName(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (value === null) return 'null';
	return typeof value;
}

/** Meteor's check() failure: "Match error: Expected string, got number in field msg". */
function matchError(expected: string, value: unknown, field: string): Error {
	return new Error(`Match error: Expected ${expected}, got ${typeName(value)} in field ${field}`);
}

function isUrl(value: string): boolean {
	return /^(https?:\/\/|data:)/i.test(value);
}

function isRelativeUrl(value: string): boolean {
	return /^\/[^/]/.test(value) || value === '/';
}

function checkValue(value: unknown, check: Check, field: string): void {
	switch (check) {
		case 'string':
		case 'boolean':
		case 'number':
			if (typeof value !== check) throw matchError(check, value, field);
			return;
		case 'array':
			if (!Array.isArray(value)) throw matchError('array', value, field);
			return;
		case 'object':
			if (!value || typeof value !== 'object' || Array.isArray(value)) throw matchError('object', value, field);
			return;
		case 'string|number':
			if (typeof value !== 'string' && typeof value !== 'number') throw matchError('string or number', value, field);
			return;
		case 'field-value':
			if (!['string', 'number', 'boolean'].includes(typeof value)) throw matchError('string, number or boolean', value, field);
			return;
		case 'url':
		case 'partial-url': {
			if (typeof value !== 'string') throw matchError('string', value, field);
			const allowed = isUrl(value) || value.startsWith('/file-upload/') || (check === 'partial-url' && isRelativeUrl(value));
			if (!allowed || /^javascript:/i.test(value)) throw new Error('Invalid href value provided');
			return;
		}
	}
}

/** objectMaybeIncluding: checks only the listed keys that are present and not null. */
function checkFields(object: Record<string, unknown>, spec: Record<string, Check>): void {
	for (const [field, check] of Object.entries(spec)) {
		const value = object[field];
		if (value != null) checkValue(value, check, field);
	}
}

const MESSAGE_FIELDS: Record<string, Check> = {
	_id: 'string',
	msg: 'string',
	text: 'string',
	alias: 'string',
	emoji: 'string',
	tmid: 'string',
	tshow: 'boolean',
	avatar: 'partial-url',
	attachments: 'array',
	blocks: 'array',
};

const ATTACHMENT_FIELDS: Record<string, Check> = {
	color: 'string',
	text: 'string',
	ts: 'string|number',
	thumb_url: 'url',
	button_alignment: 'string',
	actions: 'array',
	message_link: 'url',
	collapsed: 'boolean',
	author_name: 'string',
	author_link: 'url',
	author_icon: 'url',
	title: 'string',
	title_link: 'url',
	title_link_download: 'boolean',
	image_dimensions: 'object',
	image_url: 'url',
	image_preview: 'string',
	image_type: 'string',
	image_size: 'number',
	audio_url: 'url',
	audio_type: 'string',
	audio_size: 'number',
	video_url: 'url',
	video_type: 'string',
	video_size: 'number',
	fields: 'array',
};

const FIELD_FIELDS: Record<string, Check> = { short: 'boolean', title: 'string', value: 'field-value' };

const ACTION_FIELDS: Record<string, Check> = {
	type: 'string',
	text: 'string',
	url: 'url',
	image_url: 'url',
	is_webview: 'boolean',
	webview_height_ratio: 'string',
	msg: 'string',
	msg_in_chat_window: 'boolean',
};

function asRecord(value: unknown, field: string): Record<string, unknown> {
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw matchError('object', value, field);
	return value as Record<string, unknown>;
}

function validateAttachment(raw: unknown): void {
	const attachment = asRecord(raw, 'attachments');
	checkFields(attachment, ATTACHMENT_FIELDS);
	const fields = attachment.fields as unknown[] | undefined;
	for (const rawField of fields ?? []) {
		const field = asRecord(rawField, 'fields');
		checkFields(field, FIELD_FIELDS);
		// Rocket.Chat rejects falsy titles and values: 0, '' and false included.
		if (!field.value || !field.title) throw new Error('Invalid attachment field, title and value is required');
	}
	const actions = attachment.actions as unknown[] | undefined;
	for (const action of actions ?? []) checkFields(asRecord(action, 'actions'), ACTION_FIELDS);
}

/** validateMessage(message, room, user) */
export async function validateMessage(c: Collections, message: Record<string, unknown>, room: RoomDoc, user: UserDoc): Promise<void> {
	checkFields(message, MESSAGE_FIELDS);
	if ((message.alias || message.avatar) && !(await hasPermission(c, user._id, 'message-impersonate', room._id))) {
		throw new Error('Not enough permission');
	}
	const attachments = message.attachments as unknown[] | undefined;
	for (const attachment of attachments ?? []) validateAttachment(attachment);
}
