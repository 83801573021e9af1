/**
 * FileUpload.validateFileUpload (app/file-upload/server/lib/FileUpload.ts), the check every stored upload
 * passes: uploads enabled, uploads in direct messages, the size limit, then the media type lists
 * (app/utils/lib/restrictions.ts fileUploadIsValidContentTypeFromSettings). Reasons are the English texts of
 * packages/i18n/src/locales/en.i18n.json; sizes are written as filesize 3.x writes them (apps/meteor/package.json).
 */
import type { RoomDoc, UserDoc } from './collections.js';
import type { EmulatorContext } from './context.js';
import { MeteorError } from './errors.js';
import { getSetting } from './settings.js';

const REASONS = {
	FileUpload_Disabled: 'File uploads are disabled.',
	File_not_allowed_direct_messages: 'File sharing not allowed in direct messages.',
	File_exceeds_allowed_size_of_bytes: 'File size exceeds upload limit of {{size}}.',
	File_type_is_not_accepted: 'File type is not accepted.',
} as const;

const SYMBOLS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** filesize(bytes) with filesize 3.x defaults: base 2, two decimals, JEDEC symbols ("100 MB"). */
export function humanSize(bytes: number): string {
	if (bytes <= 0) return `0 ${SYMBOLS[0]}`;
	const exponent = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), SYMBOLS.length - 1);
	const value = Number((bytes / 1024 ** exponent).toFixed(2));
	return `${value} ${SYMBOLS[exponent]}`;
}

function list(setting: string): string[] | undefined {
	return setting ? setting.split(',').map((item) => item.trim()) : undefined;
}

function onList(type: string, items: string[]): boolean {
	if (items.includes(type)) return true;
	const wildcards = items.filter((item) => item.indexOf('/*') > 0);
	return wildcards.includes(type.replace(/(\/.*)$/, '/*'));
}

/** fileUploadIsValidContentTypeFromSettings: the blocked list wins; an empty or `*` accepted list takes all. */
export function isAcceptedMediaType(type: string, whiteList: string, blackList: string): boolean {
	const blocked = list(blackList);
	const accepted = !whiteList || whiteList === '*' ? undefined : list(whiteList);
	if (!type && blocked) return false;
	if (blocked && onList(type, blocked)) return false;
	if (!accepted) return true;
	return onList(type, accepted);
}

/** The upload being stored: its room, uploader, size in bytes and media type. */
export interface UploadCandidate {
	room: RoomDoc;
	user: UserDoc;
	size: number;
	type: string;
}

/** Throws Rocket.Chat's Meteor.Error for the first rule the upload breaks. */
export async function validateFileUpload(ctx: EmulatorContext, upload: UploadCandidate): Promise<void> {
	if (!(await getSetting<boolean>(ctx.c, 'FileUpload_Enabled'))) {
		throw new MeteorError('error-file-upload-disabled', REASONS.FileUpload_Disabled);
	}
	if (!(await getSetting<boolean>(ctx.c, 'FileUpload_Enabled_Direct')) && upload.room.t === 'd') {
		throw new MeteorError('error-direct-message-file-upload-not-allowed', REASONS.File_not_allowed_direct_messages);
	}
	// parseInt of the setting, as FileUpload.ts's settings.watch keeps it; -1 means no limit.
	const maxFileSize = Number.parseInt(String(await getSetting<unknown>(ctx.c, 'FileUpload_MaxFileSize')), 10);
	if (maxFileSize > -1 && upload.size > maxFileSize) {
		throw new MeteorError('error-file-too-large', REASONS.File_exceeds_allowed_size_of_bytes.replace('{{size}}', humanSize(maxFileSize)));
	}
	const whiteList = await getSetting<string>(ctx.c, 'FileUpload_MediaTypeWhiteList');
	const blackList = await getSetting<string>(ctx.c, 'FileUpload_MediaTypeBlackList');
	if (!isAcceptedMediaType(upload.type, whiteList ?? '', blackList ?? '')) {
		throw new MeteorError('error-invalid-file-type', REASONS.File_type_is_not_accepted);
	}
}
