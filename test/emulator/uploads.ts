/**
 * Uploaded files: the bytes on disk in a temporary folder (Rocket.Chat's FileSystem store), the metadata in
 * `rocketchat_uploads` as Rocket.Chat's UploadFS writes it, and the message attachments built from it
 * (file-upload/server/methods/sendFileMessage.ts parseFileIntoMessageAttachments).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Collections, FileProp, UploadDoc } from './collections.js';

/** Where upload bytes live while the emulator runs. */
export class FileStore {
	private constructor(readonly dir: string) {}

	static async create(): Promise<FileStore> {
		return new FileStore(await mkdtemp(join(tmpdir(), 'rc-emulator-uploads-')));
	}

	write(id: string, bytes: Buffer): Promise<void> {
		return writeFile(join(this.dir, id), bytes);
	}

	read(id: string): Promise<Buffer> {
		return readFile(join(this.dir, id));
	}

	remove(): Promise<void> {
		return rm(this.dir, { recursive: true, force: true });
	}
}

/** The public path of an upload (FileUpload.getPath). */
export function uploadPath(id: string, name: string): string {
	return `/file-upload/${id}/${encodeURI(name)}`;
}

/** What a multipart upload handed in. */
export interface IncomingFile {
	name: string;
	type: string;
	bytes: Buffer;
}

/** Stores an upload's bytes and inserts its `rocketchat_uploads` document. */
export async function storeUpload(
	c: Collections,
	files: FileStore,
	input: IncomingFile & { id: string; rid: string; userId: string; expiresAt?: Date; content?: unknown },
): Promise<UploadDoc> {
	const now = new Date();
	const path = uploadPath(input.id, input.name);
	const doc: UploadDoc = {
		_id: input.id,
		name: input.name,
		size: input.bytes.length,
		type: input.type,
		rid: input.rid,
		userId: input.userId,
		store: 'FileSystem:Uploads',
		complete: true,
		uploading: false,
		progress: 1,
		extension: extname(input.name).replace(/^\./, ''),
		etag: randomBytes(9).toString('base64url'),
		typeGroup: input.type.split('/')[0],
		path,
		url: path,
		uploadedAt: now,
		_updatedAt: now,
		...(input.expiresAt && { expiresAt: input.expiresAt }),
		...(input.content !== undefined && { content: input.content }),
	};
	await files.write(input.id, input.bytes);
	await c.uploads.insertOne(doc);
	return doc;
}

/** `files` and `attachments` of the message that shares an upload. */
export function fileAttachments(file: UploadDoc): { files: FileProp[]; attachments: Record<string, unknown>[] } {
	const url = uploadPath(file._id, file.name);
	const files: FileProp[] = [
		{ _id: file._id, name: file.name, type: file.type || 'file', size: file.size, format: '', typeGroup: file.typeGroup },
	];
	const base = {
		title: file.name,
		type: 'file',
		description: file.description,
		title_link: url,
		title_link_download: true,
	};
	let attachment: Record<string, unknown>;
	if (/^image\/.+/.test(file.type)) {
		attachment = { ...base, image_url: url, image_type: file.type, image_size: file.size, fileId: file._id };
	} else if (/^audio\/.+/.test(file.type)) {
		attachment = { ...base, audio_url: url, audio_type: file.type, audio_size: file.size, fileId: file._id };
	} else if (/^video\/.+/.test(file.type)) {
		attachment = { ...base, video_url: url, video_type: file.type, video_size: file.size, fileId: file._id };
	} else {
		attachment = { ...base, format: file.extension.toUpperCase(), size: file.size, fileId: file._id };
	}
	return { files, attachments: [attachment] };
}
